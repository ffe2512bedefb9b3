"""Two acceptances at the same instant, as two colleagues (or a retrying ERP) would send them:
the RFQ row lock lets exactly one through, whichever quotes they pick."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise, User
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.sourcing import services
from marketplace.sourcing.models import Quote, Rfq
from tests.concurrency import all_at_once
from tests.orders.listings import publish_product
from tests.builders import owner_of

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def quoted_rfq(world, buyer):
    """An RFQ with one quote from each of four suppliers."""
    rfq = services.post_rfq(owner_of(buyer), buyer, title="HRB400E 200 t", quantity="200", unit="t",
                            delivery_place="东疆港区", delivery_date=date.today() + timedelta(days=30),
                            deadline=utcnow() + timedelta(days=3), category="steel.rebar")
    quotes = []
    for price in ("3990", "4000", "4010", "4020"):
        supplier = world.enterprise()
        publish_product(supplier)
        quotes.append(services.quote_on_rfq(owner_of(supplier), supplier, rfq.public_id, unit_price=price,
                                            quantity="200", valid_until=utcnow() + timedelta(days=7)).public_id)
    return rfq.public_id, quotes


def accept_in_thread(app, buyer_id, user_id, quote_ids):
    def work(number):
        buyer, user = db.session.get(Enterprise, buyer_id), db.session.get(User, user_id)
        try:
            return services.accept_quote(user, buyer, quote_ids[number]).public_id
        except DomainError as refused:
            return refused

    return lambda count: all_at_once(app, count, work)


@pytest.mark.parametrize("same_quote", [True, False], ids=["same quote", "different quotes"])
def test_of_simultaneous_acceptances_exactly_one_wins(app, buyer, quoted_rfq, same_quote):
    rfq_id, quotes = quoted_rfq
    chosen = [quotes[0]] * 4 if same_quote else quotes
    results = accept_in_thread(app, buyer.id, owner_of(buyer).id, chosen)(4)

    orders = [result for result in results if isinstance(result, str)]
    assert len(orders) == 1
    assert all(isinstance(result, services.AlreadyDecided) for result in results if not isinstance(result, str))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    statuses = db.session.scalars(select(Quote.status).join(Rfq).where(Rfq.public_id == rfq_id)).all()
    assert sorted(statuses) == ["accepted", "rejected", "rejected", "rejected"]
