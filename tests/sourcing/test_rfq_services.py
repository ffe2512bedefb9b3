"""A buyer's RFQ reaches the suppliers of its category; they quote; the buyer compares and accepts one."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.sourcing import services
from marketplace.sourcing.models import Quote, Rfq
from tests.orders.listings import publish_product
from tests.builders import owner_of


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def post_rfq(buyer, **changes):
    fields = dict(title="HRB400E 螺纹钢 200 吨", quantity="200", unit="t", delivery_place="天津港东疆港区 3 号堆场",
                  delivery_date=date.today() + timedelta(days=30), deadline=utcnow() + timedelta(days=3),
                  category="steel.rebar", specification="GB/T 1499.2-2018, Φ20mm, 12 m")
    return services.post_rfq(owner_of(buyer), buyer, **fields | changes)


def quote(supplier, rfq, price="4100.50", lead_time_days=10, **changes):
    fields = dict(unit_price=price, quantity="200", valid_until=utcnow() + timedelta(days=14),
                  lead_time_days=lead_time_days, terms="Delivered duty paid, 30% advance")
    return services.quote_on_rfq(owner_of(supplier), supplier, rfq.public_id, **fields | changes)


@pytest.fixture
def suppliers(world):
    """Two rebar suppliers, and a third that sells only urea."""
    first, second, chemist = (world.enterprise() for _ in range(3))
    publish_product(first)
    publish_product(second)
    publish_product(chemist, category="chemicals.fertiliser", title="尿素", unit="t")
    return first, second, chemist


def test_two_quotes_are_compared_and_one_becomes_an_order_awaiting_the_sellers_confirmation(buyer, suppliers):
    first, second, chemist = suppliers
    rfq = post_rfq(buyer)
    assert rfq in services.rfqs_for(first) and rfq in services.rfqs_for(second)
    assert services.rfqs_for(chemist) == []

    dear = quote(first, rfq, price="4100.50", lead_time_days=5)
    cheap = quote(second, rfq, price="3990.00", lead_time_days=12)
    _rfq, rows = services.compare(buyer, rfq.public_id)
    assert [(row.offer.key, row.cheapest, row.fastest) for row, _q in rows] == [
        (cheap.public_id, True, False), (dear.public_id, False, True)]
    assert rows[0][0].total.minor == 399000 * 200

    order = services.accept_quote(owner_of(buyer), buyer, cheap.public_id)

    db.session.refresh(rfq)
    assert rfq.status == "awarded"
    assert {q.public_id: q.status for q in rfq.quotes} == {cheap.public_id: "accepted", dear.public_id: "rejected"}
    assert (order.status, order.total_minor, order.currency) == ("placed", 79800000, "CNY")
    assert order.seller_enterprise_id == second.id and order.buyer_enterprise_id == buyer.id
    assert order.lines[0].quantity == 200 and order.lines[0].unit == "t"
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.sequence)).all()
    assert actions[-5:] == ["rfq.posted", "quote.submitted", "quote.submitted", "order.placed", "quote.accepted"]


def test_a_second_acceptance_is_refused_and_changes_nothing(buyer, suppliers):
    first, second, _chemist = suppliers
    rfq = post_rfq(buyer)
    one, other = quote(first, rfq), quote(second, rfq)
    services.accept_quote(owner_of(buyer), buyer, one.public_id)

    for again in (one, other):
        with pytest.raises(services.AlreadyDecided):
            services.accept_quote(owner_of(buyer), buyer, again.public_id)
    assert count(Order) == 1


def test_a_quote_after_the_deadline_is_refused_with_the_deadline_named(buyer, suppliers):
    rfq = post_rfq(buyer)
    with db.session.begin_nested():
        rfq.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    before = count(AuditRecord)

    with pytest.raises(InvalidInput) as refused:
        quote(suppliers[0], rfq)

    assert "closed at" in refused.value.message
    assert count(Quote) == 0 and count(AuditRecord) == before


@pytest.mark.parametrize("price", ["-4100", "0", "0.00", "12.345", "abc"])
def test_a_price_not_above_zero_or_not_an_amount_is_refused(buyer, suppliers, price):
    rfq = post_rfq(buyer)
    with pytest.raises(InvalidInput) as refused:
        quote(suppliers[0], rfq, price=price)
    assert "unit_price" in refused.value.errors
    assert count(Quote) == 0


def test_a_deadline_in_the_past_is_refused(buyer):
    with pytest.raises(InvalidInput) as refused:
        post_rfq(buyer, deadline=utcnow() - timedelta(hours=1))
    assert "deadline" in refused.value.errors
    assert count(Rfq) == 0


def test_a_supplier_cannot_quote_on_its_own_rfq(suppliers):
    first = suppliers[0]
    rfq = post_rfq(first)
    with pytest.raises(InvalidInput) as refused:
        quote(first, rfq)
    assert "rfq" in refused.value.errors
    assert count(Quote) == 0


def test_a_supplier_outside_the_category_neither_sees_nor_quotes(buyer, suppliers):
    rfq = post_rfq(buyer)
    with pytest.raises(NotFound):
        services.rfq_for(suppliers[2], rfq.public_id)
    with pytest.raises(NotFound):
        quote(suppliers[2], rfq)


def test_an_rfq_to_a_parent_category_reaches_suppliers_of_its_children(buyer, suppliers):
    rfq = post_rfq(buyer, category="steel")
    assert rfq in services.rfqs_for(suppliers[0])


def test_a_withdrawn_quote_cannot_be_accepted_and_an_accepted_one_cannot_be_withdrawn(buyer, suppliers):
    first, second, _chemist = suppliers
    rfq = post_rfq(buyer)
    gone, kept = quote(first, rfq), quote(second, rfq)
    services.withdraw_quote(owner_of(first), first, gone.public_id)
    with pytest.raises(InvalidInput):
        services.accept_quote(owner_of(buyer), buyer, gone.public_id)

    services.accept_quote(owner_of(buyer), buyer, kept.public_id)
    with pytest.raises(services.AlreadyDecided):
        services.withdraw_quote(owner_of(second), second, kept.public_id)


def test_the_inquiry_thread_ends_in_a_quote_the_buyer_accepts(buyer, seller, rebar):
    inquiry = services.send_inquiry(owner_of(buyer), buyer, rebar.public_id, "Can you deliver 80 t by Friday?", "80")
    services.reply(owner_of(seller), seller, inquiry.public_id, "Yes, at 3950 per tonne.")
    offered = services.quote_on_inquiry(owner_of(seller), seller, inquiry.public_id, unit_price="3950",
                                        quantity="80", valid_until=utcnow() + timedelta(days=2), lead_time_days=3)

    order = services.accept_quote(owner_of(buyer), buyer, offered.public_id)

    assert [m.body for m in services.inquiry_for(seller, inquiry.public_id).messages] == [
        "Can you deliver 80 t by Friday?", "Yes, at 3950 per tonne."]
    assert order.total_minor == 395000 * 80 and order.lines[0].listing_id == rebar.id
    assert services.inquiry_for(buyer, inquiry.public_id).status == "ordered"


def test_an_enterprise_cannot_inquire_about_its_own_listing(seller, rebar):
    with pytest.raises(InvalidInput):
        services.send_inquiry(owner_of(seller), seller, rebar.public_id, "Hello")
