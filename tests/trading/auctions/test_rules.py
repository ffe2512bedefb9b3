"""Properties of the auction rules over random bids: the right winner, late bids ignored, extensions
that only ever lengthen an auction, and accepted bids that always improve on the last by the increment."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from trading.auctions import rules
from trading.auctions.rules import ENGLISH, REVERSE, SEALED, Bid, Terms

OPENS = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
CLOSES = OPENS + timedelta(hours=2)
BIDDERS = ("tianjin-chem", "binhai-fert", "hebei-agri", "cangzhou-trade")
OWNER = "bohai-buyer"


@pytest.fixture(autouse=True)
def _empty_tables():
    """The rules are pure: no application and no tables to empty."""
    yield


def terms(kind, reserve=None, increment=100, window=0, extension=0, closes_at=CLOSES):
    return Terms(kind, OWNER, reserve, increment, 100, OPENS, closes_at, timedelta(seconds=window),
                 timedelta(seconds=extension))


kinds = st.sampled_from(rules.KINDS)
offsets = st.integers(0, 3 * 3600)  # seconds after the opening; some bids land after the close
bids = st.lists(st.builds(
    lambda bidder, price, offset, disqualified: (bidder, price * 100, OPENS + timedelta(seconds=offset), disqualified),
    st.sampled_from(BIDDERS), st.integers(1, 60), offsets, st.booleans()), max_size=25).map(
    lambda raw: [Bid(bidder, price, at, sequence, disqualified)
                 for sequence, (bidder, price, at, disqualified) in enumerate(raw, start=1)])
reserves = st.one_of(st.none(), st.integers(1, 60).map(lambda units: units * 100))


def counted(kind, all_bids):
    """The bids the close must consider: before the close, and in a sealed auction each bidder's latest."""
    early = [bid for bid in all_bids if bid.placed_at < CLOSES]
    if kind != SEALED:
        return early
    latest = {}
    for bid in sorted(early, key=lambda bid: (bid.placed_at, bid.sequence)):
        latest[bid.bidder] = bid
    return list(latest.values())


def acceptable(kind, reserve, price):
    return reserve is None or (price <= reserve if kind == REVERSE else price >= reserve)


@given(kinds, reserves, bids)
def test_the_winner_is_the_best_qualifying_price_and_the_earliest_among_equals(kind, reserve, all_bids):
    outcome = rules.result(terms(kind, reserve), all_bids)

    considered = counted(kind, all_bids)
    qualifying = [bid for bid in considered if not bid.disqualified and acceptable(kind, reserve, bid.price)]
    if not considered:
        assert outcome == rules.Result(rules.NO_BIDS)
    elif not qualifying:
        assert outcome == rules.Result(rules.RESERVE_NOT_MET)
    else:
        best_price = (min if kind == REVERSE else max)(bid.price for bid in qualifying)
        at_best = [bid for bid in qualifying if bid.price == best_price]
        earliest = min(at_best, key=lambda bid: (bid.placed_at, bid.sequence))
        assert outcome == rules.Result(rules.AWARDED, earliest)


@given(kinds, reserves, bids, st.randoms())
def test_the_result_does_not_depend_on_the_order_bids_are_given_in(kind, reserve, all_bids, random):
    shuffled = list(all_bids)
    random.shuffle(shuffled)
    assert rules.result(terms(kind, reserve), shuffled) == rules.result(terms(kind, reserve), all_bids)


@given(kinds, reserves, bids, bids)
def test_bids_at_or_after_the_close_never_count(kind, reserve, all_bids, more):
    late = [Bid(bid.bidder, bid.price, CLOSES + (bid.placed_at - OPENS), 1000 + bid.sequence, bid.disqualified)
            for bid in more]
    assert rules.result(terms(kind, reserve), all_bids + late) == rules.result(terms(kind, reserve), all_bids)


@given(kinds, st.integers(0, 3600), st.integers(0, 3600), st.integers(-7200, 7200))
def test_an_extension_never_shortens_an_auction(kind, window, extension, seconds_before_close):
    auction = terms(kind, window=window, extension=extension)
    placed_at = CLOSES - timedelta(seconds=seconds_before_close)

    new_close = rules.extended_close(auction, placed_at)

    assert new_close >= CLOSES
    if new_close > CLOSES:
        assert kind == ENGLISH and placed_at < CLOSES
        assert CLOSES - placed_at <= timedelta(seconds=window)
        assert new_close == placed_at + timedelta(seconds=extension)


attempts = st.lists(st.tuples(st.sampled_from(BIDDERS + (OWNER,)), st.integers(-5, 80).map(lambda p: p * 50),
                              offsets), max_size=40)


@given(kinds, reserves, st.integers(1, 5).map(lambda steps: steps * 100), attempts)
def test_accepted_open_bids_improve_by_the_increment_and_respect_the_reserve(kind, reserve, increment, tries):
    """Bids tried in time order against the live rules: every accepted one is on time, on the tick,
    within the reserve or ceiling, not the owner's, and (open kinds) better than the lead by a step."""
    auction = terms(kind, reserve, increment, window=300, extension=300)
    accepted = []
    for sequence, (bidder, price, offset) in enumerate(sorted(tries, key=lambda t: t[2]), start=1):
        now = OPENS + timedelta(seconds=offset)
        leading = rules.best(auction, accepted)
        if rules.refusal(auction, accepted, bidder, price, now) is not None:
            continue
        assert bidder != OWNER and now < auction.closes_at and price > 0 and price % 100 == 0
        assert acceptable(kind, reserve, price)
        if leading is not None and kind == ENGLISH:
            assert price >= leading.price + increment
        if leading is not None and kind == REVERSE:
            assert price <= leading.price - increment
        accepted.append(Bid(bidder, price, now, sequence))
        auction = replace(auction, closes_at=rules.extended_close(auction, now))
    if accepted and kind != SEALED:
        assert rules.result(auction, accepted).winner == accepted[-1]


def test_a_bid_in_the_last_minutes_of_an_english_auction_extends_it():
    auction = terms(ENGLISH, window=300, extension=300)
    assert rules.extended_close(auction, CLOSES - timedelta(seconds=60)) == CLOSES + timedelta(seconds=240)
    assert rules.extended_close(auction, CLOSES - timedelta(seconds=301)) == CLOSES


def test_a_reverse_offer_from_a_disqualified_supplier_is_refused():
    auction = terms(REVERSE, reserve=250_000)
    offers = [Bid("tianjin-chem", 240_000, OPENS, 1, disqualified=True)]
    refused = rules.refusal(auction, offers, "tianjin-chem", 230_000, OPENS + timedelta(minutes=5))
    assert refused.code == rules.DISQUALIFIED
    assert rules.refusal(auction, offers, "binhai-fert", 245_000, OPENS + timedelta(minutes=5)) is None
