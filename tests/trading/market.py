"""Builders for trading tests: floors open around the clock and standard instruments on them."""
from decimal import Decimal

from marketplace.extensions import db
from trading.book.services import stored_commands
from trading.engine import Book
from trading.floors import services as floors

REBAR_SPEC = {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}
UREA_SPEC = {"product": "Urea, granular", "cas_number": "57-13-6", "hazard_class": "none", "purity_percent": "46.2"}


def open_around_the_clock(floor_code="steel"):
    """Tests run at any hour: the floor trades every day, all day (the conftest puts the seed back)."""
    floor = floors.floor_by_code(floor_code)
    floor.sessions = [{"opens": "00:00", "closes": "24:00"}]
    floor.open_weekdays = list(range(7))
    floor.closed_on_holidays = False
    db.session.commit()
    return floor


def list_instrument(operator, floor_code="steel", code="RB-HRB400E-TJ-2612", spec=None, reference="4000.00",
                    delivery_month="2026-12", open_now=True):
    if open_now:
        open_around_the_clock(floor_code)
    return floors.create_instrument(
        operator, floor_code, code, "螺纹钢 HRB400E Φ20 天津 2612", "Rebar HRB400E 20 mm Tianjin 2612",
        spec or REBAR_SPEC, "天津港散货物流中心", delivery_month, int(Decimal(reference) * 100))


PETROLEUM_SCHEMA = {"attributes": [
    {"name": "product", "kind": "choice", "label_zh": "品种", "label_en": "Product", "required": True,
     "choices": ["diesel_0", "gasoline_92", "gasoline_95", "fuel_oil_180"]},
    {"name": "sulphur_ppm", "kind": "integer", "label_zh": "硫含量 (ppm)", "label_en": "Sulphur (ppm)",
     "required": True, "minimum": 0, "maximum": 5000},
    {"name": "density_kg_m3", "kind": "decimal", "label_zh": "密度 (kg/m³)", "label_en": "Density (kg/m³)",
     "minimum": "700", "maximum": "1000"},
    {"name": "standard", "kind": "text", "label_zh": "执行标准", "label_en": "Standard", "max_length": 60},
]}
DIESEL_SPEC = {"product": "diesel_0", "sulphur_ppm": 10, "density_kg_m3": "835.5", "standard": "GB 19147-2016"}


def petroleum_settings(**overrides):
    """A petroleum floor as an operator would set it up: tonnes, 1 yuan tick, 20 t lots, ±6 %, day and night."""
    return {"name_zh": "石油交易厅", "name_en": "Petroleum floor", "unit": "t", "currency": "CNY", "tick": "1.00",
            "lot_size": "20", "max_order_lots": 300, "band_percent": "6", "buyer_fee_bp": 4, "seller_fee_bp": 4,
            "sessions": [{"opens": "09:00", "closes": "11:30"}, {"opens": "13:30", "closes": "15:00"},
                         {"opens": "21:00", "closes": "23:00"}],
            "open_weekdays": [0, 1, 2, 3, 4], "closed_on_holidays": True, "closed_dates": ["2026-12-31"],
            "delivery_terms": "油库交货 / Delivered at the named oil depot", "spec_schema": PETROLEUM_SCHEMA,
            **overrides}


TRADING_SCOPES = ("trading:read", "trading:write")


def trading_token(world, enterprise, user=None):
    """``Authorization`` headers of an API token that trades for ``enterprise`` (made by its owner)."""
    from tests.builders import owner_of

    return {"Authorization": f"Bearer {world.token(user or owner_of(enterprise), enterprise, TRADING_SCOPES)}"}


def cached_book_snapshot(app, instrument_id):
    """The book one process trades on, as cached between requests (None when it holds none)."""
    cached = app.extensions.get("trading_books", {}).get(instrument_id)
    return cached.book.snapshot() if cached else None


def cached_book_is_a_committed_book(app, instrument_id):
    """A process's cached book is the committed stream replayed up to the sequence it says it has
    (it may lag behind the head: the next writer catches it up under the lock)."""
    cached = app.extensions.get("trading_books", {}).get(instrument_id)
    if cached is None:
        return True
    with app.test_request_context():
        replayed = Book()
        replayed.catch_up(stored_commands(instrument_id, up_to_seq=cached.seq))
    return cached.book.snapshot() == replayed.snapshot()
