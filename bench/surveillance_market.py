"""A fixed-seed market per floor with labelled abuse injected among ordinary activity, for the detectors.

Ordinary activity, per floor and trading day (09:30–15:00 Shanghai): two instruments whose price
walks a random path; trades between random enterprises, each with its two orders placed and
filled, its contract (a deal of source "trade"), the buyer's payment and, days later, a movement of
the goods (3 % never ship); orders placed and cancelled again; off-book listing deals near the
reference price; a couple of auctions with three to six bidders, each paying its own deposit. A few
ordinary enterprises share a control group or a "related" link, as real markets have.

Abuse is injected by enterprises that take no other part (so a finding about them is about the
abuse): each family of the eleven detectors ``INSTANCES`` times per floor, about 1 % of all events.
Every instance carries a ``Label`` naming the detector that should see it and who did it. Prices
moved by ramping or marking the close stay moved for the rest of the day, as real impact does.
"""
import dataclasses
import random
from collections import namedtuple
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType

from marketplace.oversight.surveillance.events import (
    BidEvent, Context, DealEvent, MovementEvent, OrderEvent, PaymentEvent, Session, TradeEvent,
)

FLOORS = {  # floor → (instruments, reference price in fen per unit, unit)
    "steel": (("RB2605", "HC2605"), 400_000, "t"),
    "chemicals": (("UREA-N46", "PP-T30S"), 250_000, "t"),
    "agriculture": (("CORN-2", "SOYMEAL-43"), 280_000, "t"),
    "shipping": (("CAPE-5TC", "PMX-4TC"), 1_200_000, "day"),
}
FIRST_DAY, TRADING_DAYS = date(2026, 11, 2), 10
ENTERPRISES, TRADES_PER_DAY, CANCELLED_PER_DAY, LISTING_DEALS_PER_DAY, AUCTIONS_PER_DAY = 40, 150, 100, 20, 2
INSTANCES = 2  # of each abuse family per floor
OPENS, CLOSES = timedelta(hours=1, minutes=30), timedelta(hours=7)  # UTC, 09:30 and 15:00 in Shanghai

Label = namedtuple("Label", "detector floor subjects")
Market = namedtuple("Market", "floor events context labels")


def markets(seed=2026):
    """Every floor's market, each from its own seeded generator (adding a floor changes no other)."""
    return [_Floor(floor, random.Random(f"{seed}:{floor}")).build() for floor in FLOORS]


def trading_days():
    days, day = [], FIRST_DAY
    while len(days) < TRADING_DAYS:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


class _Floor:
    """The market of one floor as it is being written."""

    def __init__(self, floor, rng):
        self.floor, self.rng = floor, rng
        self.instruments, self.reference, self.unit = FLOORS[floor]
        self.people = [f"{floor}_e{n:02d}" for n in range(ENTERPRISES)]
        self.events, self.labels, self.groups, self.related = [], [], {}, {}
        self.serial, self.days = 0, trading_days()
        self.mids = {}

    def build(self):
        self._ordinary_links()
        for day in self.days:
            for instrument in self.instruments:
                self._book_day(day, instrument)
            self._listing_deals(day)
            self._auctions(day)
        for inject in (_wash, _related, _circular, _spoofing, _marking, _ramping, _off_reference, _splitting,
                       _abnormal_volume, _fake, _collusive):
            for instance in range(INSTANCES):
                inject(self, instance)
        sessions = tuple(Session(self.floor, day, self.opening(day), self.opening(day) - OPENS + CLOSES)
                         for day in self.days)
        context = Context(groups=MappingProxyType(dict(self.groups)),
                          related=MappingProxyType({key: frozenset(value) for key, value in self.related.items()}),
                          reference_prices=MappingProxyType(dict(self.mids)), sessions=sessions)
        return Market(self.floor, sorted(self.events, key=lambda event: event.at), context, self.labels)

    def _ordinary_links(self):
        for first, second in ((0, 1), (2, 3)):
            self.groups[self.people[first]] = self.groups[self.people[second]] = f"{self.floor}_sisters{first}"
        self.groups[self.people[4]], self.groups[self.people[5]] = f"{self.floor}_g4", f"{self.floor}_g5"
        self.related[f"{self.floor}_g4"], self.related[f"{self.floor}_g5"] = {f"{self.floor}_g5"}, {f"{self.floor}_g4"}

    def opening(self, day):
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + OPENS

    def moment(self, day):
        """A random instant inside the day's session."""
        return self.opening(day) + timedelta(seconds=self.rng.uniform(0, (CLOSES - OPENS).total_seconds()))

    def next_id(self, prefix):
        self.serial += 1
        return f"{self.floor}-{prefix}{self.serial}"

    def _book_day(self, day, instrument):
        start = self.mids.get((instrument, day - timedelta(days=1)), self.reference)
        self.mids[(instrument, day)] = start
        mid, times = start, sorted(self.moment(day) for _ in range(TRADES_PER_DAY))
        for at in times:
            mid = max(1, round(mid * (1 + self.rng.gauss(0, 0.0006))))
            buyer, seller = self.rng.sample(self.people, 2)
            self.trade(at, instrument, buyer, seller, self.rng.randint(1, 50), mid, self.rng.choice(("buy", "sell")))
        for _ in range(CANCELLED_PER_DAY):
            at, side = self.moment(day), self.rng.choice(("buy", "sell"))
            order, quantity = self.next_id("o"), Decimal(self.rng.randint(1, 60))
            price = start + self.rng.randint(-20, 20) * 100
            enterprise = self.rng.choice(self.people)
            self.order(at, instrument, order, enterprise, "new", side, price, quantity, quantity)
            gone = at + timedelta(seconds=self.rng.uniform(2, 900))
            self.order(gone, instrument, order, enterprise, "cancel", side, price, quantity, Decimal(0))

    def trade(self, at, instrument, buyer, seller, quantity, price, aggressor, shipped=True):
        """A book trade with both orders, both fills, the contract, the payment and (usually) the delivery."""
        trade, quantity = self.next_id("t"), Decimal(quantity)
        orders = {"buy": self.next_id("o"), "sell": self.next_id("o")}
        for side, enterprise in (("buy", buyer), ("sell", seller)):
            placed = at if side == aggressor else at - timedelta(seconds=self.rng.uniform(1, 300))
            self.order(placed, instrument, orders[side], enterprise, "new", side, price, quantity, quantity)
            self.order(at, instrument, orders[side], enterprise, "fill", side, price, quantity, Decimal(0))
        self.events.append(TradeEvent(at, self.floor, instrument, trade, buyer, seller, orders["buy"], orders["sell"],
                                      price, quantity, self.unit, "CNY", aggressor))
        self.deal(at, f"ctr-{trade}", "trade", buyer, seller, instrument, quantity, price * int(quantity),
                  shipped and self.rng.random() > 0.03)

    def order(self, at, instrument, order, enterprise, action, side, price, quantity, remaining):
        self.events.append(OrderEvent(at, self.floor, instrument, order, enterprise, action, side, price, quantity,
                                      remaining, self.unit, "CNY"))

    def deal(self, at, reference, source, buyer, seller, commodity, quantity, amount, shipped):
        self.events.append(DealEvent(at, self.floor, reference, source, buyer, seller, commodity, Decimal(quantity),
                                     self.unit, amount, "CNY"))
        self.events.append(PaymentEvent(at + timedelta(minutes=30), reference, buyer, seller, amount, "CNY",
                                        f"acct-{buyer}"))
        if shipped:
            self.events.append(MovementEvent(at + timedelta(days=self.rng.uniform(1, 4)), reference, "delivered"))

    def _listing_deals(self, day):
        for _ in range(LISTING_DEALS_PER_DAY):
            buyer, seller = self.rng.sample(self.people, 2)
            instrument, quantity = self.rng.choice(self.instruments), self.rng.randint(10, 500)
            price = round(self.mids[(instrument, day)] * self.rng.uniform(0.96, 1.04))
            self.deal(self.moment(day), self.next_id("d"), "listing", buyer, seller, instrument, quantity,
                      price * quantity, self.rng.random() > 0.05)

    def _auctions(self, day):
        for _ in range(AUCTIONS_PER_DAY):
            bidders = self.rng.sample(self.people, self.rng.randint(3, 6))
            self.auction(self.moment(day), self.next_id("a"), bidders, self.rng.choice(bidders),
                         {bidder: f"acct-{bidder}" for bidder in bidders})

    def auction(self, at, auction, bidders, winner, accounts):
        for n, bidder in enumerate(bidders):
            price = self.reference * 100 + (5_000 if bidder == winner else self.rng.randint(0, 4_000))
            self.events.append(BidEvent(at + timedelta(seconds=30 * n), self.floor, auction, "sealed", "owner",
                                        bidder, price, Decimal(100), self.unit, "CNY", bidder == winner,
                                        accounts.get(bidder, "")))

    def abusers(self, family, instance, count):
        return [f"{self.floor}_{family}{instance}_{n}" for n in range(count)]

    def label(self, detector, subjects):
        self.labels.append(Label(detector, self.floor, frozenset(subjects)))

    def impact(self, instrument, after, until, factor):
        """Every ordinary trade of ``instrument`` from ``after`` to ``until`` priced ``factor`` times higher."""
        self.events = [dataclasses.replace(event, price_minor=round(event.price_minor * factor))
                       if isinstance(event, TradeEvent) and event.instrument == instrument and after < event.at <= until
                       else event for event in self.events]


def _wash(floor, instance):
    pair, day = floor.abusers("wash", instance, 2), floor.days[floor.rng.randrange(len(floor.days))]
    for enterprise in pair:
        floor.groups[enterprise] = pair[0]
    instrument = floor.rng.choice(floor.instruments)
    for n in range(3):
        buyer, seller = pair if n % 2 == 0 else pair[::-1]
        floor.trade(floor.moment(day), instrument, buyer, seller, 30, floor.mids[(instrument, day)], "buy")
    floor.label("wash_trades", pair)


def _related(floor, instance):
    pair, day = floor.abusers("rel", instance, 2), floor.rng.choice(floor.days)
    floor.groups.update({pair[0]: pair[0], pair[1]: pair[1]})
    floor.related[pair[0]], floor.related[pair[1]] = {pair[1]}, {pair[0]}
    instrument = floor.rng.choice(floor.instruments)
    for n in range(4):
        buyer, seller = pair if n % 2 == 0 else pair[::-1]
        floor.trade(floor.moment(day), instrument, buyer, seller, 20, floor.mids[(instrument, day)], "sell")
    floor.label("related_matching", pair)


def _circular(floor, instance):
    ring = floor.abusers("ring", instance, 3 + instance % 2)
    day, instrument = floor.rng.choice(floor.days[:-2]), floor.rng.choice(floor.instruments)
    at, price = floor.moment(day), floor.mids[(instrument, day)]
    for n, seller in enumerate(ring):
        buyer = ring[(n + 1) % len(ring)]
        floor.deal(at + timedelta(hours=3 * n), floor.next_id("d"), "listing", buyer, seller, instrument, 200,
                   price * 200, shipped=False)
    floor.label("circular_trading", ring)


def _spoofing(floor, instance):
    [spoofer], day = floor.abusers("spoof", instance, 1), floor.rng.choice(floor.days)
    instrument = floor.rng.choice(floor.instruments)
    at, mid = floor.moment(day), floor.mids[(instrument, day)]
    walls = [floor.next_id("o") for _ in range(3)]
    for level, wall in enumerate(walls):
        floor.order(at + timedelta(seconds=level), instrument, wall, spoofer, "new", "buy", mid - 100 * (level + 1),
                    Decimal(40), Decimal(40))
    floor.trade(at + timedelta(seconds=20), instrument, floor.rng.choice(floor.people), spoofer, 5, mid, "buy")
    for level, wall in enumerate(walls):
        floor.order(at + timedelta(seconds=22 + level), instrument, wall, spoofer, "cancel", "buy",
                    mid - 100 * (level + 1), Decimal(40), Decimal(0))
    floor.label("spoofing", [spoofer])


def _marking(floor, instance):
    [marker], day = floor.abusers("close", instance, 1), floor.rng.choice(floor.days)
    instrument = floor.instruments[instance % 2]
    close = floor.opening(day) - OPENS + CLOSES
    price = floor.mids[(instrument, day)]
    for n in range(4):
        price = round(price * 1.006)
        floor.trade(close - timedelta(seconds=290 - 70 * n), instrument, marker, floor.rng.choice(floor.people),
                    50, price, "buy")
    floor.impact(instrument, close - timedelta(seconds=80), close, 1.024)
    floor.label("marking_the_close", [marker])


def _ramping(floor, instance):
    [ramper], day = floor.abusers("ramp", instance, 1), floor.rng.choice(floor.days)
    instrument = floor.instruments[instance % 2]
    at = floor.opening(day) + timedelta(hours=2)
    price = floor.mids[(instrument, day)]
    for n in range(6):
        price = round(price * 1.005)
        floor.trade(at + timedelta(seconds=30 * n), instrument, ramper, floor.rng.choice(floor.people), 60, price, "buy")
    floor.impact(instrument, at + timedelta(seconds=150), floor.opening(day) - OPENS + CLOSES, 1.03)
    floor.label("ramping", [ramper])


def _off_reference(floor, instance):
    pair, day = floor.abusers("offprice", instance, 2), floor.rng.choice(floor.days)
    instrument = floor.rng.choice(floor.instruments)
    price = round(floor.mids[(instrument, day)] * 1.25)
    floor.deal(floor.moment(day), floor.next_id("d"), "listing", pair[0], pair[1], instrument, 100, price * 100, True)
    floor.label("off_reference_price", pair)


def _splitting(floor, instance):
    pair, day = floor.abusers("split", instance, 2), floor.rng.choice(floor.days)
    at = floor.moment(day)
    for n in range(4):
        floor.events.append(PaymentEvent(at + timedelta(hours=n), floor.next_id("p"), pair[0], pair[1],
                                         4_990_000 - floor.rng.randint(0, 300_000), "CNY", f"acct-{pair[0]}"))
    floor.label("splitting", pair)


def _abnormal_volume(floor, instance):
    [whale], day = floor.abusers("whale", instance, 1), floor.days[6 + instance]
    instrument = floor.instruments[instance % 2]
    for _ in range(12):
        floor.trade(floor.moment(day), instrument, whale, floor.rng.choice(floor.people), 1_500,
                    floor.mids[(instrument, day)], floor.rng.choice(("buy", "sell")))
    floor.label("abnormal_volume", [whale])


def _fake(floor, instance):
    crew = floor.abusers("fake", instance, 3)
    for enterprise in crew:
        floor.groups[enterprise] = crew[0]
    shop, friends = crew[0], crew[1:]
    for n in range(5):
        day, reference = floor.days[n % 4], floor.next_id("d")
        at = floor.moment(day)
        floor.events.append(DealEvent(at, floor.floor, reference, "listing", friends[n % 2], shop,
                                      f"{floor.floor}-sample-lot", Decimal(1), "lot", 99_900, "CNY"))
        floor.events.append(PaymentEvent(at + timedelta(minutes=5), reference, friends[n % 2], shop, 99_900, "CNY",
                                         f"acct-{friends[n % 2]}"))
        floor.events.append(PaymentEvent(at + timedelta(hours=2), reference, shop, friends[n % 2], 99_900, "CNY",
                                         f"acct-{shop}", "out"))
    floor.label("fake_transactions", crew)


def _collusive(floor, instance):
    ring = floor.abusers("bidring", instance, 3)
    shared = {bidder: "acct-shared-" + ring[0] for bidder in ring} if instance % 2 else {}
    for n in range(3):
        floor.auction(floor.moment(floor.days[2 * n + instance]), floor.next_id("a"), ring, ring[n], shared)
    floor.label("collusive_bidding", ring)
