"""Settlement through the API: pay, ship, deliver in part, accept, cancel; declines, wrong amounts, retries."""

from sqlalchemy import func, select

from marketplace.escrow import services as escrow
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.idempotency import RESERVATION_EXPIRES, IdempotencyKey
from marketplace.ledger import services as ledger
from marketplace.payments import services as payments
from marketplace.payments.gateway import Gateway
from marketplace.payments.models import Payment
from tests.builders import owner_of
from tests.settlement.fixtures import DECLINED_ON_CHARGE, VISA, pay_in_full, saved_card

SCOPES = ("settlement:read", "settlement:write")


def token(world, enterprise):
    return {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, SCOPES)}"}


def card_of(client, headers, number=VISA):
    made = client.post("/api/v1/cards", headers=headers,
                       json={"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"})
    assert made.status_code == 201, made.json
    return made.json["id"]


def pay(client, headers, deal_id, amount, card, **extra):
    return client.post(f"/api/v1/settlements/{deal_id}/payments", headers={**headers, **extra},
                       json={"amount_minor": amount, "card": card})


def captured_payments():
    return db.session.scalar(select(func.count()).select_from(Payment).where(Payment.status == "captured"))


def test_paid_shipped_delivered_in_part_and_accepted_the_seller_is_owed_the_share(
        world, client, steel_deal, buyer, seller):
    as_buyer, as_seller = token(world, buyer), token(world, seller)
    card = card_of(client, as_buyer)
    url = f"/api/v1/settlements/{steel_deal.public_id}"

    awaiting = client.get(url, headers=as_buyer).json
    for _ in ("deposit", "balance"):
        due = client.get(url, headers=as_buyer).json["due_now"]
        paid = pay(client, as_buyer, steel_deal.public_id, due["amount_minor"], card)
        assert paid.status_code == 201 and paid.json["status"] == "captured"
        assert paid.json["card"] == {"brand": "visa", "last4": "4242"}
    seen_by_seller = client.get(url, headers=as_seller).json
    shipped = client.post(f"{url}/shipment", headers=as_seller)
    delivery = client.post(f"{url}/deliveries", headers=as_buyer, json={"quantity": "40"})
    accepted = client.post(f"{url}/deliveries/{delivery.json['id']}/acceptance", headers=as_buyer)
    after = client.get(url, headers=as_seller).json

    assert awaiting["due_now"] == {"part": "deposit", "amount_minor": awaiting["parts"][0]["amount_minor"]}
    assert (seen_by_seller["status"], seen_by_seller["status_text"]) == ("paid", "Paid, in escrow")
    assert seen_by_seller["held_minor"] == seen_by_seller["due_minor"] and seen_by_seller["due_now"] is None
    assert shipped.status_code == 200 and shipped.json["status"] == "shipped"
    assert delivery.status_code == 201 and delivery.json["quantity"] == "40" and delivery.json["released_at"] is None
    assert accepted.status_code == 200 and accepted.json["released_at"] is not None
    share = after["due_minor"] * 40 // 100
    assert after["status"] == "delivered" and after["released_minor"] == share
    assert ledger.balances_of(seller)[("payable", "CNY")] == share - after["fee_taken_minor"]
    assert [p["part"] for p in after["payments"]] == ["deposit", "balance"] and len(after["deliveries"]) == 1
    assert ledger.verify() == []


def test_a_payment_retried_with_its_idempotency_key_is_answered_again_and_paid_once(
        world, client, steel_deal, buyer):
    headers = token(world, buyer)
    card = saved_card(buyer).public_id
    deposit = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))[1]

    first = pay(client, headers, steel_deal.public_id, deposit, card, **{"Idempotency-Key": "erp-pay-1"})
    retry = pay(client, headers, steel_deal.public_id, deposit, card, **{"Idempotency-Key": "erp-pay-1"})

    assert first.status_code == retry.status_code == 201
    assert retry.json["id"] == first.json["id"] and retry.headers["Idempotent-Replayed"] == "true"
    assert captured_payments() == 1
    assert ledger.balances_of(buyer)[("in_escrow", "CNY")] == deposit


def test_a_retry_while_the_payment_runs_is_409_and_after_a_crash_it_cannot_pay_twice(world, client, steel_deal,
                                                                                    buyer):
    headers = {**token(world, buyer), "Idempotency-Key": "erp-pay-3"}
    card = saved_card(buyer).public_id
    deposit = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))[1]
    pay(client, headers, steel_deal.public_id, deposit, card)
    key = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "erp-pay-3"))
    with transaction():
        key.status_code = key.body = None  # as if the first request were still running

    running = pay(client, headers, steel_deal.public_id, deposit, card)
    with transaction():
        key.created_at -= RESERVATION_EXPIRES * 2  # ... or its process died long ago
    taken_over = pay(client, headers, steel_deal.public_id, deposit, card)

    assert running.status_code == 409 and "still being handled" in running.json["detail"]
    assert taken_over.status_code == 422 and "amount_minor" in taken_over.json["errors"]
    assert captured_payments() == 1


def test_a_declined_card_is_402_keeps_the_attempt_and_moves_no_money(world, client, steel_deal, buyer):
    headers = token(world, buyer)
    card = saved_card(buyer, DECLINED_ON_CHARGE).public_id
    deposit = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))[1]

    declined = pay(client, headers, steel_deal.public_id, deposit, card, **{"Idempotency-Key": "erp-pay-2"})

    assert declined.status_code == 402 and declined.content_type == "application/problem+json"
    assert "declined" in declined.json["detail"]
    assert db.session.scalars(select(Payment.status)).all() == ["declined"]
    assert ledger.balances_of(buyer) == {}


def test_a_wrong_amount_or_someone_elses_deal_is_refused_and_moves_no_money(world, client, steel_deal, buyer, seller):
    deposit = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))[1]
    outsider = world.enterprise(kinds=("buyer",))

    wrong = pay(client, token(world, buyer), steel_deal.public_id, deposit + 1, saved_card(buyer).public_id)
    strangers = pay(client, token(world, outsider), steel_deal.public_id, deposit, saved_card(outsider).public_id)
    sellers = pay(client, token(world, seller), steel_deal.public_id, deposit, saved_card(seller).public_id)

    assert wrong.status_code == 422 and "amount_minor" in wrong.json["errors"]
    assert strangers.status_code == 404 and sellers.status_code == 403
    assert client.get(f"/api/v1/settlements/{steel_deal.public_id}", headers=token(world, outsider)).status_code == 404
    assert ledger.balances_of(buyer) == {} and captured_payments() == 0


def test_an_unreachable_gateway_is_503_with_retry_after_and_nothing_moves(
        app, world, client, steel_deal, buyer, dead_gateway_base, local_gateway):
    card = saved_card(buyer).public_id
    deposit = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))[1]
    app.extensions["payment_gateway"] = Gateway(local_gateway.api_key, dead_gateway_base, timeout=2)

    down = pay(client, token(world, buyer), steel_deal.public_id, deposit, card)

    assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
    assert "cannot be reached" in down.json["detail"]
    assert ledger.balances_of(buyer) == {} and captured_payments() == 0


def test_cancelled_before_shipment_the_payment_is_refunded(world, client, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    url = f"/api/v1/settlements/{steel_deal.public_id}/cancellation"

    unexplained = client.post(url, headers=token(world, seller), json={})
    cancelled = client.post(url, headers={**token(world, seller), "Idempotency-Key": "erp-cancel-1"},
                            json={"reason": "No stock after all"})

    assert unexplained.status_code == 422 and "reason" in unexplained.json["errors"]
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    assert {r["status"] for r in cancelled.json["refunds"]} == {"succeeded"}
    assert cancelled.json["refunded_minor"] == cancelled.json["captured_minor"] and cancelled.json["held_minor"] == 0
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0 and ledger.verify() == []


def test_settlements_are_listed_by_side_and_status(world, client, steel_deal, buyer, seller, rebar):
    from tests.settlement.fixtures import order_awaiting_payment

    order = order_awaiting_payment(buyer, seller, rebar)
    pay_in_full(buyer, order.public_id)
    headers = token(world, buyer)

    everything = client.get("/api/v1/settlements", headers=headers).json["items"]
    paid = client.get("/api/v1/settlements?status=paid", headers=headers).json["items"]
    selling = client.get("/api/v1/settlements?side=selling", headers=headers).json["items"]

    assert [s["payable"] for s in everything] == [{"type": "order", "id": order.public_id},
                                                  {"type": "contract", "id": steel_deal.public_id}]
    assert [s["payable"]["id"] for s in paid] == [order.public_id] and paid[0]["held_minor"] == paid[0]["due_minor"]
    assert selling == []


def test_cards_are_saved_from_a_number_or_the_gateways_payment_method(app, world, client, buyer):
    headers = token(world, buyer)
    payment_method = payments.gateway().create_payment_method_from_card(VISA, 12, 2030, "123")

    incomplete = client.post("/api/v1/cards", headers=headers, json={"number": VISA})
    by_number = card_of(client, headers)
    by_method = client.post("/api/v1/cards", headers=headers, json={"payment_method": payment_method})
    listed = client.get("/api/v1/cards", headers=headers).json["items"]

    assert incomplete.status_code == 422 and set(incomplete.json["errors"]) == {"exp_month", "exp_year", "cvc"}
    assert by_method.status_code == 201
    assert [card["id"] for card in listed] == [by_number, by_method.json["id"]]
    assert (listed[0]["last4"], listed[0]["exp_year"]) == ("4242", 2030)
