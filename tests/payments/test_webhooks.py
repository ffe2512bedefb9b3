"""The gateway's webhook: signed deliveries act once, whatever their number and order; unsigned ones change nothing."""
import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerTransaction
from marketplace.payments import webhooks
from marketplace.payments.embedded import EmbeddedGateway
from marketplace.payments.gateway import Gateway
from marketplace.payments.models import GatewayEvent, Payment, Refund
from marketplace.payments.signatures import sign
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.ledger.settling import (
    SECRET,
    assert_money_consistent,
    deliver,
    event,
    gateway_at,
    intent_event,
    pay,
    pay_and_die_before_booking,
)
from tests.settlement.fixtures import saved_card


@pytest.fixture
def card(buyer):
    return saved_card(buyer)


@pytest.fixture
def stuck(monkeypatch, steel_deal, buyer, card):
    """The deposit captured at the gateway, not booked: the process died in between."""
    return pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)


def captures():
    return db.session.scalars(select(LedgerTransaction.key).where(LedgerTransaction.key.startswith("capture:"))).all()


def stored_events():
    db.session.rollback()
    return db.session.scalars(select(GatewayEvent).order_by(GatewayEvent.id)).all()


def test_a_signed_event_finishes_the_payment_once_however_often_it_comes(client, stuck, buyer):
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")

    first = deliver(client, succeeded)
    again = deliver(client, succeeded)

    assert first.status_code == 200 and first.json["outcome"] == f"payment {stuck.public_id} captured"
    assert again.status_code == 200 and again.json["outcome"] == "already processed"
    assert captures() == [f"capture:{stuck.public_id}"]
    [stored] = stored_events()
    assert (stored.event_id, stored.type, stored.object_id, stored.deliveries) == (
        succeeded["id"], "payment_intent.succeeded", stuck.intent_id, 2)
    assert stored.outcome == f"payment {stuck.public_id} captured"
    assert_money_consistent(buyer)


@pytest.mark.parametrize("header", ["", "t=123", "v1=abc", "t=notanumber,v1=abc", "garbage"])
def test_a_delivery_without_a_valid_signature_is_refused_and_changes_nothing(client, stuck, buyer, header):
    response = deliver(client, intent_event("payment_intent.succeeded", stuck, "succeeded"), header=header)

    assert response.status_code == 400 and response.content_type == "application/problem+json"
    assert stored_events() == [] and captures() == []
    assert db.session.get(Payment, stuck.id).status == "pending"


def test_a_delivery_signed_with_another_secret_or_for_another_body_is_refused(client, stuck):
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")
    other_body = sign(b'{"id": "evt_other"}', SECRET, int(time.time()))

    assert deliver(client, succeeded, secret="whsec_someone_else").status_code == 400
    assert deliver(client, succeeded, header=other_body).status_code == 400
    assert stored_events() == [] and captures() == []


def test_a_replay_of_an_old_signed_delivery_is_refused(client, stuck):
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")

    stale = deliver(client, succeeded, signed_at=int(time.time()) - webhooks.TOLERANCE_SECONDS - 5)
    future = deliver(client, succeeded, signed_at=int(time.time()) + webhooks.TOLERANCE_SECONDS + 5)

    assert (stale.status_code, future.status_code) == (400, 400)
    assert stored_events() == [] and captures() == []


def test_a_signed_body_that_is_not_an_event_is_refused(ctx, client):
    body = b'["not", "an", "event"]'
    response = client.post(webhooks.WEBHOOK_PATH, data=body,
                           headers={"Stripe-Signature": sign(body, SECRET, int(time.time()))})

    assert response.status_code == 400 and stored_events() == []


def test_a_failure_arriving_after_the_success_leaves_the_payment_captured(client, steel_deal, buyer, card):
    payment = pay(buyer, steel_deal.public_id, card)
    held = ledger.balances_of(buyer)

    assert deliver(client, intent_event("payment_intent.succeeded", payment, "succeeded")).status_code == 200
    late = deliver(client, intent_event("payment_intent.payment_failed", payment, "requires_payment_method"))

    assert late.status_code == 200 and late.json["outcome"] == f"payment {payment.public_id} captured"
    assert db.session.get(Payment, payment.id).status == "captured"
    assert ledger.balances_of(buyer) == held
    assert_money_consistent(buyer)


def test_a_stale_failure_arriving_first_still_ends_in_the_capture(client, stuck, buyer):
    """The event says "failed"; the gateway, asked again, says the money was taken: the gateway wins."""
    response = deliver(client, intent_event("payment_intent.payment_failed", stuck, "requires_payment_method"))

    assert response.json["outcome"] == f"payment {stuck.public_id} captured"
    assert captures() == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


def test_events_we_do_not_act_on_are_kept_and_answered(ctx, client):
    response = deliver(client, event("customer.created", {"id": "cus_123", "object": "customer"}))

    assert response.status_code == 200
    [stored] = stored_events()
    assert (stored.type, stored.object_id, stored.outcome) == ("customer.created", "cus_123",
                                                               "stored; not an event we act on")


def test_an_intent_naming_a_payment_we_do_not_know_is_noted(ctx, client):
    response = deliver(client, event("payment_intent.succeeded", {
        "id": "pi_stray", "object": "payment_intent", "status": "succeeded", "metadata": {"binhai_payment": "pay_x"}}))

    assert response.status_code == 200 and response.json["outcome"] == "unknown payment pay_x"
    assert captures() == []


def test_an_authorised_intent_of_a_payment_in_progress_is_left_to_its_request(client, app, steel_deal, buyer, card,
                                                                             monkeypatch):
    """Capturing it here would race the paying request's own capture (which would then fail)."""
    with monkeypatch.context() as patched:
        patched.setattr("marketplace.payments.services._settle_intent", lambda *args: None)
        payment = pay(buyer, steel_deal.public_id, card)

    response = deliver(client, intent_event("payment_intent.amount_capturable_updated", payment, "requires_capture"))

    assert "the request paying it captures it" in response.json["outcome"]
    assert db.session.get(Payment, payment.id).status == "pending" and captures() == []


def test_a_refund_event_sends_and_books_our_pending_refund(app, client, steel_deal, buyer, seller, card,
                                                           dead_gateway_base):
    deposit = pay(buyer, steel_deal.public_id, card)
    with gateway_at(app, dead_gateway_base):
        escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "Out of stock")
    [refund] = db.session.scalars(select(Refund)).all()
    assert refund.status == "pending"

    response = deliver(client, event("charge.refunded", {"id": deposit.charge_id, "object": "charge",
                                                         "payment_intent": deposit.intent_id}))

    assert response.json["outcome"] == f"refund {refund.public_id} succeeded"
    db.session.refresh(refund)
    assert refund.status == "succeeded" and refund.gateway_refund_id
    assert_money_consistent(buyer)


def test_a_delivery_that_loses_the_insert_race_counts_as_a_repeat(client, stuck, buyer, monkeypatch):
    """Two deliveries at once both find no row; the unique event id lets one insert and makes the other a repeat."""
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")
    deliver(client, succeeded)
    monkeypatch.setattr(webhooks, "_known", lambda event_id: False)

    again = deliver(client, succeeded)

    assert again.status_code == 200 and again.json["outcome"] == "already processed"
    [stored] = stored_events()
    assert stored.deliveries == 2 and captures() == [f"capture:{stuck.public_id}"]


@pytest.mark.postgres_only
def test_two_deliveries_at_the_same_moment_store_one_event_and_book_once(app, stuck, buyer):
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")

    answers = all_at_once(app, 4, lambda _: deliver(app.test_client(), succeeded))

    assert [answer.status_code for answer in answers] == [200] * 4
    [stored] = stored_events()
    assert stored.deliveries == 4 and captures() == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


def test_an_event_that_found_the_gateway_down_is_handled_when_delivered_again(app, client, stuck, buyer,
                                                                             dead_gateway_base):
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")
    with gateway_at(app, dead_gateway_base):
        down = deliver(client, succeeded)
    assert captures() == []

    again = deliver(client, succeeded)

    assert down.status_code == 503 and "could not be asked" in down.json["detail"]
    assert again.status_code == 200 and again.json["outcome"] == f"payment {stuck.public_id} captured"
    assert stored_events()[0].deliveries == 2
    assert_money_consistent(buyer)


# --- the real thing: localstripe posts its own signed events to a running server ---------------------

def test_a_real_gateway_gets_no_webhook_configured_at_start():
    """Its webhook is set up in its own dashboard; only the embedded gateway is told where to post."""
    with_key = SimpleNamespace(config={"STRIPE_API_KEY": "sk_live_x", "STRIPE_API_BASE": "https://pay.example.cn",
                                       "PUBLIC_URL": "https://binhai.example.cn"}, extensions={})
    without_any = SimpleNamespace(config={"STRIPE_API_KEY": None, "GATEWAY_EMBEDDED": False}, extensions={})

    assert webhooks.configure_embedded_webhook(with_key) is None
    assert webhooks.configure_embedded_webhook(without_any) is None  # logged; the site still starts



@pytest.fixture
def live_site(app):
    """The app served on a free port, and a gateway of its own whose webhook points at it (set up as
    ``binhai serve`` does); the session's gateway stays untouched."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    gateway = EmbeddedGateway()
    gateway.start()
    public_url, before = app.config["PUBLIC_URL"], app.extensions.get("payment_gateway")
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    app.extensions["payment_gateway"] = Gateway(gateway.api_key, gateway.base_url, timeout=5)
    app.extensions["payment_gateway_embedded"] = gateway
    try:
        yield webhooks.configure_embedded_webhook(app)
    finally:
        app.config["PUBLIC_URL"] = public_url
        app.extensions.pop("payment_gateway_embedded")
        app.extensions["payment_gateway"] = before
        server.shutdown()
        server.server_close()
        gateway.stop()


def eventually(check, seconds=20):
    """Wait for the gateway's delivery (about a second after the event): ``check`` becomes true or the test fails."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the gateway's webhook never arrived"
        time.sleep(0.2)
        db.session.rollback()


def test_the_gateways_own_webhook_books_a_capture_the_dying_process_left(live_site, monkeypatch, steel_deal, buyer,
                                                                         card):
    assert live_site.endswith(webhooks.WEBHOOK_PATH)
    payment = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)

    eventually(lambda: db.session.get(Payment, payment.id).status == "captured")

    [succeeded] = [e for e in stored_events() if e.type == "payment_intent.succeeded"]
    assert succeeded.object_id == payment.intent_id and succeeded.outcome == f"payment {payment.public_id} captured"
    assert captures() == [f"capture:{payment.public_id}"]
    assert_money_consistent(buyer)
