"""Following counterparties and registering webhook endpoints on the enterprise's pages."""
from sqlalchemy import func, select

from credit.watchlists import services
from credit.watchlists.models import Watch, WebhookEndpoint
from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from tests.builders import credit_code, owner_of
from tests.credit.watchlists.conftest import announce_grade_change


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_trader_follows_a_counterparty_by_code_and_sees_its_grade(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    trader = world.member(mine, "trader")
    world.login(client, trader)

    response = client.post(f"/enterprises/{mine.public_id}/credit/watchlist", data={"credit_code": theirs.credit_code})

    assert response.status_code == 302
    page = client.get(f"/enterprises/{mine.public_id}/credit/watchlist").get_data(as_text=True)
    assert theirs.name_en in page and theirs.credit_code in page
    assert "BBB" in page  # the neutral starting grade of an enterprise not scored yet
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.target == theirs.public_id)
                             .order_by(AuditRecord.sequence.desc()).limit(1)) == "credit.watch_added"


def test_an_unknown_or_own_code_is_refused_at_the_field_and_changes_nothing(world, client):
    mine = world.enterprise()
    world.login(client, owner_of(mine))
    url = f"/enterprises/{mine.public_id}/credit/watchlist"

    unknown = client.post(url, data={"credit_code": credit_code(999_999)})
    malformed = client.post(url, data={"credit_code": "91120116MA0000000X"})
    own = client.post(url, data={"credit_code": mine.credit_code})

    assert unknown.status_code == 422
    assert "No verified enterprise on the platform has this unified social credit code." in unknown.get_data(
        as_text=True)
    assert malformed.status_code == 422 and 'id="credit_code-error"' in malformed.get_data(as_text=True)
    assert own.status_code == 422 and "cannot follow its own credit" in own.get_data(as_text=True)
    assert _count(Watch) == 0


def test_following_from_the_profile_comes_back_to_it_and_unfollowing_works(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    world.login(client, owner_of(mine))
    profile = f"/enterprises/{theirs.public_id}"
    assert f"Follow as {mine.name_en}" in client.get(profile).get_data(as_text=True)

    response = client.post(f"/enterprises/{mine.public_id}/credit/watchlist",
                           data={"credit_code": theirs.credit_code, "next": profile})
    assert response.headers["Location"].endswith(profile)
    assert f"{mine.name_en} follows it." in client.get(profile).get_data(as_text=True)

    client.post(f"/enterprises/{mine.public_id}/credit/watchlist/{theirs.credit_code}/remove")
    assert _count(Watch) == 0


def test_a_viewer_reads_the_watchlist_but_cannot_follow(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    viewer = world.member(mine, "viewer")
    world.login(client, viewer)

    page = client.get(f"/enterprises/{mine.public_id}/credit/watchlist").get_data(as_text=True)
    refused = client.post(f"/enterprises/{mine.public_id}/credit/watchlist", data={"credit_code": theirs.credit_code})

    assert 'id="follow-title"' not in page
    assert refused.status_code == 403 and _count(Watch) == 0


def test_an_owner_registers_an_endpoint_and_sees_its_secret_once(world, client):
    mine = world.enterprise()
    world.login(client, owner_of(mine))
    url = f"/enterprises/{mine.public_id}/credit/webhooks"

    answer = client.post(url, data={"url": "https://erp.example.cn/credit-news"})

    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    assert endpoint.secret in answer.get_data(as_text=True)
    later = client.get(url).get_data(as_text=True)
    assert "https://erp.example.cn/credit-news" in later and endpoint.secret not in later

    client.post(f"{url}/{endpoint.public_id}/retire")
    db.session.expire_all()
    assert db.session.get(WebhookEndpoint, endpoint.id).retired_at is not None


def test_an_address_that_is_not_http_is_refused(world, client):
    mine = world.enterprise()
    world.login(client, owner_of(mine))

    answer = client.post(f"/enterprises/{mine.public_id}/credit/webhooks", data={"url": "ftp://erp.example.cn/news"})

    assert answer.status_code == 422 and 'id="url-error"' in answer.get_data(as_text=True)
    assert _count(WebhookEndpoint) == 0


def test_the_watchlist_shows_each_counterparty_last_grade_change(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    services.follow(owner_of(mine), mine, theirs.credit_code)
    announce_grade_change(theirs, "AA", "BB")
    world.login(client, owner_of(mine))

    page = client.get(f"/enterprises/{mine.public_id}/credit/watchlist").get_data(as_text=True)

    assert "AA → BB" in page
