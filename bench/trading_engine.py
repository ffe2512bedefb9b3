"""The matching engine alone on a realistic command stream, against a published pure-Python order book.

Stream (seeded, so every run and every engine sees the same commands): one rebar-like instrument
quoted in fen with a 1 CNY tick, a mid price that wanders a tick at a time inside the daily band,
and ``ENTERPRISES`` enterprises sending about 70 % limit orders a few ticks either side of the mid
(some cross and trade), 20 % cancels of orders then resting and 10 % market orders with a
protection price ten ticks away. Ours: ``trading.engine.Book`` with tick and band checks, every
result object built. Peer: pyorderbook (pure Python, price-time priority) fed the same commands;
it has no market orders, so a market order is a limit at its protection price whose remainder is
cancelled at once — what a market order with protection is. Cancels of orders the peer already
filled (it has no self-trade prevention, so its fills differ slightly) are skipped, as our engine
answers them with a refusal. Trades and volume are printed for each, to show the work was alike.
"""
import importlib.metadata
import os
import random
import time

from trading.checks import PriceBand, TradingRules
from trading.engine import Book
from trading.orders import BUY, LIMIT, MARKET, SELL, Cancel, NewOrder, Trade

COMMANDS = int(os.environ.get("BENCH_TRADING_COMMANDS", "300000"))
ENTERPRISES = 20
TICK = 100  # fen: 1 CNY per tonne
REFERENCE = 400_000  # 4,000.00 CNY per tonne
RULES = TradingRules(tick=TICK, band=PriceBand.around(REFERENCE, 10, TICK))
ROUNDS = 5


def stream(count=COMMANDS, seed=2026):
    """``count`` commands: 70 % limit, 20 % cancel of a resting order, 10 % market.

    Cancels aim at orders resting at that point, found by feeding the stream to a book as it is made.
    """
    rng = random.Random(seed)
    book = Book(RULES)
    commands, candidates = [], []
    mid, low, high = REFERENCE, RULES.band.low + 10 * TICK, RULES.band.high - 10 * TICK
    enterprises = [f"ent_{n:02d}" for n in range(ENTERPRISES)]
    for seq in range(1, count + 1):
        if rng.random() < 0.05:
            mid = min(high, max(low, mid + rng.choice((-TICK, TICK))))
        roll = rng.random()
        while roll < 0.2 and candidates:
            index = rng.randrange(len(candidates))
            candidates[index], candidates[-1] = candidates[-1], candidates[index]
            order_id = candidates.pop()
            if order_id in book.orders:
                command = Cancel(seq, seq, order_id)
                break
        else:
            side = rng.choice((BUY, SELL))
            sign = 1 if side == BUY else -1
            if roll < 0.3:
                command = NewOrder(seq, seq, f"o{seq}", rng.choice(enterprises), side, MARKET,
                                   mid + sign * 10 * TICK, rng.randint(1, 30))
            else:
                command = NewOrder(seq, seq, f"o{seq}", rng.choice(enterprises), side, LIMIT,
                                   mid - sign * TICK * rng.randint(-1, 5), rng.randint(1, 20))
                candidates.append(command.order_id)
        book.handle(command)
        commands.append(command)
    return commands


def ours(commands):
    """Every command through a fresh book, its results taken and dropped as the order gateway and the
    writer's catch-up (`Book.catch_up`) do."""
    handle = Book(RULES).handle
    for command in commands:
        handle(command)


def ours_collected(commands):
    """The whole stream through `Book.run`, which keeps every result (what `trading.engine.replay` returns)."""
    Book(RULES).run(commands)


def peer(commands, blotters=None):
    """The same commands through pyorderbook; its blotters go to `blotters` when given (for counting)."""
    from pyorderbook import Book as PeerBook, Order, Side

    book = PeerBook()
    placed = {}
    for command in commands:
        if type(command) is Cancel:
            order = placed.pop(command.order_id)
            if book.get_order(order.id) is not None:
                book.cancel(order)
            continue
        order = Order(Side.BID if command.side == BUY else Side.ASK, "rebar", command.price, command.quantity)
        blotter = book.match(order)
        if blotters is not None:
            blotters.append(blotter)
        if command.kind == MARKET:
            if order.quantity:
                book.cancel(order)
        else:
            placed[command.order_id] = order


def work_done(commands):
    """Trades and traded lots of ours and of the peer, counted outside the timed runs."""
    trades = [result for result in Book(RULES).run(commands) if type(result) is Trade]
    blotters = []
    peer(commands, blotters)
    peer_fills = [fill for blotter in blotters for fill in blotter.trades]
    return ((len(trades), sum(trade.quantity for trade in trades)),
            (len(peer_fills), sum(fill.fill_quantity for fill in peer_fills)))


def best_rate(work, commands, rounds):
    """Commands per second of the fastest of ``rounds`` runs."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        work(commands)
        best = max(best, len(commands) / (time.perf_counter() - started))
    return best


def run(database_url, instance):
    commands = stream()
    kinds = {"limit": 0, "market": 0, "cancel": 0}
    for command in commands:
        kinds["cancel" if type(command) is Cancel else command.kind] += 1
    peer_rounds = max(1, ROUNDS // 2)
    rates = (best_rate(ours, commands, ROUNDS), best_rate(ours_collected, commands, ROUNDS),
             best_rate(peer, commands, peer_rounds))
    (trades, lots), (peer_trades, peer_lots) = work_done(commands)
    version = importlib.metadata.version("pyorderbook")
    mix = ", ".join(f"{share / len(commands):.0%} {kind}" for kind, share in kinds.items())
    print(f"\n## matching engine alone, {len(commands):,} commands ({mix}), {ENTERPRISES} enterprises, "
          f"best of {ROUNDS} (peer {peer_rounds}), one process")
    rows = (("ours: trading.engine.Book, results per command", rates[0], f"{trades:,} trades, {lots:,} lots"),
            ("ours: Book.run keeping all results", rates[1], ""),
            (f"peer: pyorderbook {version} (pure Python)", rates[2], f"{peer_trades:,} trades, {peer_lots:,} lots"))
    for index, (label, rate, work) in enumerate(rows):
        relation = f"   ours = {rates[0] / rate:.1f} x this" if index == len(rows) - 1 else ""
        print(f"  {label:<58} {rate:>10,.0f} commands/s   {work}{relation}")
