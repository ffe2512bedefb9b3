"""The closing job: an auction whose close passed while nothing ran is closed by the next pass, exactly once."""
from datetime import timedelta

from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from tests.trading.auctions.auctions import announce, bid
from trading.auctions.closing import AuctionCloser
from trading.auctions.models import Auction
from trading.contracts.models import Contract


def status_of(auction):
    return db.session.scalar(select(Auction.status).where(Auction.id == auction.id)
                             .execution_options(populate_existing=True))


def test_the_next_pass_closes_an_auction_missed_while_nothing_ran_and_a_second_pass_changes_nothing(
        app, world, seller, buyer):
    two_days_ago = utcnow() - timedelta(days=2)
    auction = announce(seller, "english", two_days_ago)
    bid(buyer, auction, "4000.00", two_days_ago + timedelta(minutes=10))
    closer = AuctionCloser(app)

    assert closer.close_due() == [auction.public_id]
    assert closer.close_due() == []

    closed = db.session.get(Auction, auction.id)
    db.session.refresh(closed)
    assert (closed.status, closed.outcome, closed.winning_bid.enterprise) == ("closed", "awarded", buyer)
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1


def test_the_closing_thread_closes_due_auctions_until_stopped(app, world, seller):
    overdue = announce(seller, "sealed", utcnow() - timedelta(hours=3))
    closer = AuctionCloser(app, interval=0.01)
    closer.start()
    try:
        for _ in range(1000):
            if status_of(overdue) == "closed":
                break
            closer.stopped.wait(0.01)
    finally:
        closer.stop()

    assert status_of(overdue) == "closed"
    assert not closer.thread.is_alive()
