"""Auction rules: which bid is accepted, when an English auction is extended, who wins at the close.

Pure: no Flask, no database. Prices are integer minor units per unit; times are aware datetimes
passed in by the caller. The service gathers the facts (the auction's terms, its bids so far, the
time) and asks; a refused bid comes back as a ``Refusal`` whose code and numbers make the sentence.

Kinds: ``english`` (open ascending; the owner sells), ``sealed`` (hidden bids, one live bid per
bidder, highest wins; the owner sells) and ``reverse`` (a procurement tender: the owner buys and
the lowest qualifying offer wins; ``reserve`` is then the ceiling). Among equal prices the earlier
bid wins, and among bids placed at the same instant the one stored first.
"""
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

ENGLISH = "english"
SEALED = "sealed"
REVERSE = "reverse"
KINDS = (ENGLISH, SEALED, REVERSE)

AWARDED = "awarded"
NO_BIDS = "no_bids"
RESERVE_NOT_MET = "reserve_not_met"

OWN_AUCTION = "own_auction"
NOT_OPEN_YET = "not_open_yet"
CLOSED = "closed"
BAD_PRICE = "invalid_price"
OFF_TICK = "off_tick"
BELOW_RESERVE = "below_reserve"
ABOVE_CEILING = "above_ceiling"
TOO_LOW = "below_minimum_raise"
TOO_HIGH = "above_maximum_offer"
DISQUALIFIED = "disqualified"


@dataclass(frozen=True)
class Terms:
    """What one auction runs by. ``closes_at`` is the current close, later than scheduled after extensions."""

    kind: str
    owner: Hashable
    reserve: int | None  # the lowest acceptable price; in a reverse auction the highest (the ceiling)
    increment: int  # the smallest step between two open bids
    tick: int
    opens_at: datetime
    closes_at: datetime
    extension_window: timedelta = timedelta(0)
    extension: timedelta = timedelta(0)


@dataclass(frozen=True)
class Bid:
    """A bid (an offer in a reverse auction); ``sequence`` orders bids placed at the same instant."""

    bidder: Hashable
    price: int
    placed_at: datetime
    sequence: int
    disqualified: bool = False


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    outcome: str
    winner: Bid | None = None


def _priority(kind):
    """Sort key: the best bid first (highest, or lowest in a reverse auction), then the earliest."""
    sign = 1 if kind == REVERSE else -1
    return lambda bid: (sign * bid.price, bid.placed_at, bid.sequence)


def _live(kind, bids):
    """In a sealed auction only each bidder's latest bid counts (it replaced the earlier ones)."""
    if kind != SEALED:
        return list(bids)
    latest = {}
    for bid in bids:
        kept = latest.get(bid.bidder)
        if kept is None or (bid.placed_at, bid.sequence) > (kept.placed_at, kept.sequence):
            latest[bid.bidder] = bid
    return list(latest.values())


def _meets_reserve(terms, price):
    if terms.reserve is None:
        return True
    return price <= terms.reserve if terms.kind == REVERSE else price >= terms.reserve


def best(terms, bids):
    """The leading qualifying bid among ``bids`` (None when there is none); what open auctions show."""
    qualifying = [bid for bid in _live(terms.kind, bids) if not bid.disqualified]
    return min(qualifying, key=_priority(terms.kind), default=None)


def refusal(terms, bids, bidder, price, now):
    """Why a bid of ``price`` by ``bidder`` at ``now`` is refused, given the ``bids`` accepted so far.

    :return: a ``Refusal``, or None when the bid is accepted.
    """
    if bidder == terms.owner:
        return Refusal(OWN_AUCTION)
    if now < terms.opens_at:
        return Refusal(NOT_OPEN_YET, {"opens_at": terms.opens_at})
    if now >= terms.closes_at:
        return Refusal(CLOSED, {"closes_at": terms.closes_at})
    if price <= 0:
        return Refusal(BAD_PRICE)
    if price % terms.tick:
        return Refusal(OFF_TICK, {"tick": terms.tick})
    if terms.kind == REVERSE and any(bid.bidder == bidder and bid.disqualified for bid in bids):
        return Refusal(DISQUALIFIED)
    if not _meets_reserve(terms, price):
        return Refusal(ABOVE_CEILING if terms.kind == REVERSE else BELOW_RESERVE, {"reserve": terms.reserve})
    if terms.kind == SEALED:
        return None
    leading = best(terms, bids)
    if leading is None:
        return None
    if terms.kind == ENGLISH and price < leading.price + terms.increment:
        return Refusal(TOO_LOW, {"minimum": leading.price + terms.increment})
    if terms.kind == REVERSE and price > leading.price - terms.increment:
        return Refusal(TOO_HIGH, {"maximum": leading.price - terms.increment})
    return None


def extended_close(terms, placed_at):
    """The close after an accepted bid at ``placed_at``: an English auction bid in the last
    ``extension_window`` moves it to ``placed_at + extension``; the close never moves earlier."""
    if terms.kind != ENGLISH or terms.extension_window <= timedelta(0) or placed_at >= terms.closes_at:
        return terms.closes_at
    if terms.closes_at - placed_at > terms.extension_window:
        return terms.closes_at
    return max(terms.closes_at, placed_at + terms.extension)


def result(terms, bids):
    """The outcome at ``terms.closes_at``: only bids placed before it count, whatever the order given.

    ``no_bids`` when none counts; ``reserve_not_met`` when none qualifies (disqualified, or beyond
    the reserve or ceiling); else ``awarded`` to the best price, the earliest among equals.
    """
    counted = _live(terms.kind, [bid for bid in bids if bid.placed_at < terms.closes_at])
    if not counted:
        return Result(NO_BIDS)
    qualifying = [bid for bid in counted if not bid.disqualified and _meets_reserve(terms, bid.price)]
    if not qualifying:
        return Result(RESERVE_NOT_MET)
    return Result(AWARDED, min(qualifying, key=_priority(terms.kind)))
