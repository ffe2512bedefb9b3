"""What a regulator's transaction search asks for, checked and turned into bounds a query can use.

Pure: no Flask, no database. The web form and the API both build a ``Search`` from their input
and call ``problems``; a search with problems is refused before any query runs.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from marketplace.money import MINOR_DIGITS

SHANGHAI = ZoneInfo("Asia/Shanghai")
KINDS = ("floor_order", "trade", "contract", "catalog_order", "payment", "shipment")
# Kinds that carry no instrument or floor: a floor or instrument filter finds none of them.
WITHOUT_FLOOR = ("catalog_order", "payment", "shipment")
# Kinds without an amount (a shipment moves goods, not money): an amount filter finds none of them.
WITHOUT_AMOUNT = ("shipment",)
MAX_PERIOD_DAYS = 366 * 3


@dataclass(frozen=True)
class Search:
    kind: str = "trade"
    enterprise: str | None = None  # a public id or a unified social credit code
    floor: str | None = None  # a floor code
    instrument: str | None = None  # an instrument code
    start: date | None = None  # Shanghai days, both included
    end: date | None = None
    min_amount: Decimal | None = None  # in major units of ``currency``
    max_amount: Decimal | None = None
    currency: str = "CNY"

    def as_query(self):
        """The filters as plain strings, for the access log, CSV links and the next page's link."""
        return {name: str(value) for name, value in vars(self).items() if value not in (None, "")}


def problems(search):
    """Field → problem codes (the caller words them in the reader's language); empty when the search may run."""
    found = {}
    if search.kind not in KINDS:
        found["kind"] = ["unknown_kind"]
    if search.start and search.end and search.start > search.end:
        found["end"] = ["period_reversed"]
    elif search.start and search.end and (search.end - search.start).days > MAX_PERIOD_DAYS:
        found["end"] = ["period_too_long"]
    for name in ("min_amount", "max_amount"):
        value = getattr(search, name)
        if value is not None and (value < 0 or not value.is_finite()):
            found[name] = ["negative_amount"]
    if search.min_amount is not None and search.max_amount is not None and search.min_amount > search.max_amount:
        found.setdefault("max_amount", []).append("amounts_reversed")
    if search.currency not in MINOR_DIGITS:
        found["currency"] = ["unknown_currency"]
    return found


def period_bounds(start, end):
    """UTC instants ``[from, until)`` covering the Shanghai days ``start`` to ``end``; None where open."""
    since = datetime.combine(start, time.min, SHANGHAI) if start else None
    until = datetime.combine(end + timedelta(days=1), time.min, SHANGHAI) if end else None
    return since, until


def minor_bounds(search):
    """The amount filter in minor units of the search's currency, rounded outwards so no edge row is lost."""
    scale = Decimal(10) ** MINOR_DIGITS.get(search.currency, 2)
    low = int((search.min_amount * scale).to_integral_value(rounding="ROUND_FLOOR")) if search.min_amount is not None else None
    high = int((search.max_amount * scale).to_integral_value(rounding="ROUND_CEILING")) if search.max_amount is not None else None
    return low, high


def may_match(search):
    """False when the filters rule the kind out altogether (a floor filter on catalog orders, an amount on shipments)."""
    if search.kind in WITHOUT_FLOOR and (search.floor or search.instrument):
        return False
    if search.kind in WITHOUT_AMOUNT and (search.min_amount is not None or search.max_amount is not None):
        return False
    return True
