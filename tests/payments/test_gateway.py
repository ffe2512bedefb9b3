"""The gateway adapter against a real localstripe, and against gateways that refuse, hang or hang up.

localstripe's store is shared by the session: every test tags what it creates with fresh ids.
"""
import http.server
import json
import queue
import threading
import time
import uuid
from types import SimpleNamespace

import pytest

from marketplace.payments import gateway as gateway_module
from marketplace.payments.embedded import EmbeddedGateway
from marketplace.payments.gateway import (
    CardDeclined,
    Gateway,
    GatewayRejected,
    GatewayTimeout,
    GatewayUnavailable,
    GatewayUnsupported,
    gateway_for,
)
from marketplace.payments.signatures import verify

VISA = "4242424242424242"
DECLINED_ON_ATTACH = "4000000000000002"
DECLINED_ON_CHARGE = "4000000000000341"
NEEDS_AUTHENTICATION = "4000002500003155"


@pytest.fixture
def gateway(local_gateway):
    return Gateway(local_gateway.api_key, local_gateway.base_url, timeout=5)


def tag():
    return uuid.uuid4().hex


def card(gateway, number=VISA):
    """A customer of its own with ``number`` attached; :return: (payment method, customer)."""
    customer = gateway.ensure_customer(f"ent-{tag()}", "Tianjin Steel Trading Co.")
    method = gateway.create_payment_method_from_card(number, 12, 2030, "123")
    gateway.attach_payment_method(method, customer)
    return method, customer


def authorised(gateway, amount=10_000, **metadata):
    method, customer = card(gateway)
    return gateway.authorise(amount, "CNY", method, customer, {"binhai_payment": tag(), **metadata},
                             idempotency_key=tag())


def test_authorise_holds_the_amount_and_capture_takes_it_all(gateway):
    intent = authorised(gateway)

    assert (intent.status, intent.amount, intent.currency, intent.amount_captured) == ("requires_capture", 10_000,
                                                                                       "CNY", 0)
    assert intent.latest_charge.startswith("ch_")
    captured = gateway.capture(intent.id, 10_000, idempotency_key=tag())
    assert (captured.status, captured.amount_captured) == ("succeeded", 10_000)
    assert gateway.retrieve_intent(intent.id) == captured


def test_partial_capture_takes_only_that_part_and_is_no_refund(gateway):
    intent = authorised(gateway)

    captured = gateway.capture(intent.id, 6_000, idempotency_key=tag())

    assert (captured.status, captured.amount, captured.amount_captured) == ("succeeded", 10_000, 6_000)
    assert gateway.retrieve_intent(intent.id).amount_captured == 6_000
    assert gateway.refunds_of(intent.id) == []


def test_cancel_releases_the_hold(gateway):
    intent = authorised(gateway)

    cancelled = gateway.cancel(intent.id, idempotency_key=tag())

    assert (cancelled.status, cancelled.amount_captured) == ("canceled", 0)


def test_partial_refund_of_a_partial_capture(gateway):
    intent = authorised(gateway)
    gateway.capture(intent.id, 6_000, idempotency_key=tag())

    refund = gateway.refund(intent.id, 2_500, {"binhai_refund": "rf-1"}, idempotency_key=tag())

    assert (refund.amount, refund.currency, refund.status, refund.metadata) == (2_500, "CNY", "succeeded",
                                                                                {"binhai_refund": "rf-1"})
    assert refund.id.startswith("re_")
    assert gateway.refunds_of(intent.id) == [refund]
    assert gateway.retrieve_intent(intent.id).amount_captured == 6_000


def test_a_card_declined_on_attach(gateway):
    customer = gateway.ensure_customer(f"ent-{tag()}", "Declined Co.")
    method = gateway.create_payment_method_from_card(DECLINED_ON_ATTACH, 12, 2030, "123")

    with pytest.raises(CardDeclined) as declined:
        gateway.attach_payment_method(method, customer)

    assert declined.value.code == "card_declined"
    assert declined.value.message


def test_a_card_declined_on_charge_leaves_a_failed_intent_to_find(gateway):
    method, customer = card(gateway, DECLINED_ON_CHARGE)
    payment = tag()

    with pytest.raises(CardDeclined) as declined:
        gateway.authorise(10_000, "CNY", method, customer, {"binhai_payment": payment}, idempotency_key=tag())

    assert declined.value.code == "card_declined"
    failed = gateway.find_intent_by_metadata("binhai_payment", payment)
    assert (failed.status, failed.failure_code, failed.amount_captured) == ("requires_payment_method",
                                                                            "card_declined", 0)


def test_the_test_id_of_a_failing_card_is_declined_too(gateway):
    with pytest.raises(CardDeclined) as declined:
        gateway.authorise(500, "CNY", "pm_card_chargeCustomerFail", None, {"binhai_payment": tag()},
                          idempotency_key=tag())

    assert declined.value.code == "card_declined"


def test_a_card_that_asks_for_authentication_is_declined(gateway):
    method, customer = card(gateway, NEEDS_AUTHENTICATION)

    with pytest.raises(CardDeclined) as declined:
        gateway.authorise(500, "CNY", method, customer, {"binhai_payment": tag()}, idempotency_key=tag())

    assert declined.value.code == "authentication_required"
    assert declined.value.intent_id.startswith("pi_")


def test_ensure_customer_finds_the_enterprise_again(gateway):
    enterprise = f"ent-{tag()}"

    first = gateway.ensure_customer(enterprise, "Binhai Metals")

    assert gateway.ensure_customer(enterprise, "Binhai Metals") == first
    assert gateway.ensure_customer(f"ent-{tag()}", "Another Co.") != first


def test_a_create_whose_answer_was_lost_is_found_by_its_tag(gateway, local_gateway, forgetful_gateway_base):
    method, customer = card(gateway)
    forgetful = Gateway(local_gateway.api_key, forgetful_gateway_base, timeout=5)
    payment = tag()

    with pytest.raises(GatewayTimeout):
        forgetful.authorise(7_000, "CNY", method, customer, {"binhai_payment": payment}, idempotency_key=tag())

    found = gateway.find_intent_by_metadata("binhai_payment", payment)
    assert (found.status, found.amount, found.metadata["binhai_payment"]) == ("requires_capture", 7_000, payment)
    assert gateway.find_intent_by_metadata("binhai_payment", tag()) is None


def test_listing_and_finding_go_through_every_page(gateway, monkeypatch):
    monkeypatch.setattr(gateway_module, "PAGE_SIZE", 2)
    batch = tag()
    created = [authorised(gateway, 100 + n, binhai_batch=batch) for n in range(3)]

    listed = [intent for intent in gateway.list_intents() if intent.metadata.get("binhai_batch") == batch]

    assert sorted(intent.id for intent in listed) == sorted(intent.id for intent in created)
    last = created[-1]
    assert gateway.find_intent_by_metadata("binhai_payment", last.metadata["binhai_payment"]).id == last.id


def test_capturing_more_than_was_held_is_rejected(gateway):
    intent = authorised(gateway, 1_000)

    with pytest.raises(GatewayRejected):
        gateway.capture(intent.id, 1_001, idempotency_key=tag())

    assert gateway.retrieve_intent(intent.id).status == "requires_capture"


def test_an_unknown_intent_is_rejected(gateway):
    with pytest.raises(GatewayRejected):
        gateway.retrieve_intent("pi_doesnotexist")


def test_transfers_are_unsupported_by_localstripe(gateway):
    with pytest.raises(GatewayUnsupported):
        gateway.create_transfer(5_000, "CNY", "acct_seller", {"binhai_payout": tag()}, idempotency_key=tag())


def test_a_refused_connection_means_the_gateway_saw_nothing(dead_gateway_base):
    dead = Gateway("sk_test_embedded", dead_gateway_base, timeout=2)

    with pytest.raises(GatewayUnavailable):
        dead.authorise(1_000, "CNY", "pm_card_visa", None, {"binhai_payment": tag()}, idempotency_key=tag())
    with pytest.raises(GatewayUnavailable):
        dead.retrieve_intent("pi_any")


def test_an_unknown_host_means_the_gateway_saw_nothing():
    nowhere = Gateway("sk_test_embedded", "http://gateway.invalid", timeout=2)

    with pytest.raises(GatewayUnavailable):
        nowhere.retrieve_intent("pi_any")


def test_no_answer_means_the_outcome_is_unknown(silent_gateway_base):
    silent = Gateway("sk_test_embedded", silent_gateway_base, timeout=1)

    with pytest.raises(GatewayTimeout):
        silent.authorise(1_000, "CNY", "pm_card_visa", None, {"binhai_payment": tag()}, idempotency_key=tag())


def test_a_connection_closed_after_the_request_means_the_outcome_is_unknown(hangup_gateway_base):
    hangup = Gateway("sk_test_embedded", hangup_gateway_base, timeout=2)

    with pytest.raises(GatewayTimeout):
        hangup.capture("pi_any", 1_000, idempotency_key=tag())


def test_gateway_for_builds_one_gateway_from_the_settings():
    app = SimpleNamespace(config={"STRIPE_API_KEY": "sk_live_x", "STRIPE_API_BASE": "https://pay.example.cn",
                                  "GATEWAY_TIMEOUT_SECONDS": 3}, extensions={})

    built = gateway_for(app)

    assert built.api_base == "https://pay.example.cn"
    assert gateway_for(app) is built
    assert app.extensions["payment_gateway"] is built


@pytest.mark.parametrize("embedded", [True, False], ids=["serving process", "command"])
def test_gateway_for_uses_the_embedded_gateway_already_on_the_configured_port(local_gateway, embedded):
    app = SimpleNamespace(config={"STRIPE_API_KEY": None, "GATEWAY_EMBEDDED": embedded,
                                  "GATEWAY_EMBEDDED_PORT": local_gateway.port}, extensions={})

    built = gateway_for(app)

    assert built.api_base == local_gateway.base_url
    assert built.retrieve_intent(authorised(Gateway(local_gateway.api_key, local_gateway.base_url)).id)


def test_gateway_for_without_a_gateway_to_start_or_reach():
    app = SimpleNamespace(config={"STRIPE_API_KEY": None, "GATEWAY_EMBEDDED": False}, extensions={})

    with pytest.raises(GatewayUnavailable):
        gateway_for(app)
    assert "payment_gateway" not in app.extensions


@pytest.fixture
def webhook_receiver():
    """A local endpoint that keeps each delivery as (Stripe-Signature header, body)."""
    deliveries = queue.Queue()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            deliveries.put((self.headers["Stripe-Signature"], body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}/webhook", deliveries=deliveries)
    server.shutdown()
    server.server_close()


def delivered(receiver, event_type):
    """The next delivery of ``event_type`` (localstripe sends each event about a second after it happens)."""
    while True:
        header, body = receiver.deliveries.get(timeout=15)
        if json.loads(body)["type"] == event_type:
            return header, body


def test_the_embedded_gateway_signs_webhooks_and_keeps_them_across_a_restart(webhook_receiver):
    embedded = EmbeddedGateway()
    try:
        embedded.start()
        embedded.configure_webhook(webhook_receiver.url, "whsec_embedded")
        gateway = Gateway(embedded.api_key, embedded.base_url, timeout=5)
        gateway.ensure_customer("ent-webhook", "Webhook Co.")

        header, body = delivered(webhook_receiver, "customer.created")
        assert verify(body, header, "whsec_embedded", now=time.time())

        port = embedded.port
        embedded.stop()
        with pytest.raises(GatewayUnavailable):
            gateway.retrieve_intent("pi_any")
        assert embedded.start() == f"http://127.0.0.1:{port}"
        gateway.ensure_customer("ent-after-restart", "Restarted Co.")
        header, body = delivered(webhook_receiver, "customer.created")
        assert json.loads(body)["data"]["object"]["metadata"] == {"binhai_enterprise": "ent-after-restart"}
    finally:
        embedded.stop()
