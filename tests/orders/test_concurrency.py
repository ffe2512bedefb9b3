"""Two buyers of the last stock at the same instant: the listing's row lock lets one have it."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise, User
from marketplace.extensions import db
from marketplace.catalog.services import OutOfStock
from marketplace.orders import services
from marketplace.orders.models import Order
from tests.concurrency import all_at_once
from tests.builders import owner_of
from tests.orders.listings import publish_product

pytestmark = pytest.mark.postgres_only


def test_of_two_buyers_of_the_last_stock_one_gets_it(app, world, seller):
    last = publish_product(seller, stock="30")
    buyers = [(b.id, owner_of(b).id) for b in (world.enterprise(), world.enterprise())]

    def work(number):
        buyer_id, user_id = buyers[number]
        try:
            return services.buy_listing(db.session.get(User, user_id), db.session.get(Enterprise, buyer_id),
                                        last.public_id, "20", "天津港", date.today() + timedelta(days=5)).public_id
        except OutOfStock as refused:
            return refused

    results = all_at_once(app, 2, work)

    assert sum(isinstance(result, str) for result in results) == 1
    assert sum(isinstance(result, OutOfStock) for result in results) == 1
    db.session.refresh(last)
    assert last.stock == Decimal("10")
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1


def test_many_small_orders_at_once_never_sell_more_than_the_stock(app, world, seller):
    listing = publish_product(seller, stock="50", moq="5")
    buyers = [(b.id, owner_of(b).id) for b in (world.enterprise() for _ in range(6))]

    def work(number):
        buyer_id, user_id = buyers[number]
        try:
            services.buy_listing(db.session.get(User, user_id), db.session.get(Enterprise, buyer_id),
                                 listing.public_id, "10", "天津港")
            return True
        except OutOfStock:
            return False

    results = all_at_once(app, 6, work)

    db.session.refresh(listing)
    assert results.count(True) == 5 and listing.stock == Decimal("0")
