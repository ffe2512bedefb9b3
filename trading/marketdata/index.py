"""The price index of a floor: volume-weighted over its instruments, base 1000, chain-linked daily. Pure.

Definition. Days are Asia/Shanghai calendar days. For instrument i on day d with trades, v(i, d) is
its volume and p(i, d) its volume-weighted average price (turnover / volume, exact).

- The index is 1000 on the first day on which any instrument of the floor traded.
- On each later day d with trades, C(d) is the set of instruments that traded on d and on some
  earlier day; for i in C(d), q(i, d) is p(i, ·) on the last earlier day on which i traded (its
  previous settlement, before rounding to the tick).
- link(d) = Σ v(i, d)·p(i, d) / Σ v(i, d)·q(i, d), both sums over C(d): today's volumes weigh
  today's prices against each instrument's previous ones (a Paasche link).
- I(d) = I(d') × link(d), where d' is the previous day with trades. When C(d) is empty (only new
  instruments traded) the link is 1: the index carries forward.
- Days without trades have no point of their own; the index stands at its last value.

So constant prices keep it at 1000; scaling every price on a day by k scales that day's link, and
so its index, by k; an instrument's first day never moves it; an instrument trading at constant
prices pulls each day's link towards 1 (it damps a move, never reverses or enlarges it).

Each link is an exact fraction. The level is carried as a Decimal of 40 significant digits, since
an exact product of years of links would grow without bound; a link of exactly 1 leaves it exactly
as it was. ``IndexPoint.level`` rounds it to two decimals for display.
"""
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from trading.marketdata.bars import DAY, Trade, bars

BASE = 1000
_PRECISION = Context(prec=40)


@dataclass(frozen=True, slots=True)
class DayTrading:
    """What one instrument did on one day: its volume and its turnover (Σ price × volume)."""
    volume: int | Decimal | Fraction
    turnover: int | Decimal | Fraction

    @property
    def price(self) -> Fraction:
        return Fraction(self.turnover) / Fraction(self.volume)


@dataclass(frozen=True, slots=True)
class IndexPoint:
    """The index on one day with trades, and the day's link (its ratio to the point before)."""
    day: date
    link: Fraction
    value: Decimal

    @property
    def level(self) -> Decimal:
        return self.value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def chain_index(days: Mapping[date, Mapping[Hashable, DayTrading]]) -> list[IndexPoint]:
    """One point per day with trades, oldest first (see the module's definition)."""
    points: list[IndexPoint] = []
    previous_price: dict[Hashable, Fraction] = {}
    value = Decimal(BASE)
    for day in sorted(days):
        traded = {instrument: figures for instrument, figures in days[day].items() if figures.volume > 0}
        if not traded:
            continue
        comparable = [instrument for instrument in traded if instrument in previous_price]
        now = sum((Fraction(traded[i].turnover) for i in comparable), Fraction(0))
        before = sum((Fraction(traded[i].volume) * previous_price[i] for i in comparable), Fraction(0))
        link = now / before if before > 0 else Fraction(1)
        if link != 1:
            value = _PRECISION.divide(_PRECISION.multiply(value, link.numerator), link.denominator)
        points.append(IndexPoint(day, link, value))
        previous_price.update((instrument, figures.price) for instrument, figures in traded.items())
    return points


def daily_trading(trades_by_instrument: Mapping[Hashable, Iterable[Trade]]) -> dict[date, dict[Hashable, DayTrading]]:
    """Day figures per instrument from raw ``(time, price, quantity)`` trades (local calendar days)."""
    days: dict[date, dict[Hashable, DayTrading]] = {}
    for instrument, trades in trades_by_instrument.items():
        for bar in bars(trades, DAY):
            days.setdefault(bar.start.date(), {})[instrument] = DayTrading(bar.volume, bar.turnover)
    return days
