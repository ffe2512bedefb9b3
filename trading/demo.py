"""Demo trading: instruments on every floor, three weeks of trades, a live book and open auctions.

Everything goes through the trading use cases with the times the orders would have had: each
order passes the pre-trade checks of its day (sessions, the band around the previous day's
settlement), so the history is one the platform itself could have produced. Keyed on instrument
codes and auction titles: what exists already is left alone, so loading again adds nothing.
"""
import random
import zlib
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from marketplace.accounts.lifecycle import may_trade
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.oversight import demo_abuse
from trading.auctions import services as auctions
from trading.auctions.models import Auction
from trading.book import services as book
from trading.floors import services as floors
from trading.floors.calendar import SHANGHAI
from trading.floors.models import Instrument

HISTORY_TRADING_DAYS = 15
TRADES_PER_DAY = 4
LADDER_LEVELS = 5


REBAR_20MM = {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12",
              "standard": "GB/T 1499.2-2018"}

UREA_46 = {"product": "尿素（颗粒） Urea, granular", "cas_number": "57-13-6", "hazard_class": "none",
           "purity_percent": "46.2", "packaging": "50 kg 编织袋 / woven bags"}


class DemoInstrument(NamedTuple):
    floor: str
    code: str
    name_zh: str
    name_en: str
    spec: dict
    delivery_place: str
    delivery_month: str
    reference: str  # in currency units per unit
    sellers: tuple  # demo company slugs
    buyers: tuple


def instruments(today):
    laycan = (today + timedelta(days=30)).isoformat(), (today + timedelta(days=40)).isoformat()
    return (
        DemoInstrument("steel", "RB-HRB400E-TJ-2612", "螺纹钢 HRB400E Φ20 天津临港 2612",
                       "Rebar HRB400E 20 mm Tianjin Lingang 2612",
                       REBAR_20MM, "天津临港钢材物流园仓库", "2026-12", "3450.00", ("hengtai", "ruigang"),
                       ("yujiapu", "dingsheng")),
        DemoInstrument("steel", "RB-HRB400E-TJ-2701", "螺纹钢 HRB400E Φ20 天津临港 2701",
                       "Rebar HRB400E 20 mm Tianjin Lingang 2701",
                       REBAR_20MM, "天津临港钢材物流园仓库", "2027-01", "3480.00", ("hengtai", "ruigang"),
                       ("yujiapu", "zhongzhuang")),
        DemoInstrument("steel", "HC-Q235B-TJ-2612", "热轧卷板 Q235B 4.75mm 天津 2612",
                       "Hot-rolled coil Q235B 4.75 mm Tianjin 2612",
                       {"product": "hot_rolled_coil", "grade": "Q235B", "thickness_mm": "4.75",
                        "standard": "GB/T 3274-2017"},
                       "天津港散货物流中心", "2026-12", "3560.00", ("xincheng", "hengtai"),
                       ("zhongzhuang", "zhongcheng")),
        DemoInstrument("chemicals", "UREA-46-TJ-2612", "尿素 46% 颗粒 天津南港 2612",
                       "Urea 46% granular Tianjin Nangang 2612",
                       UREA_46,
                       "天津南港工业区化工仓储库区", "2026-12", "1750.00", ("huahan",), ("huayu", "jiahe")),
        DemoInstrument("chemicals", "MEOH-TJ-2612", "甲醇 99.9% 天津南港 2612", "Methanol 99.9% Tianjin Nangang 2612",
                       {"product": "甲醇 Methanol", "cas_number": "67-56-1", "un_number": "1230",
                        "hazard_class": "3", "purity_percent": "99.9", "packaging": "储罐 / tank"},
                       "天津南港工业区液体化工码头罐区", "2026-12", "2380.00", ("huahan", "huayu"), ("jiahe",)),
        DemoInstrument("agriculture", "CORN-G2-TJ-2701", "玉米 二等 黑龙江 2026产 天津港 2701",
                       "Corn grade 2 Heilongjiang 2026 crop Tianjin Port 2701",
                       {"commodity": "corn", "grade": "grade_2", "moisture_percent": "14", "origin": "黑龙江",
                        "harvest_year": 2026},
                       "天津港北疆港区粮食码头", "2027-01", "2260.00", ("fengsui",), ("jiahe",)),
        DemoInstrument("agriculture", "SOY-G1-TJ-2701", "大豆 一等 黑龙江 2026产 天津港 2701",
                       "Soybean grade 1 Heilongjiang 2026 crop Tianjin Port 2701",
                       {"commodity": "soybean", "grade": "grade_1", "moisture_percent": "13", "origin": "黑龙江",
                        "harvest_year": 2026},
                       "天津港北疆港区粮食码头", "2027-01", "4120.00", ("fengsui", "jiahe"), ("hairun", "chadian")),
        DemoInstrument("shipping", "FRT-SMX-AUPHE-CNTXG-2612", "程租 超灵便型 黑德兰港—天津新港 铁矿石 2612",
                       "Voyage charter Supramax Port Hedland–Tianjin Xingang iron ore 2612",
                       {"vessel_type": "bulk_carrier", "dwt_tonnes": 58000, "load_port": "AUPHE",
                        "discharge_port": "CNTXG", "laycan_from": laycan[0], "laycan_to": laycan[1],
                        "incoterm": "FOB", "cargo": "铁矿石 iron ore fines"},
                       "天津新港 CNTXG", "2026-12", "65.00", ("yuanhang",), ("jinhai", "hongyun")),
    )


def _enterprise(slug, credit_codes):
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_codes[slug]))
    return enterprise if enterprise is not None and may_trade(enterprise.status) else None


def _trading_moments(calendar, now, days):
    """A few moments inside the sessions of each of the last ``days`` trading days before today."""
    day, found = calendar.trading_day_of(now), []
    while len(found) < days:
        day = calendar.previous_trading_day(day)
        if day is None:
            break
        found.append(day)
    moments = []
    for day in reversed(found):
        windows = calendar.windows
        for number in range(TRADES_PER_DAY):
            window = windows[number % len(windows)]
            minute = window.opens + (window.closes - window.opens) * (number + 1) // (TRADES_PER_DAY + 2)
            moments.append(floors.day_start(day) + timedelta(minutes=minute))
    return moments


def _last_open_moment(calendar, now):
    """The latest moment before ``now`` when the floor was open: resting orders are placed then."""
    day = calendar.trading_day_of(now)
    if not calendar.is_trading_day(day):
        day = calendar.previous_trading_day(day)
    for _ in range(2):
        for window in reversed(calendar.windows):
            start = floors.day_start(day) + timedelta(minutes=window.opens)
            if start < now:
                return min(now - timedelta(seconds=1), start + timedelta(minutes=window.closes - window.opens - 1))
        day = calendar.previous_trading_day(day)
    return None


def _history(instrument, sellers, buyers, rng, now):
    """Trades at a few moments of each past trading day, prices drifting within the day's band."""
    calendar = floors.calendar_of(instrument.floor)
    tick, lot = instrument.floor.tick_minor, instrument.floor.lot_size
    for moment in _trading_moments(calendar, now, HISTORY_TRADING_DAYS):
        band = floors.band_of(instrument, calendar.trading_day_of(moment))
        centre = floors.reference_price(instrument, calendar.trading_day_of(moment))
        drift = int(centre * rng.uniform(-0.012, 0.014)) // tick * tick
        price = min(max(centre + drift, band.low), band.high)
        seller, buyer = rng.choice(sellers), rng.choice(buyers)
        lots = rng.randint(2, 8)
        later = moment + timedelta(seconds=rng.randint(5, 90))
        if rng.random() < 0.5:
            maker = book.place_order(owner_of(seller), seller, instrument.public_id, "sell", "limit", lot * lots, price,
                                     now=moment)
            book.place_order(owner_of(buyer), buyer, instrument.public_id, "buy", "limit", lot * rng.randint(1, lots),
                             price, now=later)
        else:
            maker = book.place_order(owner_of(buyer), buyer, instrument.public_id, "buy", "limit", lot * lots, price,
                                     now=moment)
            book.place_order(owner_of(seller), seller, instrument.public_id, "sell", "market",
                             lot * rng.randint(1, lots), None, now=later)
        if maker.status in book.LIVE:  # what the day did not fill is withdrawn, as day orders would be
            book.cancel_order(owner_of(maker.enterprise), maker.enterprise, maker.public_id,
                              now=later + timedelta(minutes=5))


def _ladder(instrument, sellers, buyers, rng, now):
    """Five levels of resting bids and asks around the reference price, so the book is not empty."""
    calendar = floors.calendar_of(instrument.floor)
    moment = _last_open_moment(calendar, now)
    if moment is None:
        return
    day = calendar.trading_day_of(moment)
    centre, tick, lot = floors.reference_price(instrument, day), instrument.floor.tick_minor, instrument.floor.lot_size
    band = floors.band_of(instrument, day)
    spread = max(tick, centre // 2000 // tick * tick)
    for level in range(LADDER_LEVELS):
        for side, parties, sign in (("buy", buyers, -1), ("sell", sellers, 1)):
            party = rng.choice(parties)
            price = min(max(centre + sign * spread * (level + 1), band.low), band.high)
            book.place_order(owner_of(party), party, instrument.public_id, side, "limit", lot * rng.randint(1, 6),
                             price, now=moment - timedelta(seconds=LADDER_LEVELS - level))


class DemoAuction(NamedTuple):
    owner: str  # demo company slug: the seller, or in a reverse auction the buyer
    fields: dict
    bids: tuple  # (slug, price per unit) in the order they arrive


def demo_auctions(now):
    return (
        DemoAuction("jiahe", {
            "floor_code": "chemicals", "kind": "reverse",
            "title": "尿素采购招标 5,000 吨（颗粒，含氮 ≥46%）/ Tender: 5,000 t granular urea",
            "description": "临港嘉禾春耕复合肥生产用料，分两批交付，附质检报告。"
                           " / Feedstock for spring compound fertiliser, two deliveries, with inspection reports.",
            "spec": UREA_46,
            "quantity": "5000", "reserve": "1800.00", "increment": "5.00",
            "closes_at": now + timedelta(days=3), "delivery_place": "天津临港经济区嘉禾粮油加工厂",
            "delivery_month": "2027-01", "delivery_terms": "卖方送货到厂，含税价 / Delivered to the plant, VAT included"},
            (("huahan", "1765.00"), ("huayu", "1752.00"), ("huahan", "1738.00"))),
        DemoAuction("hengtai", {
            "floor_code": "steel", "kind": "english",
            "title": "非标螺纹钢 HRB400E Φ22×9m 库存 300 吨 / Non-standard rebar HRB400E 22 mm × 9 m, 300 t in stock",
            "spec": {"product": "rebar", "grade": "HRB400E", "diameter_mm": 22, "length_m": "9",
                     "standard": "GB/T 1499.2-2018"},
            "quantity": "300", "reserve": "3300.00", "increment": "10.00",
            "closes_at": now + timedelta(days=2, hours=4), "delivery_place": "天津临港钢材物流园仓库",
            "delivery_month": "2026-12", "delivery_terms": "买方自提 / Collected by the buyer"},
            (("yujiapu", "3300.00"), ("dingsheng", "3320.00"))),
    )


def _load_auctions(credit_codes, now):
    if db.session.scalar(select(Auction.id).where(Auction.status == "closed").limit(1)) is None:
        demo_abuse.bid_ring_auctions(_trading_firms(credit_codes), now)
    added = 0
    for item in demo_auctions(now):
        owner = _enterprise(item.owner, credit_codes)
        if owner is None or db.session.scalar(select(Auction.id).where(Auction.title == item.fields["title"])):
            continue
        auction = auctions.create_auction(owner_of(owner), owner, **item.fields, now=now)
        for number, (slug, price) in enumerate(item.bids):
            bidder = _enterprise(slug, credit_codes)
            if bidder is not None:
                auctions.place_bid(owner_of(bidder), bidder, auction.public_id, price,
                                   now=now + timedelta(seconds=number + 1))
        added += 1
    return added


def load(operator, credit_codes):
    """List the demo instruments with their history and a live book, and open the demo auctions.

    :return: how many instruments and how many auctions this run added.
    """
    now = utcnow()
    added = 0
    for item in instruments(now.astimezone(SHANGHAI).date()):
        if db.session.scalar(select(Instrument.id).where(Instrument.code == item.code)):
            continue
        sellers = [e for e in (_enterprise(slug, credit_codes) for slug in item.sellers) if e]
        buyers = [e for e in (_enterprise(slug, credit_codes) for slug in item.buyers) if e]
        instrument = floors.create_instrument(operator, item.floor, item.code, item.name_zh, item.name_en, item.spec,
                                              item.delivery_place, item.delivery_month,
                                              int(Decimal(item.reference) * 100))
        added += 1
        if not sellers or not buyers:
            continue
        rng = random.Random(zlib.crc32(item.code.encode()))
        _history(instrument, sellers, buyers, rng, now)
        demo_abuse.seed(instrument, _trading_firms(credit_codes), now)
        _ladder(instrument, sellers, buyers, rng, now)
    return added, _load_auctions(credit_codes, now)


def _trading_firms(credit_codes):
    return {slug: firm for slug in credit_codes if (firm := _enterprise(slug, credit_codes)) is not None}
