"""Through the API: an ERP reads availability, books with an Idempotency-Key, the provider's ERP answers."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.bookings.models import BookedSlot, Booking
from marketplace.extensions import db
from tests.bookings.conftest import at
from tests.builders import owner_of
from tests.concurrency import all_at_once

SCOPES = ["catalog:read", "bookings:read", "bookings:write"]


def bearer(token):
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def tokens(world, provider, buyer, second_buyer):
    return {name: world.token(party.owner, party.enterprise, SCOPES)
            for name, party in (("provider", provider), ("buyer", buyer), ("second_buyer", second_buyer))}


def test_availability_booking_and_answers(client, microscope, tokens, day):
    free = client.get(f"/api/v1/resources/{microscope.public_id}/availability",
                      query_string={"from": day.isoformat(), "to": (day + timedelta(days=6)).isoformat()},
                      headers=bearer(tokens["buyer"]))
    assert free.status_code == 200
    assert free.json["slot_minutes"] == 60 and free.json["time_zone"] == "Asia/Shanghai"
    first = free.json["days"][0]
    assert first["closed"] is None and len(first["slots"]) == 8
    assert {slot["state"] for slot in first["slots"]} == {"free"}

    body = {"listing": microscope.public_id, "starts_at": f"{day.isoformat()}T10:00:00+08:00", "slots": 2,
            "note": "XRD of three powders"}
    headers = bearer(tokens["buyer"]) | {"Idempotency-Key": "erp-booking-1"}
    booked = client.post("/api/v1/bookings", json=body, headers=headers)
    retried = client.post("/api/v1/bookings", json=body, headers=headers)
    assert booked.status_code == 201, booked.json
    assert retried.json == booked.json and retried.headers["Idempotent-Replayed"] == "true"
    assert booked.json["status"] == "requested" and booked.json["slots"] == 2
    assert count(Booking) == 1

    second = client.post("/api/v1/bookings", json=body | {"slots": 1}, headers=bearer(tokens["second_buyer"]))
    assert second.status_code == 409
    assert second.headers["Content-Type"] == "application/problem+json"
    assert "already taken" in second.json["errors"]["starts_at"][0]

    booking_id = booked.json["id"]
    by_buyer = client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=bearer(tokens["buyer"]))
    assert by_buyer.status_code == 404
    confirmed = client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=bearer(tokens["provider"]))
    assert confirmed.status_code == 200 and confirmed.json["status"] == "confirmed"
    listed = client.get("/api/v1/bookings", headers=bearer(tokens["provider"]))
    assert [b["id"] for b in listed.json["items"]] == [booking_id]
    cancelled = client.post(f"/api/v1/bookings/{booking_id}/cancel", json={"reason": "Instrument fault"},
                            headers=bearer(tokens["provider"]))
    assert cancelled.json["status"] == "cancelled" and cancelled.json["decision_reason"] == "Instrument fault"
    assert client.get(f"/api/v1/bookings/{booking_id}", headers=bearer(tokens["buyer"])).json["status"] == "cancelled"


@pytest.mark.parametrize(("change", "field"), [
    ({"starts_at": "2020-01-06T10:00:00+08:00"}, "starts_at"),
    ({"listing": "lst_nosuchlisting000000"}, "listing"),
    ({"slots": 0}, "slots"),
    ({"starts_at": "tomorrow at ten"}, "starts_at"),
])
def test_bad_requests_get_problem_details_and_change_nothing(client, microscope, tokens, day, change, field):
    body = {"listing": microscope.public_id, "starts_at": at(day, 10).isoformat()} | change
    answer = client.post("/api/v1/bookings", json=body, headers=bearer(tokens["buyer"]))
    assert answer.status_code == 422
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert field in answer.json["errors"]
    assert count(Booking) == 0


def test_an_availability_period_is_bounded(client, microscope, tokens, day):
    answer = client.get(f"/api/v1/resources/{microscope.public_id}/availability",
                        query_string={"from": day.isoformat(), "to": (day + timedelta(days=60)).isoformat()},
                        headers=bearer(tokens["buyer"]))
    assert answer.status_code == 422 and "to" in answer.json["errors"]


@pytest.mark.postgres_only
def test_parallel_clients_booking_one_slot_one_wins(app, world, microscope, day):
    buyers = [world.enterprise(kinds=("buyer",)) for _ in range(6)]
    tokens = [world.token(owner_of(enterprise), enterprise, SCOPES) for enterprise in buyers]
    body = {"listing": microscope.public_id, "starts_at": at(day, 14).isoformat()}

    def attempt(number):
        return app.test_client().post("/api/v1/bookings", json=body, headers=bearer(tokens[number])).status_code

    statuses = all_at_once(app, len(tokens), attempt)

    assert sorted(statuses) == [201] + [409] * (len(tokens) - 1)
    assert count(Booking) == 1 and count(BookedSlot) == 1

