"""OHLCV bars, VWAP and the change against a reference price, computed from trades. Pure.

A trade is a ``(time, price_minor, quantity)`` tuple: an aware datetime, an integer price per unit
in minor units, and a positive quantity (int, Decimal or Fraction; the service passes units of the
floor). Bars are bucketed in Asia/Shanghai local time, where traders live: a minute bar covers
hh:mm:00 up to the next minute, an hour bar hh:00 up to the next hour, a day bar one local calendar
day. Trades are taken in time order; trades at the very same time keep the order they were given
in (the caller lists them in execution order), so results never depend on how trades with distinct
times happen to be listed.

Exact arithmetic throughout: turnover (Σ price × quantity) stays exact in minor units, and an
average price is rounded half-up to the minor unit only when it is asked for.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil, floor
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

MINUTE = "1m"
HOUR = "1h"
DAY = "1d"
INTERVALS = {MINUTE: timedelta(minutes=1), HOUR: timedelta(hours=1), DAY: timedelta(days=1)}

Trade = tuple[datetime, int, int | Decimal | Fraction]


@dataclass(frozen=True, slots=True)
class Bar:
    """One interval's open, high, low, close, volume and exact turnover; ``start`` is local time."""
    start: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int | Decimal | Fraction
    turnover: int | Decimal | Fraction
    trades: int

    @property
    def vwap(self) -> int:
        return average_price(self.turnover, self.volume)


@dataclass(frozen=True, slots=True)
class Change:
    """How far a price moved from the reference: in minor units and in percent (two decimals)."""
    absolute: int
    percent: Decimal


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def bucket_start(moment: datetime, interval: str) -> datetime:
    """The local start of the bar of ``interval`` that ``moment`` falls in.

    :raise ValueError: for an interval other than 1m, 1h or 1d.
    """
    if interval not in INTERVALS:
        raise ValueError(f"unknown bar interval {interval!r}")
    local = moment.astimezone(SHANGHAI)
    if interval == DAY:
        return datetime.combine(local.date(), time(), SHANGHAI)
    if interval == HOUR:
        return local.replace(minute=0, second=0, microsecond=0)
    return local.replace(second=0, microsecond=0)


def bucket_count(since: datetime, until: datetime, interval: str) -> int:
    """How many bars of ``interval`` the span [since, until) touches: the bound a request is held to."""
    if until <= since:
        return 0
    return ceil((until - bucket_start(since, interval)) / INTERVALS[interval])


def in_time_order(trades: Iterable[Trade]) -> list[Trade]:
    return sorted(trades, key=lambda trade: trade[0])


def bars(trades: Iterable[Trade], interval: str) -> list[Bar]:
    """The non-empty bars of ``interval`` over ``trades``, oldest first."""
    result: list[Bar] = []
    for moment, price, quantity in in_time_order(trades):
        start = bucket_start(moment, interval)
        if result and result[-1].start == start:
            bar = result[-1]
            result[-1] = Bar(start, bar.open, max(bar.high, price), min(bar.low, price), price,
                             bar.volume + quantity, bar.turnover + price * quantity, bar.trades + 1)
        else:
            result.append(Bar(start, price, price, price, price, quantity, price * quantity, 1))
    return result


def average_price(turnover, volume) -> int:
    """Turnover over volume, half-up to the minor unit; it always lies between the lowest and highest price."""
    exact = Fraction(turnover) / Fraction(volume)
    return floor(exact + Fraction(1, 2))


def vwap(trades: Iterable[Trade]) -> int | None:
    """The volume-weighted average price of ``trades`` in minor units, or None when there are none."""
    volume = turnover = 0
    for _moment, price, quantity in trades:
        volume += quantity
        turnover += price * quantity
    return average_price(turnover, volume) if volume else None


def change(last: int, reference: int) -> Change:
    """``last`` against ``reference`` (the previous settlement price), the way quote boards show it."""
    percent = (Decimal(last - reference) * 100 / Decimal(reference)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Change(last - reference, percent)
