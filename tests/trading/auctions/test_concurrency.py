"""Auctions under concurrent requests on PostgreSQL: closers racing each other, bidders racing each other."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise, User
from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.trading.auctions.auctions import HOUR, announce, bid
from trading.auctions import services
from trading.auctions.models import AuctionBid
from trading.contracts.models import Contract

pytestmark = pytest.mark.postgres_only


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_four_closers_at_once_make_one_award_and_one_contract(app, world, seller, buyer):
    start = utcnow() - 2 * HOUR
    auction = announce(seller, "english", start)
    bid(buyer, auction, "4100.00", start + timedelta(minutes=5))
    public_id = auction.public_id

    results = all_at_once(app, 4, lambda _: services.close_auction(public_id).status)

    assert results == ["closed"] * 4
    assert count(Contract) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxEvent)
                             .where(OutboxEvent.topic == "auction.awarded")) == 1


def _bidders(world, number):
    return [(e.id, owner_of(e).id) for e in (world.enterprise(kinds=("buyer",)) for _ in range(number))]


def _bid_as(bidders, auction, price_of):
    """Threads must not touch the test's own objects: they get ids and load their own rows."""
    public_id = auction.public_id

    def work(number):
        enterprise_id, user_id = bidders[number]
        try:
            return services.place_bid(db.session.get(User, user_id), db.session.get(Enterprise, enterprise_id),
                                      public_id, price_of(number)).price_minor
        except InvalidInput:
            return None
    return work


def test_of_equal_first_bids_at_once_exactly_one_is_taken(app, world, seller):
    auction = announce(seller, "english", utcnow())
    bidders = _bidders(world, 6)

    results = all_at_once(app, 6, _bid_as(bidders, auction, lambda _: "4000.00"))

    assert results.count(400_000) == 1 and results.count(None) == 5
    assert count(AuctionBid) == 1


def test_racing_bids_are_ordered_so_each_taken_one_beats_the_one_before(app, world, seller):
    auction = announce(seller, "english", utcnow())
    bidders = _bidders(world, 8)

    all_at_once(app, 8, _bid_as(bidders, auction, lambda number: f"{4000 + 10 * number}.00"))

    taken = db.session.scalars(select(AuctionBid.price_minor).order_by(AuctionBid.id)).all()
    assert taken and taken[0] >= 400_000
    assert all(later >= earlier + 1_000 for earlier, later in zip(taken, taken[1:]))


def test_a_bid_racing_the_close_is_either_counted_or_refused(app, world, seller, buyer):
    auction = announce(seller, "sealed", utcnow() - HOUR + timedelta(seconds=2), closes_in=HOUR)
    public_id, closes_at = auction.public_id, auction.closes_at
    place = _bid_as([None, (buyer.id, owner_of(buyer).id)], auction, lambda _: "4200.00")

    def work(number):
        if number == 0:
            return services.close_auction(public_id, now=closes_at).outcome
        return place(number)

    outcome, placed = all_at_once(app, 2, work)

    assert (outcome, placed) in (("no_bids", None), ("awarded", 420_000))
    assert count(Contract) == (1 if placed else 0)
