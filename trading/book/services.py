"""Order entry on a floor: pre-trade checks, then the instrument's one writer feeds the engine and stores it all.

One writer per instrument, across processes: a use case first claims the instrument's head row
with an UPDATE (a row lock on PostgreSQL, the database write lock on SQLite) and holds it until
commit, so commands get gap-free sequence numbers in the order they reach the engine.

Each process keeps the books it has built (``app.extensions["trading_books"]``). A writer takes
its instrument's book out of that cache and puts it back only after its commit, tagged with the
sequence it reflects; a book whose writer rolled back is simply never put back. Under the lock a
writer brings the book it finds up to the committed sequence by replaying the stored commands it
lacks (all of them after a restart), so every process trades on exactly the committed book.
"""
from dataclasses import dataclass
from datetime import timezone
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from credit.terms import services as credit_terms
from credit.terms.table import TERMS_CURRENCY, GradeTerms, deposit_percent_of
from marketplace.accounts.lifecycle import may_trade
from marketplace.oversight import gate
from marketplace.accounts.models import Enterprise
from marketplace.audit.services import record
from marketplace.bookings.calendar import SHANGHAI
from marketplace.database import after_commit, new_public_id, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import money, quantity
from marketplace.outbox import emit
from trading import orders as engine_orders
from trading.book import pretrade
from trading.book.models import BookCommand, FloorOrder, OrderBookHead, Trade
from trading.contracts import services as contracts
from trading.engine import Book
from trading.floors import services as floors
from trading.floors.models import Instrument
from trading.orders import Amend, Amended, Cancel, Cancelled, Depth, NewOrder, Rejected, Rested

OPEN = "open"
PARTIALLY_FILLED = "partially_filled"
FILLED = "filled"
CANCELLED = "cancelled"
REJECTED = "rejected"
LIVE = (OPEN, PARTIALLY_FILLED)

_BOOKS = "trading_books"
_FILLS = "trading_fills_of_new_orders"
_ACTIONS = {NewOrder: "new", Cancel: "cancel", Amend: "amend"}


# How many price levels a side the published depth shows (market data and the floor page).
DEPTH_LEVELS = 5


@dataclass
class _CachedBook:
    """A process's book of one instrument at ``seq``; only its writer touches ``book``.

    Readers never read ``book`` (a writer in another thread may be changing it): they read
    ``depth``, computed by the writer before it hands the book back to the cache.
    """
    book: Book
    seq: int
    depth: Depth | None = None


def _epoch_us(moment):
    return int(moment.astimezone(timezone.utc).timestamp() * 1_000_000)


def _cache():
    return current_app.extensions.setdefault(_BOOKS, {})


def _command_of(row):
    if row.action == "new":
        return NewOrder(row.seq, row.time_us, row.order_public_id, row.enterprise_public_id, row.side, row.kind,
                        row.price_minor, row.quantity_lots)
    if row.action == "cancel":
        return Cancel(row.seq, row.time_us, row.order_public_id)
    return Amend(row.seq, row.time_us, row.order_public_id, row.price_minor, row.quantity_lots)


def stored_commands(instrument_id, after_seq=0, up_to_seq=None):
    """The persisted command stream of one instrument after ``after_seq`` (up to ``up_to_seq``), in order.

    Plain rows, not ORM objects: a writer catching up replays many of them under its lock.
    """
    statement = select(
        BookCommand.seq, BookCommand.action, BookCommand.time_us, BookCommand.order_public_id,
        BookCommand.enterprise_public_id, BookCommand.side, BookCommand.kind, BookCommand.price_minor,
        BookCommand.quantity_lots).where(BookCommand.instrument_id == instrument_id, BookCommand.seq > after_seq)
    if up_to_seq is not None:
        statement = statement.where(BookCommand.seq <= up_to_seq)
    rows = db.session.execute(statement.order_by(BookCommand.seq))
    return (_command_of(row) for row in rows)


@dataclass
class _Writer:
    """An instrument this transaction has claimed: its book, and the head's counters as they will be stored."""
    instrument: Instrument
    cached: _CachedBook
    claimed_seq: int
    trades: int


def _claim(instrument):
    """Lock the instrument's head (the one-writer rule) and bring its book up to the head's sequence.

    The book goes back to the process cache once the transaction commits, never after a rollback.
    """
    session = db.session
    claimed = session.execute(update(OrderBookHead).where(OrderBookHead.instrument_id == instrument.id)
                              .values(last_seq=OrderBookHead.last_seq)
                              .returning(OrderBookHead.last_seq, OrderBookHead.trades)
                              .execution_options(synchronize_session=False)).first()
    if claimed is None:
        session.add(OrderBookHead(instrument_id=instrument.id, last_seq=0, trades=0))
        session.flush()
        claimed = (0, 0)
    last_seq, trades = claimed
    cached = _cache().pop(instrument.id, None)
    if cached is None or cached.seq > last_seq:
        cached = _CachedBook(Book(), 0)
    if cached.seq < last_seq:
        cached.book.catch_up(stored_commands(instrument.id, cached.seq))
        cached.seq = last_seq
    # The id is read now: after the commit the instrument is expired and reading it would cost a query.
    after_commit(lambda cache=_cache(), instrument_id=instrument.id: _publish(cache, instrument_id, cached))
    return _Writer(instrument, cached, last_seq, trades)


def _publish(cache, instrument_id, cached):
    """Hand a committed book back to the process cache with the depth readers may see."""
    cached.depth = cached.book.depth(DEPTH_LEVELS)
    cache[instrument_id] = cached


def _release(writers):
    """Store each claimed head's new sequence and trade count (the lock itself ends with the commit)."""
    for writer in writers:
        if writer.cached.seq != writer.claimed_seq:
            db.session.execute(update(OrderBookHead).where(OrderBookHead.instrument_id == writer.instrument.id)
                               .values(last_seq=writer.cached.seq, trades=writer.trades)
                               .execution_options(synchronize_session=False))


def _feed(writer, command):
    """Hand one command to the engine and add its row; the next command's sequence follows it."""
    results = writer.cached.book.handle(command)
    db.session.add(BookCommand(
        instrument_id=writer.instrument.id, seq=command.seq, action=_ACTIONS[type(command)],
        order_public_id=command.order_id, time_us=command.time,
        enterprise_public_id=getattr(command, "enterprise", None), side=getattr(command, "side", None),
        kind=getattr(command, "kind", None), price_minor=getattr(command, "price", None),
        quantity_lots=getattr(command, "quantity", None)))
    writer.cached.seq = command.seq
    return results


def _committed_seq(instrument):
    head = db.session.get(OrderBookHead, instrument.id, populate_existing=True)
    return head.last_seq if head else 0


def committed_book(instrument):
    """A private copy of the instrument's book as committed, rebuilt from its stored commands.

    What a restart gives back; for audits and tests. Pages read ``market_depth`` instead.
    """
    book = Book()
    book.catch_up(stored_commands(instrument.id, up_to_seq=_committed_seq(instrument)))
    return book


def market_depth(instrument):
    """The best ``DEPTH_LEVELS`` price levels a side of the committed book.

    Read from the depth a writer published, or, when this process has none for the committed
    sequence, from a book rebuilt here, which is then offered to the cache for the next writer.
    """
    last_seq = _committed_seq(instrument)
    cached = _cache().get(instrument.id)
    if cached is not None and cached.seq == last_seq and cached.depth is not None:
        return cached.depth
    book = Book()
    book.catch_up(stored_commands(instrument.id, up_to_seq=last_seq))
    rebuilt = _CachedBook(book, last_seq, book.depth(DEPTH_LEVELS))
    _cache().setdefault(instrument.id, rebuilt)
    return rebuilt.depth


# --- results -> rows -------------------------------------------------------------------------------

def _store(fed, orders_by_id, now):
    """Store what the engine did for each ``(writer, results)`` in ``fed``: order states, and a trade and
    a contract awaiting payment per fill, with one flush for all the rows that need no ids of others.

    :return: the fills as ``(trade, contract)`` in the order they happened.
    """
    _load_counterparties(fed, orders_by_id)
    touched, trades = set(), []
    for writer, results in fed:
        for result in results:
            kind = type(result)
            if kind is engine_orders.Trade:
                trades.append(_trade_row(writer, result, orders_by_id, now))
                touched.update((result.buy_order_id, result.sell_order_id))
                continue
            order = orders_by_id[result.order_id]
            touched.add(result.order_id)
            if kind is Rested:
                order.remaining_lots = result.remaining
                order.price_minor = result.price
            elif kind is Cancelled:
                order.remaining_lots = 0
                order.status, order.reason = CANCELLED, result.reason
            elif kind is Rejected:
                order.remaining_lots = 0
                order.status, order.reason = REJECTED, result.reason
            elif kind is Amended:
                order.price_minor, order.remaining_lots = result.price, result.remaining
                order.quantity_lots = order.filled_lots + result.remaining
    for public_id in touched:
        order = orders_by_id[public_id]
        if order.status in LIVE:
            order.status = PARTIALLY_FILLED if order.filled_lots else OPEN
            if not order.remaining_lots:
                order.status = FILLED
        order.updated_at = now
        if order.id is not None:  # a new order starts at version 1
            order.version += 1
    if not trades:
        return []
    db.session.flush()  # the trades' ids, which their contracts refer to
    with contracts.recorded_by_caller():  # the audit record of the order that traded lists them
        return [(trade, contracts.from_trade(trade)) for trade in trades]


def _load_counterparties(fed, orders_by_id):
    """The resting orders the fills met, with their enterprises (the contracts name them), in one query.

    Read afresh: under the writer lock the stored rows are the truth, whatever this session saw before.
    """
    missing = {order_id for _, results in fed for result in results if type(result) is engine_orders.Trade
               for order_id in (result.buy_order_id, result.sell_order_id)} - set(orders_by_id)
    if missing:
        for order in db.session.scalars(select(FloorOrder).where(FloorOrder.public_id.in_(missing)).options(
                joinedload(FloorOrder.enterprise).lazyload(Enterprise.kinds))
                .execution_options(populate_existing=True)):
            orders_by_id[order.public_id] = order


def _trade_row(writer, fill, orders_by_id, now):
    buy, sell = orders_by_id[fill.buy_order_id], orders_by_id[fill.sell_order_id]
    for order in (buy, sell):
        order.filled_lots += fill.quantity
        order.remaining_lots -= fill.quantity
    writer.trades += 1
    trade = Trade(public_id=new_public_id("trd"), instrument=writer.instrument, number=writer.trades, seq=fill.seq,
                  buy_order=buy, sell_order=sell, buyer_enterprise_id=buy.enterprise_id,
                  seller_enterprise_id=sell.enterprise_id, price_minor=fill.price, quantity_lots=fill.quantity,
                  quantity=buy.lot_size * fill.quantity, aggressor=fill.aggressor, executed_at=now)
    db.session.add(trade)
    emit("trade.executed", "trade", trade.public_id, 1, {
        "instrument": writer.instrument.public_id, "price_minor": fill.price, "quantity": str(trade.quantity),
        "buyer": fill.buyer, "seller": fill.seller})
    return trade


def _fills_by_order(fills):
    """``{order public id: [(trade, contract), ...]}`` for both sides of each fill."""
    by_order = {}
    for trade, contract in fills:
        for order in (trade.buy_order, trade.sell_order):
            by_order.setdefault(order.public_id, []).append((trade, contract))
    return by_order


# --- use cases -------------------------------------------------------------------------------------

_MESSAGES = {
    pretrade.NOT_VERIFIED: lambda p: _("Only verified enterprises may trade; the operator has not verified "
                                       "this enterprise."),
    pretrade.SUSPENDED: lambda p: _("Trading in this instrument is suspended."),
    pretrade.CLOSED: lambda p: _("The floor is closed now; it opens next at %(when)s (Beijing time).",
                                 when=p["next_open"].strftime("%Y-%m-%d %H:%M")) if p.get("next_open")
    else _("The floor is closed now and has no session scheduled."),
    pretrade.BAD_SIDE: lambda p: _("Choose buy or sell."),
    pretrade.BAD_KIND: lambda p: _("Choose limit, market, IOC, FOK or post-only."),
    pretrade.BAD_PRICE: lambda p: _("Enter a price above zero."),
    pretrade.OFF_TICK: lambda p: _("The price must be a multiple of the tick size, %(tick)s.", tick=p["tick_text"]),
    pretrade.OUTSIDE_BAND: lambda p: _("Today's price band is %(low)s to %(high)s; the price is outside it.",
                                       low=p["low_text"], high=p["high_text"]),
    pretrade.OFF_LOT: lambda p: _("The quantity must be a whole number of lots of %(lot)s.", lot=p["lot_text"]),
    pretrade.TOO_LARGE: lambda p: _("One order may be at most %(most)s.", most=p["most_text"]),
    pretrade.CREDIT_BARRED: lambda p: credit_terms.barred_text(p["grade"]),
    pretrade.CREDIT_LIMIT: lambda p: _("Credit grade %(grade)s allows open orders worth at most %(limit)s in all; "
                                       "your open orders are worth %(open)s, and this one (%(value)s) would pass "
                                       "that limit.", grade=p["grade"], limit=p["limit_text"], open=p["open_text"],
                                       value=p["value_text"]),
}

_ENGINE_REASONS = {
    engine_orders.WOULD_TAKE_LIQUIDITY: lambda: _("A post-only order would have traded at once, so it was "
                                                  "refused."),
    engine_orders.FOK_UNFILLABLE: lambda: _("A fill-or-kill order must fill completely at once; the book could "
                                            "not fill it, so nothing traded."),
    engine_orders.SELF_TRADE_PREVENTED: lambda: _("The rest was cancelled: it would have traded with an order of "
                                                  "your own enterprise."),
    engine_orders.UNFILLED_REMAINDER: lambda: _("The rest was cancelled: market, IOC and FOK orders never rest "
                                                "in the book."),
    engine_orders.REQUESTED: lambda: _("Cancelled on request."),
}


def reason_text(code):
    """A sentence for why an order was refused or cancelled (empty for an unknown code)."""
    message = _ENGINE_REASONS.get(code)
    return message() if message else ""


def _refusal(refusals, instrument):
    """The InvalidInput naming every pre-trade rule an order breaks, in the reader's words."""
    floor = instrument.floor
    errors = {}
    for refusal in refusals:
        params = dict(refusal.params)
        if "tick" in params:
            params["tick_text"] = money(params["tick"], floor.currency)
        if "low" in params:
            params["low_text"] = money(params["low"], floor.currency)
            params["high_text"] = money(params["high"], floor.currency)
        if "lot_size" in params:
            params["lot_text"] = quantity(params["lot_size"], floor.unit)
        if "most" in params:
            params["most_text"] = quantity(params["most"], floor.unit)
        if "limit" in params:
            for name in ("limit", "open", "value"):
                params[f"{name}_text"] = money(params[name], TERMS_CURRENCY)
        if "next_open" in params and params["next_open"] is not None:
            params["next_open"] = params["next_open"].astimezone(SHANGHAI)
        errors.setdefault(refusal.field or "order", []).append(_MESSAGES[refusal.code](params))
    first = next(iter(errors.values()))[0]
    return InvalidInput(first, errors)


def _own_order(enterprise, order_public_id):
    order = db.session.scalar(select(FloorOrder).where(FloorOrder.public_id == order_public_id)
                              .execution_options(populate_existing=True))
    if order is None or order.enterprise_id != enterprise.id:
        raise NotFound(_("There is no such order of your enterprise."))
    return order


def _ensure_live(order):
    if order.status not in LIVE:
        raise InvalidInput(_("The order is %(status)s and can no longer be changed.", status=status_label(order.status)),
                           {"order": [_("Only open orders can be cancelled or amended.")]})


def status_label(status):
    return {OPEN: _("open"), PARTIALLY_FILLED: _("partially filled"), FILLED: _("filled"),
            CANCELLED: _("cancelled"), REJECTED: _("rejected")}.get(status, status)


@dataclass(frozen=True)
class OrderTicket:
    """One order to place on ``instrument`` (loaded by the caller); ``quantity`` is in the floor's unit and
    ``price_minor`` is the limit, or a market order's protection price (the band's edge when None)."""
    instrument: Instrument
    side: str
    kind: str
    quantity: Decimal
    price_minor: int | None = None


@dataclass(frozen=True)
class _Checked:
    """A ticket that passed the pre-trade checks, in the engine's units."""
    ticket: OrderTicket
    price: int
    lots: int
    lot_size: Decimal


def open_order_value_minor(enterprise, excluding=None):
    """What the enterprise's open floor orders are worth now: price times open quantity, summed over all floors.

    ``excluding`` (an order) is left out: an amended order is counted at its new value instead.
    """
    statement = select(FloorOrder.price_minor, FloorOrder.lot_size, FloorOrder.remaining_lots).where(
        FloorOrder.enterprise_id == enterprise.id, FloorOrder.status.in_(LIVE))
    if excluding is not None:
        statement = statement.where(FloorOrder.id != excluding.id)
    return sum(pretrade.value_minor(price, Decimal(lot_size) * lots)
               for price, lot_size, lots in db.session.execute(statement))


def _trader(enterprise, excluding=None):
    """The pre-trade facts about the enterprise: verified, and its credit grade's terms with its open orders."""
    terms = credit_terms.terms_of(enterprise)
    return pretrade.Trader(may_trade(enterprise.status), pretrade.CreditLimit(
        terms.grade, terms.may_trade, terms.max_open_order_minor, open_order_value_minor(enterprise, excluding)))


@dataclass(frozen=True)
class TicketTerms:
    """What the order ticket says of the enterprise's credit terms on one floor, and its open orders now."""
    terms: GradeTerms
    deposit_percent: Decimal  # what a contract on this floor asks: the floor's share or the grade's, if higher
    open_order_minor: int
    currency: str = TERMS_CURRENCY


def ticket_terms(enterprise, floor):
    """The credit terms the order ticket shows (two queries: the grade and the open orders' value)."""
    terms = credit_terms.terms_of(enterprise)
    return TicketTerms(terms, deposit_percent_of(floor.deposit_percent, terms), open_order_value_minor(enterprise))


def _checked(ticket, trader, terms_of, now):
    """The ticket in lots and minor units, or the InvalidInput naming every rule it breaks (nothing stored)."""
    instrument = ticket.instrument
    terms = terms_of.get(instrument.id)
    if terms is None:
        terms = terms_of[instrument.id] = floors.terms_for(instrument, now)
    price = ticket.price_minor
    if ticket.kind == engine_orders.MARKET and price is None:
        price = pretrade.protection_price(ticket.side, terms.band, None) or 0
    checked = pretrade.Ticket(ticket.side, ticket.kind, price if price is not None else 0, Decimal(ticket.quantity))
    refusals = pretrade.refusals(checked, terms, trader, now)
    if refusals:
        return _refusal(refusals, instrument)
    return _Checked(ticket, checked.price, pretrade.lots_of(checked, terms), terms.lot_size)


def _gated(enterprise, ticket):
    """Oversight's refusal of the ticket (a sanction in force, the floor's compliance profile), or None."""
    try:
        gate.ensure_may_trade(enterprise, floor=ticket.instrument.floor, mechanism="continuous",
                              instrument=ticket.instrument, side=ticket.side, quantity=Decimal(ticket.quantity),
                              field="order")
    except gate.OversightRefusal as refusal:
        return refusal
    return None


_MEET_AT_ONCE = (engine_orders.LIMIT, engine_orders.MARKET, engine_orders.IOC)


def _enter(user, enterprise, writer, checked, now):
    """Sequence one checked order into its instrument's book (under the writer lock).

    An order whose first match would be its own enterprise's is refused whole before the book sees
    it; after fills with others, self-trade prevention only cancels the rest.
    :return: the new order (its row is added, not yet flushed) and the engine's results.
    :raise InvalidInput: for that refusal; nothing is added then.
    """
    ticket = checked.ticket
    if ticket.kind in _MEET_AT_ONCE and writer.cached.book.first_to_meet(
            ticket.side, checked.price) == enterprise.public_id:
        raise InvalidInput(_("The order would trade with an order of your own enterprise, so it was refused; "
                             "nothing changed."), {"order": [reason_text(engine_orders.SELF_TRADE_PREVENTED)]})
    order = FloorOrder(public_id=new_public_id("fo"), instrument=writer.instrument, enterprise=enterprise,
                       placed_by_id=user.id, side=ticket.side, kind=ticket.kind, price_minor=checked.price,
                       lot_size=checked.lot_size, quantity_lots=checked.lots, remaining_lots=checked.lots,
                       filled_lots=0, status=OPEN, created_at=now, updated_at=now, version=1)
    db.session.add(order)
    results = _feed(writer, NewOrder(writer.cached.seq + 1, _epoch_us(now), order.public_id, enterprise.public_id,
                                     ticket.side, ticket.kind, checked.price, checked.lots))
    return order, results


def place_orders(user, enterprise, tickets, now=None):
    """Check, sequence and match orders in the given order in one transaction; each stands or is refused alone.

    All pre-trade checks come first; then each instrument's writer lock is taken once, in instrument
    order (so two batches never wait on each other in a circle), and only the sequencing, the rows
    and the audit records happen under it. An order's fills and their contracts are kept in memory
    for its answer (``fills_of``).
    :return: per ticket, the stored order or the InvalidInput that refused it; a refused ticket changes nothing.
    """
    now = now or utcnow()
    with transaction():
        trader, terms_of, checked = _trader(enterprise), {}, []
        for ticket in tickets:
            entry = _gated(enterprise, ticket) or _checked(ticket, trader, terms_of, now)
            if isinstance(entry, _Checked):
                trader = trader.with_order(pretrade.value_minor(entry.price, entry.lot_size * entry.lots))
            checked.append(entry)
        instruments = {entry.ticket.instrument.id: entry.ticket.instrument for entry in checked
                       if isinstance(entry, _Checked)}
        writers = {instrument_id: _claim(instruments[instrument_id]) for instrument_id in sorted(instruments)}
        outcomes, fed, placed = [], [], []
        for entry in checked:
            if isinstance(entry, _Checked):
                writer = writers[entry.ticket.instrument.id]
                try:
                    order, results = _enter(user, enterprise, writer, entry, now)
                except InvalidInput as refusal:
                    entry = refusal
                else:
                    fed.append((writer, results))
                    placed.append(order)
                    entry = order
            outcomes.append(entry)
        fills = _fills_by_order(_store(fed, {order.public_id: order for order in placed}, now))
        _release(writers.values())
        remembered = db.session.info.setdefault(_FILLS, {})
        for order in placed:
            made = fills.get(order.public_id, [])
            record("trading.order.placed", actor=user.public_id, enterprise=enterprise.public_id,
                   target=order.public_id, after=_audit_view(order, order.instrument, made))
            _announce("floor_order.placed", order, enterprise)
            remembered[order.public_id] = (order.version, made)
        return outcomes


def place_ticket(user, enterprise, ticket, now=None):
    """Place one order (see ``place_orders``). :raise InvalidInput: naming every rule it breaks; nothing is stored."""
    [outcome] = place_orders(user, enterprise, [ticket], now)
    if isinstance(outcome, InvalidInput):
        raise outcome
    return outcome


def place_order(user, enterprise, instrument_public_id, side, kind, quantity, price_minor=None, now=None):
    """Check, sequence and match one order; the stored order shows what became of it.

    :raise InvalidInput: naming every rule the order breaks; nothing is stored then.
    """
    with transaction():
        instrument = floors.instrument_by_public_id(instrument_public_id)
        return place_ticket(user, enterprise, OrderTicket(instrument, side, kind, Decimal(quantity), price_minor), now)


def cancel_order(user, enterprise, order_public_id, now=None):
    """Withdraw what is left of an open order. :raise InvalidInput: when it is no longer open."""
    now = now or utcnow()
    with transaction():
        order = _own_order(enterprise, order_public_id)
        instrument = order.instrument
        writer = _claim(instrument)
        db.session.refresh(order)
        _ensure_live(order)
        before = _audit_view(order, instrument)
        results = _feed(writer, Cancel(writer.cached.seq + 1, _epoch_us(now), order.public_id))
        _store([(writer, results)], {order.public_id: order}, now)
        _release([writer])
        record("trading.order.cancelled", actor=user.public_id, enterprise=enterprise.public_id,
               target=order.public_id, before=before, after=_audit_view(order, instrument))
        _announce("floor_order.cancelled", order, enterprise)
        return order


def amend_order(user, enterprise, order_public_id, price_minor=None, remaining=None, now=None):
    """Change an open order's price and/or its open quantity (in the floor's unit).

    Lowering the quantity at the same price keeps the order's place in the queue; a new price or a
    larger quantity sends it to the back (and it may trade at once at a new price). Only a change that
    makes the order worth more meets the credit check, so an enterprise whose grade fell can still shrink it.
    :raise InvalidInput: for a closed order or a new price or quantity the rules refuse.
    """
    now = now or utcnow()
    with transaction():
        order = _own_order(enterprise, order_public_id)
        instrument = order.instrument
        _ensure_live(order)
        price = order.price_minor if price_minor is None else price_minor
        open_quantity = order.lot_size * order.remaining_lots if remaining is None else Decimal(remaining)
        grows = (pretrade.value_minor(price, open_quantity)
                 > pretrade.value_minor(order.price_minor, order.lot_size * order.remaining_lots))
        trader = _trader(enterprise, excluding=order) if grows else pretrade.Trader(may_trade(enterprise.status))
        if grows and (refusal := _gated(enterprise, OrderTicket(instrument, order.side, order.kind, open_quantity,
                                                                  price))) is not None:
            raise refusal
        checked = _checked(OrderTicket(instrument, order.side, order.kind, open_quantity, price), trader, {}, now)
        if isinstance(checked, InvalidInput):
            raise checked
        writer = _claim(instrument)
        db.session.refresh(order)
        _ensure_live(order)
        before = _audit_view(order, instrument)
        results = _feed(writer, Amend(writer.cached.seq + 1, _epoch_us(now), order.public_id, checked.price,
                                      checked.lots))
        refused = next((r for r in results if isinstance(r, Rejected)), None)
        if refused is not None:
            raise InvalidInput(reason_text(refused.reason) or _("The book refused the change."),
                               {"price": [reason_text(refused.reason)]})
        fills = _store([(writer, results)], {order.public_id: order}, now)
        _release([writer])
        record("trading.order.amended", actor=user.public_id, enterprise=enterprise.public_id,
               target=order.public_id, before=before, after=_audit_view(order, instrument, fills))
        _announce("floor_order.amended", order, enterprise)
        return order


def _announce(topic, order, enterprise):
    """Tell the outbox (market surveillance listens) that an order entered, left or changed on a book."""
    emit(topic, "floor_order", order.public_id, order.version, {
        "floor": order.instrument.floor.code, "instrument": order.instrument.code, "enterprise": enterprise.public_id})


def _audit_view(order, instrument, fills=()):
    """What an audit record shows of an order; with the fills a change made, their trades and the
    contracts awaiting payment (those contracts have no audit record of their own)."""
    view = {"instrument": instrument.public_id, "side": order.side, "kind": order.kind,
            "price_minor": order.price_minor, "quantity_lots": order.quantity_lots,
            "remaining_lots": order.remaining_lots, "status": order.status}
    if fills:
        view["fills"] = [{"trade": trade.public_id, "contract": contract.public_id, "price_minor": trade.price_minor,
                          "quantity_lots": trade.quantity_lots} for trade, contract in fills]
    return view


# --- reading ---------------------------------------------------------------------------------------

def orders_statement(enterprise, instrument=None, live_only=False):
    statement = select(FloorOrder).where(FloorOrder.enterprise_id == enterprise.id)
    if instrument is not None:
        statement = statement.where(FloorOrder.instrument_id == instrument.id)
    if live_only:
        statement = statement.where(FloorOrder.status.in_(LIVE))
    return statement


def order_for(enterprise, order_public_id):
    """:raise NotFound: unless the order is this enterprise's."""
    return _own_order(enterprise, order_public_id)


def instruments_by_public_id(public_ids):
    """``{public id: instrument}`` of those that exist, in one query (a batch names its instruments once)."""
    if not public_ids:
        return {}
    return {instrument.public_id: instrument for instrument in db.session.scalars(
        select(Instrument).where(Instrument.public_id.in_(list(public_ids))))}


def trades_of_order(order):
    return db.session.scalars(select(Trade).where(
        (Trade.buy_order_id == order.id) | (Trade.sell_order_id == order.id)).order_by(Trade.number)).all()


def fills_of(order):
    """The order's fills as ``(trade, contract)``, oldest first.

    An order placed in this session answers from what placing it made (no query), as long as the
    order has not changed since (its version tells).
    """
    remembered = db.session.info.get(_FILLS, {}).get(order.public_id)
    if remembered is not None and remembered[0] == order.version:
        return remembered[1]
    trades = trades_of_order(order)
    by_trade = contracts.contracts_of_trades([trade.id for trade in trades])
    return [(trade, by_trade.get(trade.id)) for trade in trades]


# --- reading for pages -----------------------------------------------------------------------------

def recent_trades(instrument, limit=20):
    """The instrument's latest fills, newest first: the trade tape."""
    return db.session.scalars(select(Trade).where(Trade.instrument_id == instrument.id)
                              .order_by(Trade.number.desc()).limit(limit)).all()


def last_prices(instruments):
    """``{instrument id: price of its latest fill}`` for those that have traded."""
    ids = [instrument.id for instrument in instruments]
    if not ids:
        return {}
    latest = (select(Trade.instrument_id, func.max(Trade.number).label("number"))
              .where(Trade.instrument_id.in_(ids)).group_by(Trade.instrument_id).subquery())
    rows = db.session.execute(select(Trade.instrument_id, Trade.price_minor).join(
        latest, (Trade.instrument_id == latest.c.instrument_id) & (Trade.number == latest.c.number)))
    return dict(rows.all())


def finished_orders(enterprise, instrument, limit=10):
    """The enterprise's latest filled, cancelled or refused orders on one instrument, newest first."""
    return db.session.scalars(orders_statement(enterprise, instrument).where(FloorOrder.status.not_in(LIVE))
                              .order_by(FloorOrder.updated_at.desc(), FloorOrder.id.desc()).limit(limit)).all()


def live_orders(enterprise, instrument):
    """The enterprise's open and partly filled orders on one instrument, newest first."""
    return db.session.scalars(orders_statement(enterprise, instrument, live_only=True)
                              .order_by(FloorOrder.id.desc())).all()
