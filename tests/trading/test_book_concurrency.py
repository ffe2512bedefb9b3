"""Many clients in several server processes trade one instrument at once: no lost order, one consistent book.

Two application instances stand for two server processes: each keeps its own cached books, and
only the database (the instrument's head row lock) orders their writers.
"""
import random
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import cached_book_is_a_committed_book, list_instrument
from trading.book import services as book
from trading.book.models import BookCommand, FloorOrder, Trade
from trading.engine import Book
from trading.floors.models import Instrument

CLIENTS = 12
ORDERS_EACH = 8


def _trade_at_random(apps, instrument_id, enterprise_ids, seed):
    """One client: orders near 4,000.00 and cancels of its own live orders, through alternating processes."""
    start = threading.Barrier(CLIENTS)
    placed, failures = [[] for _ in range(CLIENTS)], []

    def client(number):
        rng = random.Random(seed * 100 + number)
        try:
            start.wait()
            for step in range(ORDERS_EACH):
                with apps[(number + step) % 2].test_request_context():
                    try:
                        _one_step(rng, number, instrument_id, enterprise_ids, placed[number])
                    finally:
                        db.session.remove()
        except Exception as error:  # noqa: BLE001 - re-raised below so the test fails
            failures.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [order for orders in placed for order in orders]


def _one_step(rng, number, instrument_id, enterprise_ids, placed):
    from marketplace.accounts.models import Enterprise
    enterprise = db.session.get(Enterprise, enterprise_ids[number % len(enterprise_ids)])
    instrument = db.session.get(Instrument, instrument_id)
    user = owner_of(enterprise)
    live = [public_id for public_id in placed if rng.random() < 0.3]
    if live and rng.random() < 0.25:
        try:
            book.cancel_order(user, enterprise, live[0])
        except InvalidInput:
            pass  # filled meanwhile by another client
        return
    kind = rng.choice(("limit", "limit", "limit", "ioc", "market"))
    side = rng.choice(("buy", "sell"))
    price = None if kind == "market" else 400000 + 100 * rng.randint(-5, 5)
    try:
        order = book.place_order(user, enterprise, instrument.public_id, side, kind,
                                 Decimal(10 * rng.randint(1, 5)), price)
    except InvalidInput:
        return  # it would have met its own enterprise's order first: refused, nothing stored
    placed.append(order.public_id)


@pytest.mark.postgres_only
def test_parallel_clients_in_two_processes_leave_one_consistent_book(app, other_process, world):
    instrument = list_instrument(world.operator())
    enterprises = [world.enterprise() for _ in range(3)]
    placed = _trade_at_random((app, other_process), instrument.id, [e.id for e in enterprises], seed=7)

    db.session.expire_all()
    orders = db.session.scalars(select(FloorOrder).where(FloorOrder.instrument_id == instrument.id)).all()
    assert sorted(o.public_id for o in orders) == sorted(placed)  # nothing lost, nothing invented
    seqs = db.session.scalars(select(BookCommand.seq).where(BookCommand.instrument_id == instrument.id)
                              .order_by(BookCommand.seq)).all()
    assert seqs == list(range(1, len(seqs) + 1))
    numbers = db.session.scalars(select(Trade.number).where(Trade.instrument_id == instrument.id)
                                 .order_by(Trade.number)).all()
    assert numbers == list(range(1, len(numbers) + 1)) and numbers  # the clients did trade with each other

    replayed = Book()
    replayed.run(book.stored_commands(instrument.id))
    for process in (app, other_process):  # each process trades on, and shows, the committed book
        assert cached_book_is_a_committed_book(process, instrument.id)
        with process.test_request_context():
            assert book.market_depth(db.session.get(Instrument, instrument.id)) == replayed.depth(book.DEPTH_LEVELS)
            db.session.remove()
    depth = replayed.depth(1)
    assert depth.best_bid is None or depth.best_ask is None or depth.best_bid < depth.best_ask
    resting = {entry[2]: entry[5] for entry in replayed.snapshot()}
    for order in orders:
        fills = db.session.scalar(select(func.coalesce(func.sum(Trade.quantity_lots), 0)).where(
            (Trade.buy_order_id == order.id) | (Trade.sell_order_id == order.id)))
        assert order.filled_lots == fills
        assert order.remaining_lots == resting.get(order.public_id, 0)
        assert order.status in (("open", "partially_filled") if order.public_id in resting
                                else ("filled", "cancelled", "rejected"))
