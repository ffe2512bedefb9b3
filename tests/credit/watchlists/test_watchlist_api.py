"""The watchlist and webhook endpoints through the API, with field errors for bad input."""
from sqlalchemy import func, select

from credit.watchlists import delivery, reactions
from credit.watchlists.models import Watch, WebhookEndpoint
from marketplace.extensions import db
from tests.builders import credit_code, owner_of
from tests.credit.watchlists.conftest import announce_grade_change

WRITE = ("credit:read", "credit:write")


def _bearer(world, enterprise, user=None, scopes=WRITE):
    return {"Authorization": f"Bearer {world.token(user or owner_of(enterprise), enterprise, scopes)}"}


def test_follow_list_and_unfollow(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    headers = _bearer(world, mine)

    followed = client.post("/api/v1/credit/watchlist", json={"credit_code": theirs.credit_code}, headers=headers)
    again = client.post("/api/v1/credit/watchlist", json={"credit_code": theirs.credit_code}, headers=headers)
    listed = client.get("/api/v1/credit/watchlist", headers=headers).get_json()

    assert followed.status_code == 201 and again.status_code == 201
    assert followed.get_json()["enterprise"] == theirs.public_id and followed.get_json()["grade"] == "BBB"
    assert [line["credit_code"] for line in listed] == [theirs.credit_code]
    assert listed[0]["last_change"] is None
    assert client.delete(f"/api/v1/credit/watchlist/{theirs.credit_code}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/credit/watchlist/{theirs.credit_code}", headers=headers).status_code == 404
    assert client.get("/api/v1/credit/watchlist", headers=headers).get_json() == []


def test_unknown_code_and_oneself_are_field_errors(world, client):
    mine = world.enterprise()
    headers = _bearer(world, mine)

    unknown = client.post("/api/v1/credit/watchlist", json={"credit_code": credit_code(888_888)}, headers=headers)
    own = client.post("/api/v1/credit/watchlist", json={"credit_code": mine.credit_code}, headers=headers)
    missing = client.post("/api/v1/credit/watchlist", json={}, headers=headers)

    for answer in (unknown, own, missing):
        assert answer.status_code == 422 and answer.content_type == "application/problem+json"
        assert "credit_code" in answer.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(Watch)) == 0


def test_a_read_only_token_lists_but_cannot_follow(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    viewer = world.member(mine, "viewer")
    headers = _bearer(world, mine, viewer, scopes=("credit:read",))

    assert client.get("/api/v1/credit/watchlist", headers=headers).status_code == 200
    assert client.post("/api/v1/credit/watchlist", json={"credit_code": theirs.credit_code},
                       headers=headers).status_code == 403


def test_register_an_endpoint_by_api_and_receive_signed_news(world, client, receiver):
    mine, theirs = world.enterprise(), world.enterprise()
    headers = _bearer(world, mine)
    client.post("/api/v1/credit/watchlist", json={"credit_code": theirs.credit_code}, headers=headers)

    created = client.post("/api/v1/credit/webhooks", json={"url": receiver.url}, headers=headers)
    receiver.secret = created.get_json()["secret"]
    announce_grade_change(theirs)
    reactions.react()
    delivery.deliver_due()

    assert created.status_code == 201 and receiver.secret.startswith("whsec_")
    [listed] = client.get("/api/v1/credit/webhooks", headers=headers).get_json()
    assert listed["url"] == receiver.url and "secret" not in listed
    [request] = receiver.received
    assert request.verified
    [sent] = client.get("/api/v1/credit/webhooks/deliveries", headers=headers).get_json()
    assert (sent["status"], sent["id"]) == ("delivered", request.headers["Idempotency-Key"])


def test_retire_an_endpoint_by_api(world, client):
    mine = world.enterprise()
    headers = _bearer(world, mine)
    endpoint = client.post("/api/v1/credit/webhooks", json={"url": "https://erp.example.cn/news"},
                           headers=headers).get_json()

    assert client.delete(f"/api/v1/credit/webhooks/{endpoint['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/credit/webhooks", headers=headers).get_json()[0]["retired_at"] is not None
    assert client.delete("/api/v1/credit/webhooks/cwh_unknown", headers=headers).status_code == 404


def test_a_bad_address_is_a_field_error(world, client):
    mine = world.enterprise()
    headers = _bearer(world, mine)

    for url in ("javascript:alert(1)", "erp.example.cn/news", "https://"):
        answer = client.post("/api/v1/credit/webhooks", json={"url": url}, headers=headers)
        assert answer.status_code == 422 and "url" in answer.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0
