"""Auction use cases: create, bid, disqualify an offer, cancel, close. Each is one transaction with
its audit record; what a bid must meet and who wins are decided by ``trading.auctions.rules``.

Every change to an auction first claims its row, so bids, disqualifications, cancellation and
the close of one auction happen one after another, across processes: of a bid and a close that
meet at the closing instant, the close sees the bid or the bid sees the auction closed. A close
is idempotent (a second one, or one racing in another process, finds the auction closed and
changes nothing), so exactly one award and one contract exist, and it is correct however late it
runs: only bids placed before ``closes_at`` count.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from credit.terms import services as credit_terms
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import ensure_may_trade
from marketplace.oversight import gate
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import money
from marketplace.money import Money, MoneyError
from marketplace.orders.services import parse_quantity
from marketplace.outbox import emit
from trading.auctions import labels, rules
from trading.auctions.models import Auction, AuctionBid
from trading.contracts import services as contracts
from trading.contracts.models import Contract
from trading.floors import services as floors
from trading.floors.models import Floor

OPEN = "open"
CLOSED = "closed"
CANCELLED = "cancelled"
STATUSES = (OPEN, CLOSED, CANCELLED)

MIN_DURATION = timedelta(minutes=5)
MAX_DURATION = timedelta(days=90)
DEFAULT_EXTENSION_SECONDS = 300  # English auctions: a bid in the last 5 minutes gives 5 more
MAX_EXTENSION_SECONDS = 3600
MAX_DESCRIPTION = 5000
MAX_REASON = 2000
RECENT = timedelta(days=30)  # how long a closed auction stays on the public list
RECENT_MOST = 50


# --- the row lock and the rules' view of an auction ------------------------------------------------

def _claimed(public_id):
    """The auction, locked until commit. :raise NotFound: for an unknown auction.

    The lock is an UPDATE of the row rather than ``SELECT … FOR UPDATE``: a row lock on
    PostgreSQL all the same, and on SQLite (which ignores FOR UPDATE) the database write lock, so
    the embedded site's closing thread and its request threads are ordered too.
    """
    claimed = db.session.execute(update(Auction).where(Auction.public_id == public_id)
                                 .values(version=Auction.version))
    if claimed.rowcount == 0:
        raise NotFound(_("There is no such auction."))
    return db.session.scalar(select(Auction).where(Auction.public_id == public_id)
                             .execution_options(populate_existing=True))


def _bids_of(auction):
    return db.session.scalars(select(AuctionBid).where(AuctionBid.auction_id == auction.id)
                              .order_by(AuctionBid.id).execution_options(populate_existing=True)).all()


def _terms(auction):
    return rules.Terms(auction.kind, auction.owner_enterprise_id, auction.reserve_minor, auction.increment_minor,
                       auction.floor.tick_minor, auction.opens_at, auction.closes_at,
                       timedelta(seconds=auction.extension_window_seconds),
                       timedelta(seconds=auction.extension_seconds))


def _as_rule_bid(bid):
    return rules.Bid(bid.enterprise_id, bid.price_minor, bid.placed_at, bid.id, bid.disqualified_reason is not None)


def _audit_view(auction):
    return {"kind": auction.kind, "floor": auction.floor.code, "status": auction.status,
            "outcome": auction.outcome, "closes_at": auction.closes_at.isoformat(),
            "reserve_minor": auction.reserve_minor, "increment_minor": auction.increment_minor}


# --- creating --------------------------------------------------------------------------------------

def _price(text, currency, field, errors, required=False):
    """Minor units of a price typed as ``"2450.00"``; None when blank and optional. Errors go to ``errors``."""
    if text is None or not str(text).strip():
        if required:
            errors[field] = [_("This field is required.")]
        return None
    try:
        minor = Money.of(str(text).strip(), currency).minor
    except MoneyError:
        errors[field] = [_("Enter a price per unit, for example 2450.00.")]
        return None
    if minor <= 0:
        errors[field] = [_("The price must be above zero.")]
        return None
    return minor


def _on_tick(minor, floor, field, errors):
    if minor is not None and minor % floor.tick_minor:
        errors[field] = [_("Use a multiple of the floor's tick size, %(tick)s.",
                           tick=money(floor.tick_minor, floor.currency))]


def _check_times(opens_at, closes_at, now, errors):
    if opens_at < now:
        errors["opens_at"] = [_("The opening cannot be in the past; leave it empty to open at once.")]
    if closes_at <= now:
        errors["closes_at"] = [_("The close must be in the future.")]
    elif closes_at - opens_at < MIN_DURATION:
        errors["closes_at"] = [_("An auction runs at least %(minutes)d minutes.",
                                 minutes=MIN_DURATION // timedelta(minutes=1))]
    elif closes_at - opens_at > MAX_DURATION:
        errors["closes_at"] = [_("An auction runs at most %(days)d days.", days=MAX_DURATION.days)]


def _extension(value, field, errors):
    if value is None:
        return DEFAULT_EXTENSION_SECONDS
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_EXTENSION_SECONDS:
        errors[field] = [_("Enter a number of seconds from 0 to %(most)d.", most=MAX_EXTENSION_SECONDS)]
        return None
    return value


def create_auction(user, enterprise, *, floor_code, kind, title, spec, quantity, closes_at, delivery_place,
                   delivery_month, reserve=None, increment=None, opens_at=None, description="",
                   delivery_terms="", extension_window_seconds=None, extension_seconds=None, now=None):
    """Announce an auction of one lot on a floor: the owner sells (English, sealed) or buys (reverse).

    Prices are typed per unit in the floor's currency (``reserve`` is the ceiling of a reverse
    auction), on the floor's tick; the quantity is in the floor's unit; the lot specification
    meets the floor's schema. ``opens_at`` defaults to now.
    :raise InvalidInput: naming every field that is wrong; nothing is stored then.
    """
    now = now or utcnow()
    ensure_may_trade(enterprise)
    credit_terms.ensure_grade_may_trade(enterprise)
    with transaction():
        errors = {}
        floor = db.session.scalar(select(Floor).where(Floor.code == floor_code, Floor.active.is_(True)))
        if floor is None:
            raise InvalidInput(_("Choose a trading floor."), {"floor": [_("There is no such open floor.")]})
        gate.ensure_may_trade(enterprise, floor=floor, mechanism="auction",
                              side="buy" if kind == rules.REVERSE else "sell")
        if kind not in rules.KINDS:
            errors["kind"] = [_("Choose English, sealed-bid or reverse.")]
        title = (title or "").strip()
        if not title or len(title) > 200:
            errors["title"] = [_("Enter a title of at most 200 characters.")]
        try:
            spec = floors.check_spec(floor, spec)
        except InvalidInput as refused:
            errors |= refused.errors
        try:
            quantity = parse_quantity(quantity)
        except InvalidInput as refused:
            errors |= refused.errors
        reserve_minor = _price(reserve, floor.currency, "reserve", errors)
        _on_tick(reserve_minor, floor, "reserve", errors)
        increment_minor = _price(increment, floor.currency, "increment", errors, required=kind == rules.ENGLISH)
        _on_tick(increment_minor, floor, "increment", errors)
        if increment_minor is None and kind == rules.REVERSE:
            increment_minor = floor.tick_minor
        opens_at = opens_at or now
        _check_times(opens_at, closes_at, now, errors)
        window = extension = 0
        if kind == rules.ENGLISH:
            window = _extension(extension_window_seconds, "extension_window_seconds", errors)
            extension = _extension(extension_seconds, "extension_seconds", errors)
        delivery_place = (delivery_place or "").strip()
        if not delivery_place or len(delivery_place) > 200:
            errors["delivery_place"] = [_("Say where the goods are delivered (at most 200 characters).")]
        floors.check_delivery_month(delivery_month, errors)
        delivery_terms = (delivery_terms or "").strip() or floor.delivery_terms
        if len(delivery_terms) > 300:
            errors["delivery_terms"] = [_("Use at most 300 characters.")]
        if len(description or "") > MAX_DESCRIPTION:
            errors["description"] = [_("Use at most %(n)d characters.", n=MAX_DESCRIPTION)]
        if errors:
            raise InvalidInput(_("Some fields are not valid."), errors)
        auction = Auction(kind=kind, floor_id=floor.id, owner_enterprise_id=enterprise.id, created_by_id=user.id,
                          title=title, description=(description or "").strip(), spec=spec, quantity=quantity,
                          unit=floor.unit, currency=floor.currency, reserve_minor=reserve_minor,
                          increment_minor=increment_minor or 0, extension_window_seconds=window,
                          extension_seconds=extension, opens_at=opens_at, scheduled_close_at=closes_at,
                          closes_at=closes_at, delivery_place=delivery_place, delivery_month=delivery_month,
                          delivery_terms=delivery_terms, status=OPEN, created_at=now)
        auction.floor = floor
        db.session.add(auction)
        db.session.flush()
        record("trading.auction.created", actor=user.public_id, enterprise=enterprise.public_id,
               target=auction.public_id, after=_audit_view(auction) | {
                   "spec": spec, "quantity": str(quantity), "opens_at": opens_at.isoformat()})
        return auction


# --- bidding ---------------------------------------------------------------------------------------

def _ensure_open(auction):
    if auction.status != OPEN:
        raise InvalidInput(_("This auction is %(status)s; it takes no more bids.",
                             status=labels.status_label(auction.status)),
                           {"auction": [_("The auction is no longer open.")]})


def place_bid(user, enterprise, auction_public_id, price, now=None):
    """Bid ``price`` (per unit, typed as ``"2450.00"``); in a reverse auction, offer it.

    A sealed bid replaces the enterprise's earlier one. A late English bid extends the close.
    :raise GradeBarred: when the enterprise's credit grade may not bid (grade C).
    :raise InvalidInput: with the rule the bid breaks (one's own auction, too low, after the close…).
    """
    now = now or utcnow()
    ensure_may_trade(enterprise)
    credit_terms.ensure_grade_may_trade(enterprise)
    with transaction():
        auction = _claimed(auction_public_id)
        _ensure_open(auction)
        gate.ensure_may_trade(enterprise, floor=auction.floor, mechanism="auction", quantity=auction.quantity,
                              side="sell" if auction.kind == rules.REVERSE else "buy")
        errors = {}
        price_minor = _price(price, auction.currency, "price", errors, required=True)
        if errors:
            raise InvalidInput(errors["price"][0], errors)
        bids = _bids_of(auction)
        terms = _terms(auction)
        refused = rules.refusal(terms, [_as_rule_bid(bid) for bid in bids], enterprise.id, price_minor, now)
        if refused is not None:
            message = labels.refusal_text(refused, auction)
            field = "price" if refused.code in labels.PRICE_REFUSALS else "auction"
            raise InvalidInput(message, {field: [message]})
        before = None
        replaced = next((bid for bid in bids if bid.enterprise_id == enterprise.id), None)
        if auction.kind == rules.SEALED and replaced is not None:
            bid, before = replaced, {"price_minor": replaced.price_minor, "placed_at": replaced.placed_at.isoformat()}
            bid.price_minor, bid.placed_at, bid.placed_by_id = price_minor, now, user.id
        else:
            bid = AuctionBid(auction_id=auction.id, enterprise_id=enterprise.id, placed_by_id=user.id,
                             price_minor=price_minor, placed_at=now)
            db.session.add(bid)
        auction.closes_at = rules.extended_close(terms, now)
        auction.version += 1
        db.session.flush()
        record("trading.auction.bid_replaced" if before else "trading.auction.bid_placed", actor=user.public_id,
               enterprise=enterprise.public_id, target=bid.public_id, before=before,
               after={"auction": auction.public_id, "price_minor": price_minor, "placed_at": now.isoformat(),
                      "closes_at": auction.closes_at.isoformat()})
        emit("auction.bid_placed", "auction", auction.public_id, auction.version,
             {"floor": auction.floor.code, "bid": bid.public_id, "enterprise": enterprise.public_id})
        return bid


def disqualify_offer(user, enterprise, auction_public_id, bid_public_id, reason, now=None):
    """The buyer of a reverse auction sets an offer aside before the close, saying why.

    The offer no longer counts (nor leads), and its supplier may not offer again in this tender.
    :raise Forbidden: unless ``enterprise`` owns the auction. :raise InvalidInput: after the close.
    """
    now = now or utcnow()
    with transaction():
        auction = _claimed(auction_public_id)
        if auction.owner_enterprise_id != enterprise.id:
            raise Forbidden(_("Only the buyer who posted the tender may disqualify offers."))
        if auction.kind != rules.REVERSE:
            raise InvalidInput(_("Only offers in a reverse auction can be disqualified."),
                               {"auction": [_("This is not a reverse auction.")]})
        _ensure_open(auction)
        if now >= auction.closes_at:
            raise InvalidInput(_("The tender has closed; its offers can no longer be disqualified."),
                               {"auction": [_("The tender has closed.")]})
        reason = (reason or "").strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidInput(_("Say why the offer is disqualified; the supplier reads it."),
                               {"reason": [_("Enter a reason of at most %(n)d characters.", n=MAX_REASON)]})
        bid = next((bid for bid in _bids_of(auction) if bid.public_id == bid_public_id), None)
        if bid is None:
            raise NotFound(_("There is no such offer in this auction."))
        if bid.disqualified_reason is not None:
            raise InvalidInput(_("This offer is already disqualified."), {"bid": [_("Already disqualified.")]})
        bid.disqualified_reason = reason
        auction.version += 1
        record("trading.auction.offer_disqualified", actor=user.public_id, enterprise=enterprise.public_id,
               target=bid.public_id, after={"auction": auction.public_id, "reason": reason})
        return bid


def cancel_auction(user, enterprise, auction_public_id, now=None):
    """The owner withdraws an auction nobody has bid in yet.

    :raise Forbidden: unless ``enterprise`` owns it. :raise InvalidInput: once it has a bid or is over.
    """
    now = now or utcnow()
    with transaction():
        auction = _claimed(auction_public_id)
        if auction.owner_enterprise_id != enterprise.id:
            raise Forbidden(_("Only the enterprise that announced the auction may cancel it."))
        _ensure_open(auction)
        if _bids_of(auction):
            raise InvalidInput(_("The auction has bids, so it can no longer be cancelled."),
                               {"auction": [_("Bids were placed.")]})
        before = _audit_view(auction)
        auction.status, auction.closed_at = CANCELLED, now
        auction.version += 1
        record("trading.auction.cancelled", actor=user.public_id, enterprise=enterprise.public_id,
               target=auction.public_id, before=before, after=_audit_view(auction))
        return auction


# --- closing ---------------------------------------------------------------------------------------

def _close(auction, now):
    """Decide the outcome from the bids placed before ``closes_at``; award and contract the winner."""
    bids = _bids_of(auction)
    decided = rules.result(_terms(auction), [_as_rule_bid(bid) for bid in bids])
    before = _audit_view(auction)
    auction.status, auction.outcome, auction.closed_at = CLOSED, decided.outcome, now
    auction.version += 1
    contract = winner = None
    if decided.winner is not None:
        winner = next(bid for bid in bids if bid.id == decided.winner.sequence)
        winner.won = True
        contract = contracts.from_award(auction, winner)
        emit("auction.awarded", "auction", auction.public_id, auction.version, {
            "kind": auction.kind, "owner": auction.owner.public_id, "winner": winner.enterprise.public_id,
            "price_minor": winner.price_minor, "currency": auction.currency, "quantity": str(auction.quantity),
            "contract": contract.public_id})
    emit("auction.closed", "auction", auction.public_id, auction.version, {
        "kind": auction.kind, "floor": auction.floor.code, "outcome": decided.outcome, "bids": len(bids)})
    record("trading.auction.closed", enterprise=auction.owner.public_id, target=auction.public_id, before=before,
           after=_audit_view(auction) | {"closed_at": now.isoformat(),
                                         "winner": winner.enterprise.public_id if winner else None,
                                         "price_minor": winner.price_minor if winner else None,
                                         "contract": contract.public_id if contract else None})


def _close_if_due(auction_public_id, now):
    """:return: the auction and whether this call closed it."""
    with transaction():
        auction = _claimed(auction_public_id)
        due = auction.status == OPEN and auction.closes_at <= now
        if due:
            _close(auction, now)
        return auction, due


def close_auction(auction_public_id, now=None):
    """Close the auction if its time has come and it is still open; otherwise change nothing.

    Safe to run twice, late, or from two processes at once. :raise NotFound: for an unknown auction.
    """
    return _close_if_due(auction_public_id, now or utcnow())[0]


def close_due_auctions(now=None):
    """Close every open auction whose close has passed, each in its own transaction.

    :return: the public ids of the auctions this run closed (another closer may have done some).
    """
    now = now or utcnow()
    due = db.session.scalars(select(Auction.public_id).where(Auction.status == OPEN, Auction.closes_at <= now)
                             .order_by(Auction.closes_at, Auction.id)).all()
    return [public_id for public_id in due if _close_if_due(public_id, now)[1]]


# --- reading ---------------------------------------------------------------------------------------

def auction_by_public_id(public_id, now=None):
    """The auction, closed first if its close has passed (a read never shows an overdue auction open).

    :raise NotFound: for an unknown auction.
    """
    now = now or utcnow()
    auction = db.session.scalar(select(Auction).where(Auction.public_id == public_id))
    if auction is None:
        raise NotFound(_("There is no such auction."))
    if auction.status == OPEN and auction.closes_at <= now:
        auction = close_auction(public_id, now)
    return auction


def auctions_statement(floor_code=None, kind=None, status=None, now=None):
    """Auctions filtered by floor, kind and status, overdue ones closed first; their bids come along in one
    query, since every listed auction is shown with its bid count and best price."""
    close_due_auctions(now)
    statement = select(Auction).options(selectinload(Auction.bids))
    if floor_code:
        statement = statement.join(Auction.floor).where(Floor.code == floor_code)
    if kind:
        statement = statement.where(Auction.kind == kind)
    if status:
        statement = statement.where(Auction.status == status)
    return statement


def open_and_recent(floor_code=None, kind=None, now=None, recent=RECENT, most=RECENT_MOST):
    """The open auctions, closing soonest first, and up to ``most`` closed within ``recent``, latest first."""
    now = now or utcnow()
    statement = auctions_statement(floor_code, kind, now=now)
    running = db.session.scalars(statement.where(Auction.status == OPEN)
                                 .order_by(Auction.closes_at, Auction.id)).all()
    closed = db.session.scalars(statement.where(Auction.status == CLOSED, Auction.closed_at >= now - recent)
                                .order_by(Auction.closed_at.desc(), Auction.id.desc()).limit(most)).all()
    return running, closed


def auctions_of(enterprise, now=None):
    """The auctions ``enterprise`` announced or bid in, latest close first."""
    close_due_auctions(now)
    bid_in = select(AuctionBid.auction_id).where(AuctionBid.enterprise_id == enterprise.id)
    return db.session.scalars(select(Auction).options(selectinload(Auction.bids))
                              .where(or_(Auction.owner_enterprise_id == enterprise.id, Auction.id.in_(bid_in)))
                              .order_by(Auction.closes_at.desc(), Auction.id.desc())).all()


@dataclass(frozen=True)
class ShownBid:
    """A bid as one reader may see it: ``bidder`` is None while who bid is not theirs to know."""

    public_id: str
    price_minor: int
    currency: str
    placed_at: datetime
    bidder: Enterprise | None
    mine: bool
    disqualified: bool
    disqualified_reason: str | None
    won: bool


@dataclass(frozen=True)
class AuctionView:
    """An auction as ``viewer`` (an enterprise, or None for the public) may see it."""

    auction: Auction
    viewer: Enterprise | None
    bids: list  # ShownBid, oldest first
    bid_count: int
    best_minor: int | None  # the leading price of an open English or reverse auction, or the award
    winner: Enterprise | None
    contract: Contract | None  # for the two parties only

    @property
    def owned(self):
        return self.viewer is not None and self.viewer.id == self.auction.owner_enterprise_id


def seen_by(auction, viewer):
    """What ``viewer`` may see of ``auction``.

    Sealed bids stay hidden from everyone (the owner too) until the close, except each bidder's
    own; open bids show their prices, and who bid only to the owner, the bidder itself, and after
    the close to all. A disqualification's reason is for the buyer and that supplier.
    """
    bids = list(auction.bids)
    over = auction.status != OPEN
    mine = (lambda bid: viewer is not None and bid.enterprise_id == viewer.id)
    owner = viewer is not None and viewer.id == auction.owner_enterprise_id
    shown = [ShownBid(bid.public_id, bid.price_minor, auction.currency, bid.placed_at,
                      bid.enterprise if over or owner or mine(bid) else None, mine(bid),
                      bid.disqualified_reason is not None,
                      bid.disqualified_reason if owner or mine(bid) else None, bid.won)
             for bid in bids if over or auction.kind != rules.SEALED or mine(bid)]
    winner = auction.winning_bid
    if over:
        best = winner.price_minor if winner else None
    elif auction.kind == rules.SEALED:
        best = None
    else:
        leading = rules.best(_terms(auction), [_as_rule_bid(bid) for bid in bids])
        best = leading.price if leading else None
    contract = None
    if winner is not None and viewer is not None and viewer.id in (auction.owner_enterprise_id,
                                                                  winner.enterprise_id):
        contract = db.session.scalar(select(Contract).where(Contract.auction_id == auction.id))
    return AuctionView(auction, viewer, shown, len(bids), best, winner.enterprise if winner else None, contract)

