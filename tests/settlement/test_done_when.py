"""Issue 5's "Done when", walked through the API as buyer and seller, the operator's web page and the CLI."""
from datetime import timedelta

from sqlalchemy import select

from marketplace.documents.jobs import catch_up
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.payments.jobs import SettlementJobs
from marketplace.payments.models import Payment
from tests.builders import owner_of
from tests.ledger.settling import deliver, intent_event
from tests.settlement.fixtures import DECLINED_ON_CHARGE, steel_contract

SCOPES = ("settlement:read", "settlement:write")


def test_pay_deliver_release_dispute_split_cancel_refund_and_the_books_agree(app, world, client, runner, buyer,
                                                                             seller):
    as_buyer = {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, SCOPES)}"}
    as_seller = {"Authorization": f"Bearer {world.token(owner_of(seller), seller, SCOPES)}"}
    first, second, third = (steel_contract(buyer, seller) for _ in range(3))
    card = client.post("/api/v1/cards", headers=as_buyer,
                       json={"number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}).json

    def settlement(deal, headers=as_buyer):
        return client.get(f"/api/v1/settlements/{deal.public_id}", headers=headers).json

    def pay_all(deal):
        while (due := settlement(deal)["due_now"]) is not None:
            paid = client.post(f"/api/v1/settlements/{deal.public_id}/payments", headers=as_buyer,
                               json={"amount_minor": due["amount_minor"], "card": card["id"]})
            assert paid.status_code == 201, paid.json
        return paid.json

    # The bad ones first: each is told why, and no money moves.
    declined_card = client.post("/api/v1/cards", headers=as_buyer, json={
        "number": DECLINED_ON_CHARGE, "exp_month": 12, "exp_year": 2030, "cvc": "123"}).json
    due = settlement(first)["due_now"]["amount_minor"]
    declined = client.post(f"/api/v1/settlements/{first.public_id}/payments", headers=as_buyer,
                           json={"amount_minor": due, "card": declined_card["id"]})
    wrong_amount = client.post(f"/api/v1/settlements/{first.public_id}/payments", headers=as_buyer,
                               json={"amount_minor": due - 1, "card": card["id"]})
    outsider = world.enterprise(kinds=("buyer",))
    as_outsider = {"Authorization": f"Bearer {world.token(owner_of(outsider), outsider, SCOPES)}"}
    not_theirs = client.post(f"/api/v1/settlements/{first.public_id}/payments", headers=as_outsider,
                             json={"amount_minor": due, "card": card["id"]})
    assert (declined.status_code, wrong_amount.status_code, not_theirs.status_code) == (402, 422, 404)
    assert "declined" in declined.json["detail"] and "amount_minor" in wrong_amount.json["errors"]
    assert ledger.balances_of(buyer) == {}

    # 1. Paid, seen by the seller as held in escrow, delivered, released after the inspection window.
    last_payment = pay_all(first)
    assert settlement(first, as_seller)["status_text"] == "Paid, in escrow"
    assert client.post(f"/api/v1/settlements/{first.public_id}/shipment", headers=as_seller).status_code == 200
    delivery = client.post(f"/api/v1/settlements/{first.public_id}/deliveries", headers=as_buyer, json={}).json
    deal = escrow.escrow_for(seller, first.public_id)
    SettlementJobs(app).settle(now=deal.deliveries[0].inspection_ends_at + timedelta(minutes=1))
    assert settlement(first, as_seller)["status"] == "released"
    assert ledger.balances_of(seller)[("payable", "CNY")] == deal.due_minor - deal.fee_minor
    catch_up(renders=20)
    statements = client.get("/api/v1/documents?kind=payout_statement", headers=as_seller).json["items"]
    assert [d["subject"] for d in statements] == [delivery["id"]] and statements[0]["status"] == "ready"

    # 2. Disputed, frozen, split by the operator with a written reason.
    pay_all(second)
    client.post(f"/api/v1/settlements/{second.public_id}/shipment", headers=as_seller)
    client.post(f"/api/v1/settlements/{second.public_id}/deliveries", headers=as_buyer, json={})
    dispute = client.post("/api/v1/disputes", headers=as_buyer, json={
        "settlement": second.public_id, "reason": "quantity", "description": "4 t short on the weighbridge."}).json
    assert settlement(second)["status"] == "disputed"
    held = settlement(second)["held_minor"]
    world.login(client, world.operator())
    decided = client.post(f"/operator/disputes/{dispute['id']}", data={
        "decision": "split", "refund": f"{held // 25 / 100:.2f}", "reason": "The tickets show 4 of 100 t short."})
    assert decided.status_code == 302
    split = settlement(second)
    assert (split["status"], split["refunded_minor"], split["held_minor"]) == ("resolved", held // 25, 0)

    # 3. Cancelled before shipment and refunded to the card.
    pay_all(third)
    cancelled = client.post(f"/api/v1/settlements/{third.public_id}/cancellation", headers=as_seller,
                            json={"reason": "Out of stock."})
    assert cancelled.status_code == 200
    refunded = settlement(third)
    assert (refunded["status"], refunded["refunded_minor"], refunded["held_minor"]) == (
        "cancelled", refunded["captured_minor"], 0)

    # A replayed webhook and a badly signed one: a clear answer, no money moves.
    booked = ledger.balances_of(buyer)
    payment = db.session.scalar(select(Payment).where(Payment.public_id == last_payment["id"]))
    replay = intent_event("payment_intent.succeeded", payment, "succeeded")
    first_delivery, replayed = deliver(client, replay), deliver(client, replay)
    assert (first_delivery.status_code, replayed.status_code) == (200, 200)
    assert replayed.json["outcome"] == "already processed"
    assert deliver(client, replay, secret="whsec_someone_else").status_code == 400
    assert ledger.balances_of(buyer) == booked

    verified = runner.invoke("ledger", "verify")
    reconciled = runner.invoke("payments", "reconcile")
    assert verified.exit_code == 0 and "The ledger holds" in verified.output
    assert reconciled.exit_code == 0 and "No difference" in reconciled.output

