"""Builders for trading tests: floors open around the clock and standard instruments on them."""
from decimal import Decimal

from marketplace.extensions import db
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
