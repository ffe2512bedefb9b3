"""Builders for auction tests: an auction of each kind announced through the service, at a given time."""
from datetime import timedelta

from tests.builders import owner_of
from tests.trading.market import REBAR_SPEC, UREA_SPEC
from trading.auctions import services

HOUR = timedelta(hours=1)


def terms(kind, **changes):
    """English and sealed: 500 t of rebar on the steel floor; reverse: a tender for 5,000 t of urea."""
    if kind == "reverse":
        base = {"floor_code": "chemicals", "title": "采购尿素 5000 吨 / Urea tender 5,000 t", "spec": UREA_SPEC,
                "quantity": "5000", "reserve": "2600.00", "increment": "5.00",
                "delivery_place": "天津港南疆散货码头", "delivery_month": "2026-09"}
    else:
        base = {"floor_code": "steel", "title": "螺纹钢 HRB400E 500 吨 / Rebar 500 t", "spec": REBAR_SPEC,
                "quantity": "500", "reserve": "4000.00", "increment": "10.00" if kind == "english" else None,
                "delivery_place": "天津港散货物流中心", "delivery_month": "2026-10"}
    return base | changes


def announce(enterprise, kind, now, closes_in=HOUR, **changes):
    return services.create_auction(owner_of(enterprise), enterprise, kind=kind, closes_at=now + closes_in, now=now,
                                   **terms(kind, **changes))


def bid(enterprise, auction, price, now):
    return services.place_bid(owner_of(enterprise), enterprise, auction.public_id, price, now=now)
