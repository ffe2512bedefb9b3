"""Properties of the book over random command streams from a few enterprises.

Each command is checked against the book just before it, so a broken guarantee is caught at the
command that broke it; the whole stream is then checked for conservation and determinism.
"""
from collections import Counter

from hypothesis import given, settings, strategies as st

from trading.checks import PriceBand, TradingRules
from trading.engine import Book, replay
from trading.orders import (
    BUY, FOK, IOC, MARKET, ORDER_KINDS, POST_ONLY, SELL, Amend, Amended, Cancel, Cancelled,
    NewOrder, Rejected, Trade,
)

RULES = TradingRules(tick=1, band=PriceBand(96, 104))
ENTERPRISES = ("tianjin-steel", "binhai-build", "hebei-rolling")

prices = st.one_of(st.integers(99, 101), st.integers(95, 105))  # mostly near the touch, some outside the band
new_order = st.tuples(st.just("new"), st.sampled_from(ENTERPRISES), st.sampled_from((BUY, SELL)),
                      st.sampled_from(ORDER_KINDS), prices, st.integers(1, 12))
cancel = st.tuples(st.just("cancel"), st.integers(0, 10_000))
amend = st.tuples(st.just("amend"), st.integers(0, 10_000), prices, st.integers(0, 12))
intents = st.lists(st.one_of(new_order, new_order, new_order, cancel, amend), max_size=120)


def commands_from(intents: list) -> list:
    """Turns intents into a numbered, timed stream; cancels and amends aim at ids already sent."""
    commands, ids = [], []
    for seq, intent in enumerate(intents, start=1):
        time = 1_000 + seq
        if intent[0] == "new":
            _, enterprise, side, kind, price, quantity = intent
            ids.append(f"o{seq}")
            commands.append(NewOrder(seq, time, ids[-1], enterprise, side, kind, price, quantity))
        elif not ids:
            commands.append(Cancel(seq, time, "nobody"))
        elif intent[0] == "cancel":
            commands.append(Cancel(seq, time, ids[intent[1] % len(ids)]))
        else:
            commands.append(Amend(seq, time, ids[intent[1] % len(ids)], intent[2], intent[3]))
    return commands


def resting(book: Book) -> dict[str, tuple]:
    return {entry[2]: entry for entry in book.snapshot()}


def follow(orders: dict, command, results: list) -> None:
    """The test's own record of each order's price and time priority, kept apart from the engine's."""
    if isinstance(command, NewOrder):
        orders[command.order_id] = {"kind": command.kind, "price": command.price,
                                    "entered": command.quantity, "priority": command.seq}
    for result in results:
        if isinstance(result, Amended):
            order = orders[result.order_id]
            if command.price != order["price"] or result.remaining > result.previous_remaining:
                order["priority"] = command.seq
            order["price"] = command.price


def check_command(book: Book, command, results: list, orders: dict) -> None:
    before = book.snapshot()
    new_results = book.handle(command)
    results.extend(new_results)
    follow(orders, command, new_results)
    after = resting(book)
    trades = [r for r in new_results if isinstance(r, Trade)]

    depth = book.depth(1)
    if depth.best_bid is not None and depth.best_ask is not None:
        assert depth.best_bid < depth.best_ask, "crossed book at rest"
    for order_id, entry in after.items():
        assert entry[1] == orders[order_id]["price"]
        assert orders[order_id]["kind"] not in (MARKET, IOC, FOK), f"{orders[order_id]['kind']} order rested"

    if any(isinstance(r, Rejected) for r in new_results):
        assert len(new_results) == 1 and book.snapshot() == before, "a refusal changed the book"

    filled = Counter()
    for trade in trades:
        filled[trade.buy_order_id] += trade.quantity
        filled[trade.sell_order_id] += trade.quantity
    for trade in trades:
        assert trade.buyer != trade.seller, "self-trade"
        aggressor = orders[trade.buy_order_id if trade.aggressor == BUY else trade.sell_order_id]
        passive_id = trade.sell_order_id if trade.aggressor == BUY else trade.buy_order_id
        assert aggressor["kind"] != POST_ONLY, "post-only took liquidity"
        limit = aggressor["price"]
        assert trade.price <= limit if trade.aggressor == BUY else trade.price >= limit, "traded beyond limit"
        passive_side = SELL if trade.aggressor == BUY else BUY
        sign = 1 if passive_side == BUY else -1
        passive = orders[passive_id]
        assert trade.price == passive["price"], "fill not at the resting price"
        for side, price, order_id, *_, remaining in before:
            ahead = side == passive_side and (
                price * sign > passive["price"] * sign
                or (price == passive["price"] and orders[order_id]["priority"] < passive["priority"]))
            if ahead:
                assert filled[order_id] == remaining, "an order with priority was left unfilled"


def run_checked(commands: list) -> tuple[Book, list, dict]:
    book, results, orders = Book(RULES), [], {}
    for command in commands:
        check_command(book, command, results, orders)
    return book, results, orders


@settings(max_examples=300, deadline=None)
@given(intents)
def test_every_command_keeps_the_book_sound(intents):
    run_checked(commands_from(intents))


@settings(max_examples=300, deadline=None)
@given(intents)
def test_quantity_is_conserved_and_fok_is_all_or_nothing(intents):
    commands = commands_from(intents)
    book, results, orders = run_checked(commands)
    entered, filled, cancelled = Counter(), Counter(), Counter()
    new_orders = {command.seq for command in commands if isinstance(command, NewOrder)}
    refused = set()
    for command in commands:
        if isinstance(command, NewOrder):
            entered[command.order_id] += command.quantity
    for result in results:
        if isinstance(result, Rejected) and result.seq in new_orders:
            refused.add(result.order_id)
        elif isinstance(result, Trade):
            filled[result.buy_order_id] += result.quantity
            filled[result.sell_order_id] += result.quantity
        elif isinstance(result, Cancelled):
            cancelled[result.order_id] += result.remaining
        elif isinstance(result, Amended):
            entered[result.order_id] += result.remaining - result.previous_remaining
    rest = {order_id: entry[5] for order_id, entry in resting(book).items()}
    for order_id in entered:
        if order_id in refused:
            assert not filled[order_id] and not rest.get(order_id)
            continue
        assert entered[order_id] == filled[order_id] + rest.get(order_id, 0) + cancelled[order_id], order_id
        if orders[order_id]["kind"] == FOK:
            assert filled[order_id] == orders[order_id]["entered"]
    assert sum(filled.values()) == 2 * sum(r.quantity for r in results if isinstance(r, Trade))


@settings(max_examples=150, deadline=None)
@given(intents)
def test_same_stream_same_results_and_replay_rebuilds_the_book(intents):
    commands = commands_from(intents)
    first = Book(RULES)
    first_results = first.run(commands)
    second, second_results = replay(commands, RULES)
    caught_up = Book(RULES)
    caught_up.catch_up(commands)
    assert first_results == second_results
    assert first.snapshot() == second.snapshot() == caught_up.snapshot()
    assert first.depth(5) == second.depth(5) == caught_up.depth(5)
    assert first.trades == caught_up.trades


@settings(max_examples=150, deadline=None)
@given(intents, st.integers(0, 120))
def test_a_restart_mid_stream_continues_exactly_as_without_it(intents, cut):
    commands = commands_from(intents)
    uninterrupted = Book(RULES)
    expected = uninterrupted.run(commands)
    restarted, before_restart = replay(commands[:cut], RULES)
    assert before_restart + restarted.run(commands[cut:]) == expected
    assert restarted.snapshot() == uninterrupted.snapshot()


@settings(max_examples=150, deadline=None)
@given(intents)
def test_first_to_meet_names_exactly_the_orders_that_would_meet_only_their_own(intents):
    """The gateway refuses such an order before the book sees it, so the prediction must match the book."""
    book = Book(RULES)
    for command in commands_from(intents):
        predicted = (book.first_to_meet(command.side, command.price) == command.enterprise
                     if isinstance(command, NewOrder) else None)
        results = book.handle(command)
        if predicted is None or any(isinstance(result, Rejected) for result in results) or command.kind in (
                FOK, POST_ONLY):
            continue
        stopped_at_once = not any(isinstance(result, Trade) for result in results) and any(
            isinstance(result, Cancelled) and result.reason == "self_trade_prevented" for result in results)
        assert predicted == stopped_at_once
