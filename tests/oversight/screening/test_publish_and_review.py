"""A listing claiming 全国第一 waits for review (web and API): buyers cannot find or buy it, the seller is told why,
and a reviewer clears or rejects it."""
from sqlalchemy import select

from marketplace.accounts.services import create_staff_token
from marketplace.audit.models import AuditRecord
from marketplace.catalog import services as catalog
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.oversight.screening import hooks, services
from marketplace.search.documents import listing_document
from tests.builders import owner_of
from tests.catalog.conftest import REBAR, REBAR_TIERS, bearer
from tests.catalog.test_api import rebar_body

BOASTING = {**REBAR, "title_zh": "全国第一 HRB400E 螺纹钢 Φ20"}


def staff_headers(user, scopes=("oversight:read", "oversight:write")):
    return bearer(create_staff_token(user, "console", list(scopes))[1])


def publish(supplier, **fields):
    listing = catalog.create_listing(supplier.trader, supplier.enterprise, "product", "steel.rebar",
                                     price_tiers=REBAR_TIERS, **(BOASTING | fields))
    return catalog.move_listing(supplier.trader, listing, "published")


def search_visible(listing):
    return listing_document(listing, [listing.category])[2]["visible"]


def test_a_boasting_listing_waits_for_review_hidden_from_buyers_and_the_seller_is_told(supplier):
    listing = publish(supplier)

    assert listing.status == "pending_review"
    assert not catalog.is_public(listing) and not search_visible(listing)
    row = hooks.screening_of("catalog", listing.public_id)
    assert row.status == "flagged" and [one["matched"] for one in row.findings] == ["全国第一"]
    told = db.session.scalars(select(Notification).where(Notification.enterprise_id == supplier.enterprise.id)).all()
    assert [note.topic for note in told] == ["oversight.listing_waits_for_review"]
    assert "全国第一" in told[0].details[0]["zh"]


def test_a_plain_listing_is_published_at_once(supplier):
    listing = publish(supplier, title_zh="HRB400E 螺纹钢 Φ20 12米")

    assert listing.status == "published" and catalog.is_public(listing)
    assert hooks.screening_of("catalog", listing.public_id).status == "passed"


def test_a_buyer_cannot_open_a_waiting_listing(world, client, supplier):
    listing = publish(supplier)
    world.login(client, world.person())

    assert client.get(f"/listings/{listing.public_id}").status_code == 404


def test_the_seller_sees_why_on_its_page_and_strangers_do_not(world, client, supplier):
    listing = publish(supplier)
    row = hooks.screening_of("catalog", listing.public_id)
    world.login(client, supplier.trader)

    page = client.get(f"/enterprises/{supplier.enterprise.public_id}/listings/{listing.public_id}")
    notice = client.get(f"/oversight/screening/notices/{row.public_id}")

    assert 'id="screening-notice"' in page.get_data(as_text=True)
    assert notice.status_code == 200 and "全国第一" in notice.get_data(as_text=True)
    client.post("/auth/logout")
    world.login(client, world.person(email="stranger@example.com"))
    assert client.get(f"/oversight/screening/notices/{row.public_id}").status_code == 404


def test_a_regulator_clears_it_on_the_web_and_it_goes_on_sale(world, client, supplier):
    listing = publish(supplier)
    row = hooks.screening_of("catalog", listing.public_id)
    regulator = world.regulator()
    world.login(client, regulator)

    queue = client.get("/oversight/screening").get_data(as_text=True)
    cleared = client.post(f"/oversight/screening/reviews/{row.public_id}/clear", data={"note": ""})

    assert BOASTING["title_zh"] in queue
    assert cleared.status_code == 303
    db.session.expire_all()
    assert catalog.listing_of(supplier.enterprise, listing.public_id).status == "published"
    assert hooks.screening_of("catalog", listing.public_id).status == "cleared"
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "oversight.listing_reviewed"))


def test_a_rejection_needs_a_note_and_without_one_changes_nothing(world, client, supplier):
    listing = publish(supplier)
    row = hooks.screening_of("catalog", listing.public_id)
    world.login(client, world.operator())

    refused = client.post(f"/oversight/screening/reviews/{row.public_id}/reject", data={"note": ""})

    assert refused.status_code == 422 and "A rejection needs a note." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert hooks.screening_of("catalog", listing.public_id).status == "flagged"
    rejected = client.post(f"/oversight/screening/reviews/{row.public_id}/reject", data={"note": "虚假宣传，请修改标题"})
    assert rejected.status_code == 303
    db.session.expire_all()
    assert catalog.listing_of(supplier.enterprise, listing.public_id).status == "paused"


def test_a_cleared_listing_republished_with_the_same_words_stays_cleared(world, supplier):
    listing = publish(supplier)
    row = hooks.screening_of("catalog", listing.public_id)

    services.review(world.regulator(), row.public_id, cleared=True)
    catalog.move_listing(supplier.trader, listing, "paused")
    again = catalog.move_listing(supplier.trader, listing, "published")

    assert again.status == "published"


def test_through_the_api_the_seller_sees_pending_review_and_a_staff_token_clears_it(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, ["catalog:read", "catalog:write"])
    created = client.post("/api/v1/listings", json=rebar_body(title_zh="全国第一 螺纹钢"), headers=bearer(token))

    published = client.post(f"/api/v1/listings/{created.json['id']}/publish", headers=bearer(token))

    assert published.json["status"] == "pending_review"
    told = client.get(f"/api/v1/oversight/screening/notices/catalog/{created.json['id']}", headers=bearer(token))
    assert told.json["status"] == "flagged" and told.json["findings"][0]["matched"] == "全国第一"
    staff = staff_headers(world.operator())
    queue = client.get("/api/v1/oversight/screening/reviews", headers=staff).json
    assert [one["listing"] for one in queue] == [created.json["id"]]
    assert queue[0]["findings"][0]["matched"] == "全国第一"
    refused = client.post(f"/api/v1/oversight/screening/reviews/{queue[0]['id']}", json={"decision": "reject"},
                          headers=staff)
    assert refused.status_code == 422 and "note" in refused.json["errors"]
    cleared = client.post(f"/api/v1/oversight/screening/reviews/{queue[0]['id']}", json={"decision": "clear"},
                          headers=staff)
    assert cleared.status_code == 200 and cleared.json["status"] == "cleared"
    assert client.get(f"/api/v1/listings/{created.json['id']}", headers=bearer(token)).json["status"] == "published"


def test_an_enterprise_token_cannot_reach_the_review_queue(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, ["catalog:read"])

    assert client.get("/api/v1/oversight/screening/reviews", headers=bearer(token)).status_code == 403


def test_another_enterprise_cannot_read_a_sellers_notice(world, client, supplier):
    listing = publish(supplier)
    stranger = world.enterprise()
    token = world.token(owner_of(stranger), stranger, ["catalog:read"])

    assert client.get(f"/api/v1/oversight/screening/notices/catalog/{listing.public_id}",
                      headers=bearer(token)).status_code == 404


def test_every_console_page_opens_in_chinese(world, client, supplier):
    listing = publish(supplier)
    row = hooks.screening_of("catalog", listing.public_id)
    world.login(client, world.operator())
    chinese = {"Accept-Language": "zh-CN"}

    pages = ["/oversight/screening", f"/oversight/screening/reviews/{row.public_id}", "/oversight/screening/terms",
             f"/oversight/screening/listings/catalog/{listing.public_id}", "/oversight/floors",
             "/oversight/floors/steel/profile"]

    assert {path: client.get(path, headers=chinese).status_code for path in pages} == dict.fromkeys(pages, 200)
    assert "全国第一" in client.get(f"/oversight/screening/reviews/{row.public_id}", headers=chinese).get_data(
        as_text=True)
