"""Reconciliation: the pure comparison for any books (property tests), then runs against a real localstripe."""
import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.payments import reconciliation
from marketplace.payments.gateway import Gateway
from marketplace.payments.models import ReconciliationRun
from marketplace.payments.reconciliation import (
    BookedPayment,
    BookedRefund,
    DifferenceKind,
    GatewayIntent,
    GatewayRefund,
    compare,
)
from tests.builders import owner_of
from tests.settlement.fixtures import pay_in_full

Kind = DifferenceKind


@st.composite
def agreeing_books(draw):
    """Payments captured (or not) with their refunds, recorded alike at the gateway and in our ledger."""
    intents, gateway_refunds, payments_, refunds = [], [], [], []
    for number in range(draw(st.integers(0, 6))):
        amount, currency = draw(st.integers(1, 10**9)), draw(st.sampled_from(["CNY", "USD"]))
        status = draw(st.sampled_from(["succeeded", "succeeded", "requires_capture", "canceled"]))
        captured = amount if status == "succeeded" else 0
        payment_id, intent_id = f"pay_{number}", f"pi_{number}"
        intents.append(GatewayIntent(intent_id, status, captured, currency, payment_id))
        payments_.append(BookedPayment(payment_id, intent_id, currency, captured or None))
        left = captured
        for part in range(draw(st.integers(0, 3)) if captured else 0):
            refunded = draw(st.integers(1, max(left, 1)))
            if refunded > left:
                break
            left -= refunded
            refund_id, gateway_id = f"rfd_{number}_{part}", f"re_{number}_{part}"
            gateway_refunds.append(GatewayRefund(gateway_id, intent_id, refunded, currency, "succeeded", refund_id))
            refunds.append(BookedRefund(refund_id, gateway_id, currency, refunded))
    foreign = draw(st.integers(0, 2))  # other users of the same gateway account: untagged, never ours
    intents += [GatewayIntent(f"pi_foreign_{n}", "succeeded", 100, "CNY", None) for n in range(foreign)]
    gateway_refunds += [GatewayRefund(f"re_foreign_{n}", f"pi_foreign_{n}", 50, "CNY", "succeeded", None)
                        for n in range(foreign)]
    return intents, gateway_refunds, payments_, refunds


def replaced(items, index, **changes):
    return [item if n != index else type(item)(**{**vars(item), **changes}) for n, item in enumerate(items)]


@given(agreeing_books(), st.randoms(use_true_random=False))
def test_books_that_agree_show_no_difference_in_any_order(books, shuffler):
    shuffled = [list(part) for part in books]
    for part in shuffled:
        shuffler.shuffle(part)

    assert compare(*books) == []
    assert compare(*shuffled) == []


@given(agreeing_books(), st.data())
def test_each_single_change_is_reported_once_naming_what_changed(books, data):
    intents, gateway_refunds, payments_, refunds = books
    captured = [n for n, payment in enumerate(payments_) if payment.booked]
    change = data.draw(st.sampled_from(["unbook_capture", "capture_amount", "capture_missing", "unknown_payment"]
                                       + (["unbook_refund", "refund_missing", "refund_amount"] if refunds else [])))
    if change == "unknown_payment":
        intents = intents + [GatewayIntent("pi_stray", "succeeded", 700, "CNY", "pay_unknown")]
        expected = (Kind.UNKNOWN_PAYMENT, "pay_unknown", "pi_stray")
    elif change.startswith("capture") or change == "unbook_capture":
        if not captured:
            return
        index = data.draw(st.sampled_from(captured))
        payment = payments_[index]
        if change == "unbook_capture":
            payments_ = replaced(payments_, index, booked=None)
            expected = (Kind.CAPTURED_NOT_BOOKED, payment.id, payment.intent)
        elif change == "capture_amount":
            payments_ = replaced(payments_, index, booked=payment.booked + data.draw(st.sampled_from([-1, 1])) or 2)
            expected = (Kind.CAPTURE_AMOUNT_DIFFERS, payment.id, payment.intent)
        else:
            intents = [intent for intent in intents if intent.id != payment.intent]
            expected = (Kind.BOOKED_NOT_CAPTURED, payment.id, payment.intent)
    else:
        index = data.draw(st.integers(0, len(refunds) - 1))
        refund = refunds[index]
        if change == "unbook_refund":
            refunds = replaced(refunds, index, booked=None)
            expected = (Kind.REFUND_NOT_BOOKED, refund.id, refund.gateway_refund)
        elif change == "refund_amount":
            refunds = replaced(refunds, index, booked=refund.booked + 1)
            expected = (Kind.REFUND_AMOUNT_DIFFERS, refund.id, refund.gateway_refund)
        else:
            gateway_refunds = [r for r in gateway_refunds if r.id != refund.gateway_refund]
            expected = (Kind.REFUND_NOT_AT_GATEWAY, refund.id, refund.gateway_refund)

    differences = compare(intents, gateway_refunds, payments_, refunds)

    assert [(d.kind, d.ours, d.gateway) for d in differences] == [expected]


@given(agreeing_books())
def test_a_difference_survives_being_stored_and_read_back(books):
    intents, gateway_refunds, payments_, refunds = books
    differences = compare(intents + [GatewayIntent("pi_x", "succeeded", 5, "CNY", "pay_x")], gateway_refunds,
                          payments_, refunds)

    assert [reconciliation.Difference.from_record(d.as_record()) for d in differences] == differences


def test_a_failed_refund_at_the_gateway_is_no_refund():
    intent = GatewayIntent("pi_1", "succeeded", 1_000, "CNY", "pay_1")
    payment = BookedPayment("pay_1", "pi_1", "CNY", 1_000)
    failed = GatewayRefund("re_1", "pi_1", 400, "CNY", "failed", "rfd_1")

    assert compare([intent], [failed], [payment], [BookedRefund("rfd_1", None, "CNY", None)]) == []
    assert [d.kind for d in compare([intent], [failed], [payment], [BookedRefund("rfd_1", "re_1", "CNY", 400)])] == [
        Kind.REFUND_NOT_AT_GATEWAY]


# --- against the gateway ---------------------------------------------------------------------------

@pytest.fixture
def gateway(app, local_gateway):
    return Gateway(local_gateway.api_key, local_gateway.base_url, timeout=5)


def test_a_deal_paid_in_two_parts_then_cancelled_and_refunded_reconciles(steel_deal, buyer, seller, runner):
    pay_in_full(buyer, steel_deal.public_id)
    escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "Out of stock")

    run = reconciliation.reconcile()

    assert (run.differences, run.error, run.intents_checked) == ([], None, 2)
    result = runner.invoke("payments", "reconcile")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No difference: 2 payment intents checked against the ledger"


def test_money_moved_at_the_gateway_behind_our_back_is_listed(steel_deal, buyer, gateway, runner):
    [deposit, balance] = pay_in_full(buyer, steel_deal.public_id)
    stray = gateway.refund(balance.intent_id, 1_000, {}, idempotency_key="stray")
    method = gateway.create_payment_method_from_card("4242424242424242", 12, 2030, "123")
    unknown = gateway.authorise(2_500, "cny", method, None, {"binhai_payment": "pay_not_ours"}, "unknown")
    gateway.capture(unknown.id, 2_500, "unknown-capture")

    run = reconciliation.reconcile()

    assert sorted((d["kind"], d["ours"], d["gateway"], d["booked"], d["at_gateway"]) for d in run.differences) == [
        ("refund_not_booked", None, stray.id, None, 1_000),
        ("unknown_payment", "pay_not_ours", unknown.id, None, 2_500)]
    result = runner.invoke("payments", "reconcile")
    assert result.exit_code == 1
    assert f"unknown_payment: ours pay_not_ours, gateway {unknown.id}: booked nothing, at the gateway 2500 CNY" in (
        result.output.splitlines())
    assert deposit.status == "captured"


def test_a_capture_the_gateway_forgot_is_listed(steel_deal, buyer, local_gateway):
    [deposit, _balance] = pay_in_full(buyer, steel_deal.public_id)
    requests.delete(f"{local_gateway.base_url}/_config/data", timeout=5)  # the gateway loses its memory

    run = reconciliation.reconcile()

    assert {(d["kind"], d["ours"]) for d in run.differences} == {
        ("booked_not_captured", deposit.public_id), ("booked_not_captured", _balance.public_id)}


def test_a_gateway_that_cannot_be_read_leaves_a_run_with_the_error(app, ctx, dead_gateway_base, runner):
    app.extensions["payment_gateway"] = Gateway("sk_test_x", dead_gateway_base, timeout=2)

    run = reconciliation.reconcile()

    assert run.error.startswith("the gateway could not be read") and run.differences == []
    assert db.session.scalars(select(ReconciliationRun)).all() == [run]
    result = runner.invoke("payments", "reconcile")
    assert result.exit_code == 1 and "could not be read" in result.output
