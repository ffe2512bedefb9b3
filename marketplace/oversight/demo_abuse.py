"""Seeded market abuse among the demo's normal trading, so surveillance has something true to find.

Made through the trading use cases at the times it would have happened, inside the weeks of
history the trading demo writes (before the live book is laid, so these orders meet only each
other): a wash pair that shares its legal representative, a circular ring of three chemical
traders with no goods moving, a spoofer layering bids on soybeans, and a bid ring rotating the
wins of three steel auctions. Which enterprises take part is fixed here and in ``PARTIES`` of
``marketplace.oversight.demo``.
"""
from datetime import timedelta

from marketplace.accounts.services import owner_of
from trading.auctions import services as auctions
from trading.book import services as book
from trading.floors import services as floors

WASH_PAIR = ("ruigang", "dingsheng")  # one legal representative behind both
WASH_INSTRUMENT = "RB-HRB400E-TJ-2612"
CIRCULAR_RING = ("huahan", "huayu", "jiahe")
CIRCULAR_INSTRUMENT = "MEOH-TJ-2612"
SPOOFER, SPOOF_VICTIM = "fengsui", "chadian"
SPOOF_INSTRUMENT = "SOY-G1-TJ-2701"
BID_RING = ("yujiapu", "dingsheng", "zhongcheng")
BID_RING_SELLER = "ruigang"


def _trading_days(calendar, now, count, skip=1):
    """``count`` trading days before today, oldest first, leaving out the ``skip`` most recent."""
    day, found = calendar.trading_day_of(now), []
    while len(found) < count + skip:
        day = calendar.previous_trading_day(day)
        if day is None:
            break
        found.append(day)
    return list(reversed(found[skip:]))


def _session_moment(calendar, day, minutes_after_open):
    window = calendar.windows[0]
    return floors.day_start(day) + timedelta(minutes=window.opens + minutes_after_open)


def _price(instrument, day, ticks=0):
    band, tick = floors.band_of(instrument, day), instrument.floor.tick_minor
    centre = floors.reference_price(instrument, day) + ticks * tick
    return min(max(centre, band.low), band.high)


def seed(instrument, firms, now):
    """Add this instrument's seeded abuse, if it has any; ``firms`` maps demo slugs to trading enterprises."""
    scenario = {WASH_INSTRUMENT: _wash_trades, CIRCULAR_INSTRUMENT: _circular_ring,
                SPOOF_INSTRUMENT: _spoofing}.get(instrument.code)
    if scenario is not None:
        scenario(instrument, firms, now)


def _cross(seller, buyer, instrument, lots, price, moment):
    """The seller rests an offer and the buyer takes it a few seconds later: one trade between the two."""
    quantity = instrument.floor.lot_size * lots
    book.place_order(owner_of(seller), seller, instrument.public_id, "sell", "limit", quantity, price, now=moment)
    book.place_order(owner_of(buyer), buyer, instrument.public_id, "buy", "limit", quantity, price,
                     now=moment + timedelta(seconds=4))


def _wash_trades(instrument, firms, now):
    """The pair trades back and forth at the reference price on four days: volume with no change of owner."""
    first, second = (firms.get(slug) for slug in WASH_PAIR)
    if first is None or second is None:
        return
    calendar = floors.calendar_of(instrument.floor)
    for number, day in enumerate(_trading_days(calendar, now, 4, skip=2)):
        moment = _session_moment(calendar, day, 47)
        seller, buyer = (first, second) if number % 2 == 0 else (second, first)
        _cross(seller, buyer, instrument, 12, _price(instrument, day), moment)


def _circular_ring(instrument, firms, now):
    """A → B → C → A within one morning, the same 30 lots each time, on two days; no shipment follows."""
    ring = [firms.get(slug) for slug in CIRCULAR_RING]
    if any(firm is None for firm in ring):
        return
    calendar = floors.calendar_of(instrument.floor)
    for day in _trading_days(calendar, now, 2, skip=4):
        for leg in range(len(ring)):
            seller, buyer = ring[leg], ring[(leg + 1) % len(ring)]
            moment = _session_moment(calendar, day, 20 + 25 * leg)
            _cross(seller, buyer, instrument, 30 - leg % 2, _price(instrument, day, ticks=leg), moment)


def _spoofing(instrument, firms, now):
    """Layered large bids, a small sell filled against an honest buyer, the bids pulled two seconds later."""
    spoofer, victim = firms.get(SPOOFER), firms.get(SPOOF_VICTIM)
    if spoofer is None or victim is None:
        return
    calendar = floors.calendar_of(instrument.floor)
    lot = instrument.floor.lot_size
    for day in _trading_days(calendar, now, 3, skip=1):
        start = _session_moment(calendar, day, 65)
        layers = [book.place_order(owner_of(spoofer), spoofer, instrument.public_id, "buy", "limit", lot * 20,
                                   _price(instrument, day, ticks=-level), now=start + timedelta(seconds=level))
                  for level in range(1, 4)]
        offer = start + timedelta(seconds=20)
        book.place_order(owner_of(spoofer), spoofer, instrument.public_id, "sell", "limit", lot * 2,
                         _price(instrument, day, ticks=1), now=offer)
        book.place_order(owner_of(victim), victim, instrument.public_id, "buy", "limit", lot * 2,
                         _price(instrument, day, ticks=1), now=offer + timedelta(seconds=3))
        for number, order in enumerate(layers):
            if order.status in book.LIVE:
                book.cancel_order(owner_of(spoofer), spoofer, order.public_id,
                                  now=offer + timedelta(seconds=5 + number))


def bid_ring_auctions(firms, now):
    """Three past steel auctions of one seller, won in turn by each ring member while the others bid just under.

    :return: how many auctions were held.
    """
    seller, ring = firms.get(BID_RING_SELLER), [firms.get(slug) for slug in BID_RING]
    if seller is None or any(member is None for member in ring):
        return 0
    held = 0
    for number in range(len(ring)):
        opened = now - timedelta(days=18 - 5 * number, hours=3)
        auction = auctions.create_auction(
            owner_of(seller), seller, floor_code="steel", kind="english",
            title=f"库存螺纹钢 HRB400E Φ18 第{number + 1}批 200 吨 / Stock rebar HRB400E 18 mm, lot {number + 1}, 200 t",
            spec={"product": "rebar", "grade": "HRB400E", "diameter_mm": 18, "length_m": "12",
                  "standard": "GB/T 1499.2-2018"},
            quantity="200", reserve="3200.00", increment="10.00", opens_at=opened,
            closes_at=opened + timedelta(hours=2), delivery_place="天津南港瑞钢仓库",
            delivery_month="2026-12", now=opened)
        winner = ring[number]
        covers = [member for member in ring if member is not winner]
        bids = [(covers[0], "3200.00"), (covers[1], "3210.00"), (winner, "3260.00")]
        for seconds, (bidder, price) in enumerate(bids, start=1):
            auctions.place_bid(owner_of(bidder), bidder, auction.public_id, price,
                               now=opened + timedelta(minutes=10 * seconds))
        auctions.close_auction(auction.public_id, now=opened + timedelta(hours=2, seconds=1))
        held += 1
    return held

