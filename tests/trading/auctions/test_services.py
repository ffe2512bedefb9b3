"""Auctions through the services: English with a late-bid extension, sealed bids hidden until the close,
the urea tender with a disqualified offer, refusals that change nothing, and closes that are exactly once."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.accounts.services import EnterpriseNotVerified
from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.errors import Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of
from tests.trading.auctions.auctions import HOUR, announce, bid
from trading.auctions import services
from trading.auctions.models import Auction, AuctionBid
from trading.contracts.models import Contract

MINUTE = timedelta(minutes=1)


@pytest.fixture
def start():
    return utcnow().replace(microsecond=0)


@pytest.fixture
def bidders(world):
    return [world.enterprise(kinds=("buyer", "supplier")) for _ in range(3)]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def refusal_of(call):
    with pytest.raises(InvalidInput) as refused:
        call()
    return refused.value


def test_an_english_auction_is_extended_by_a_late_bid_and_won_by_the_highest(world, seller, bidders, start):
    first, second, _third = bidders
    auction = announce(seller, "english", start)
    bid(first, auction, "4000.00", start + MINUTE)
    too_little = refusal_of(lambda: bid(second, auction, "4005.00", start + 2 * MINUTE))
    assert "at least CN¥4,010.00" in too_little.errors["price"][0]
    bid(second, auction, "4010.00", start + 3 * MINUTE)

    late = bid(first, auction, "4050.00", start + HOUR - MINUTE)
    db.session.refresh(auction)
    assert auction.closes_at == late.placed_at + timedelta(minutes=5)
    assert auction.scheduled_close_at == start + HOUR

    assert services.close_auction(auction.public_id, now=start + HOUR).status == "open"  # extended: not yet
    bid(second, auction, "4060.00", start + HOUR + MINUTE)
    closed = services.close_auction(auction.public_id, now=start + 2 * HOUR)

    assert (closed.status, closed.outcome) == ("closed", "awarded")
    assert closed.winning_bid.enterprise == second and closed.winning_bid.price_minor == 406_000
    contract = db.session.scalar(select(Contract))
    assert (contract.buyer, contract.seller, contract.status) == (second, seller, "awaiting_payment")
    assert (contract.quantity, contract.price_minor, contract.amount_minor) == (Decimal("500"), 406_000, 203_000_000)


def test_sealed_bids_stay_hidden_until_the_close_and_the_earlier_of_equal_bids_wins(world, seller, bidders, start):
    first, second, third = bidders
    auction = announce(seller, "sealed", start)
    bid(first, auction, "4900.00", start + MINUTE)
    bid(second, auction, "5000.00", start + 2 * MINUTE)
    replaced = bid(first, auction, "5000.00", start + 3 * MINUTE)  # replaces its own: now tied, but later
    refused = refusal_of(lambda: bid(third, auction, "3990.00", start + 4 * MINUTE))
    assert "reserve price, CN¥4,000.00" in refused.message

    before = services.seen_by(auction, seller)
    assert (before.bids, before.bid_count, before.best_minor) == ([], 2, None)
    assert [(b.price_minor, b.mine) for b in services.seen_by(auction, first).bids] == [(500_000, True)]
    assert services.seen_by(auction, third).bids == []
    assert replaced.price_minor == 500_000 and count(AuctionBid) == 2

    closed = services.close_auction(auction.public_id, now=start + HOUR)
    after = services.seen_by(closed, None)
    assert closed.outcome == "awarded" and after.winner == second
    assert sorted((b.bidder.public_id, b.price_minor, b.won) for b in after.bids) == sorted(
        [(first.public_id, 500_000, False), (second.public_id, 500_000, True)])


def test_the_urea_tender_goes_to_the_lowest_qualifying_offer_and_becomes_a_contract(world, buyer, bidders, start):
    cangzhou, dagang, hebei = bidders
    tender = announce(buyer, "reverse", start)
    assert (tender.quantity, tender.unit, tender.reserve_minor) == (Decimal("5000"), "t", 260_000)
    above = refusal_of(lambda: bid(cangzhou, tender, "2610.00", start + MINUTE))
    assert "ceiling price, CN¥2,600.00" in above.errors["price"][0]
    bid(cangzhou, tender, "2550.00", start + MINUTE)
    bid(dagang, tender, "2500.00", start + 2 * MINUTE)
    lowest = bid(hebei, tender, "2450.00", start + 3 * MINUTE)
    not_low_enough = refusal_of(lambda: bid(cangzhou, tender, "2448.00", start + 4 * MINUTE))
    assert "at most CN¥2,445.00" in not_low_enough.errors["price"][0]

    services.disqualify_offer(owner_of(buyer), buyer, tender.public_id, lowest.public_id,
                              "CAS certificate missing; purity not proven", now=start + 5 * MINUTE)
    assert services.seen_by(tender, cangzhou).best_minor == 250_000
    again = refusal_of(lambda: bid(hebei, tender, "2400.00", start + 6 * MINUTE))
    assert "disqualified" in again.message
    own = refusal_of(lambda: bid(buyer, tender, "2400.00", start + 6 * MINUTE))
    assert "its own auction" in own.message

    closed = services.close_auction(tender.public_id, now=start + HOUR)

    assert closed.outcome == "awarded" and closed.winning_bid.enterprise == dagang
    contract = db.session.scalar(select(Contract).where(Contract.auction_id == tender.id))
    assert (contract.buyer, contract.seller, contract.status) == (buyer, dagang, "awaiting_payment")
    assert (contract.quantity, contract.unit, contract.price_minor, contract.amount_minor) == (
        Decimal("5000"), "t", 250_000, 1_250_000_000)
    assert contract.spec["cas_number"] == "57-13-6"
    seen_by_hebei = services.seen_by(closed, hebei)
    assert [b.disqualified_reason for b in seen_by_hebei.bids if b.mine] == [
        "CAS certificate missing; purity not proven"]
    assert seen_by_hebei.contract is None and services.seen_by(closed, dagang).contract == contract


def test_a_bid_at_or_after_the_close_is_refused_and_the_read_closes_the_auction(world, seller, bidders, start):
    auction = announce(seller, "english", start)
    bid(bidders[0], auction, "4000.00", start + MINUTE)

    refused = refusal_of(lambda: bid(bidders[1], auction, "4100.00", start + HOUR))
    assert "closed at" in refused.message
    assert count(AuctionBid) == 1

    read = services.auction_by_public_id(auction.public_id, now=start + HOUR)
    assert (read.status, read.outcome, read.winning_bid.enterprise) == ("closed", "awarded", bidders[0])
    after = refusal_of(lambda: bid(bidders[1], auction, "4100.00", start + HOUR + MINUTE))
    assert "no more bids" in after.message


def test_an_auction_overdue_while_nothing_ran_closes_on_the_next_run_and_a_second_run_changes_nothing(
        world, buyer, bidders, start):
    tender = announce(buyer, "reverse", start)
    bid(bidders[0], tender, "2500.00", start + MINUTE)
    bid(bidders[1], tender, "2490.00", start + 2 * MINUTE)
    nobody = announce(buyer, "reverse", start, closes_in=2 * HOUR)
    later = start + timedelta(days=3)  # the site was down at both closing times

    assert sorted(services.close_due_auctions(now=later)) == sorted([tender.public_id, nobody.public_id])
    assert services.close_due_auctions(now=later + MINUTE) == []

    db.session.refresh(tender)
    assert (tender.outcome, tender.winning_bid.enterprise, tender.closed_at) == ("awarded", bidders[1], later)
    assert tender.closes_at == start + HOUR
    assert db.session.get(Auction, nobody.id).outcome == "no_bids"
    assert count(Contract) == 1
    topics = db.session.scalars(select(OutboxEvent.topic).where(OutboxEvent.aggregate_type == "auction",
                                                                OutboxEvent.topic != "auction.bid_placed")).all()
    assert sorted(topics) == ["auction.awarded", "auction.closed", "auction.closed"]


def test_closing_twice_makes_one_award_and_one_contract(world, seller, bidders, start):
    auction = announce(seller, "sealed", start)
    bid(bidders[0], auction, "4200.00", start + MINUTE)
    audit_before = count(AuditRecord)

    services.close_auction(auction.public_id, now=start + HOUR)
    services.close_auction(auction.public_id, now=start + HOUR + MINUTE)

    assert count(Contract) == 1
    assert db.session.scalar(select(func.count()).select_from(AuctionBid).where(AuctionBid.won.is_(True))) == 1
    closings = db.session.scalars(select(AuditRecord.action).where(AuditRecord.sequence > audit_before)).all()
    assert closings.count("trading.auction.closed") == 1


def test_an_auction_without_a_bid_may_be_cancelled_by_its_owner_only(world, seller, bidders, start):
    quiet = announce(seller, "english", start)
    with pytest.raises(Forbidden):
        services.cancel_auction(owner_of(bidders[0]), bidders[0], quiet.public_id, now=start + MINUTE)
    assert services.cancel_auction(owner_of(seller), seller, quiet.public_id, now=start + MINUTE).status == "cancelled"

    busy = announce(seller, "english", start)
    bid(bidders[0], busy, "4000.00", start + MINUTE)
    refused = refusal_of(lambda: services.cancel_auction(owner_of(seller), seller, busy.public_id,
                                                         now=start + 2 * MINUTE))
    assert "has bids" in refused.message
    assert db.session.get(Auction, busy.id).status == "open"


def test_a_bad_announcement_is_refused_field_by_field_and_stores_nothing(world, seller, start):
    refused = refusal_of(lambda: announce(seller, "english", start, closes_in=-MINUTE, increment=None,
                                          reserve="4000.05", spec={"product": "rebar", "grade": "X1"}))
    assert {"closes_at", "increment", "reserve", "spec.grade"} <= set(refused.errors)
    assert "multiple of the floor's tick size, CN¥1.00" in refused.errors["reserve"][0]
    assert count(Auction) == 0
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "trading.auction.created")) is None


def test_an_unverified_enterprise_may_neither_announce_nor_bid(world, seller, start):
    unverified = world.enterprise(verified=False)
    with pytest.raises(EnterpriseNotVerified):
        announce(unverified, "english", start)
    auction = announce(seller, "english", start)
    with pytest.raises(EnterpriseNotVerified):
        bid(unverified, auction, "4000.00", start + MINUTE)
    assert count(AuctionBid) == 0


def test_every_change_is_audited(world, buyer, bidders, start):
    tender = announce(buyer, "reverse", start)
    offer = bid(bidders[0], tender, "2500.00", start + MINUTE)
    services.disqualify_offer(owner_of(buyer), buyer, tender.public_id, offer.public_id, "No SDS",
                              now=start + 2 * MINUTE)
    services.close_auction(tender.public_id, now=start + HOUR)

    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.action.like("trading.auction.%"))
                                 .order_by(AuditRecord.sequence)).all()
    assert actions == ["trading.auction.created", "trading.auction.bid_placed",
                       "trading.auction.offer_disqualified", "trading.auction.closed"]
    assert db.session.get(Auction, tender.id).outcome == "reserve_not_met"
