"""The pre-trade checks: every broken rule is named, and an order meeting them all passes."""
from datetime import datetime, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trading.book import pretrade
from trading.checks import PriceBand
from trading.floors.calendar import TradingCalendar

ALWAYS = TradingCalendar.from_settings([{"opens": "00:00", "closes": "24:00"}], range(7), False, [])
NEVER = TradingCalendar.from_settings([], range(7), False, [])
TERMS = pretrade.Terms(tick=100, lot_size=Decimal(10), max_order_lots=500, band=PriceBand(380000, 420000),
                       calendar=ALWAYS)
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)
VERIFIED = pretrade.Trader(verified=True)


def codes(ticket, terms=TERMS, trader=VERIFIED):
    return [refusal.code for refusal in pretrade.refusals(ticket, terms, trader, NOW)]


def test_each_rule_has_its_own_reason_and_all_are_reported_at_once():
    ticket = pretrade.Ticket("buy", "limit", 430050, Decimal("15"))
    assert codes(ticket, pretrade.Terms(100, Decimal(10), 500, PriceBand(380000, 420000), NEVER, listed=False),
                 pretrade.Trader(verified=False)) == [
        pretrade.NOT_VERIFIED, pretrade.SUSPENDED, pretrade.CLOSED, pretrade.OFF_TICK, pretrade.OFF_LOT]
    assert codes(pretrade.Ticket("buy", "limit", 430000, Decimal("5010"))) == [pretrade.OUTSIDE_BAND,
                                                                                pretrade.TOO_LARGE]


@given(side=st.sampled_from(("buy", "sell")), kind=st.sampled_from(("limit", "market", "ioc", "fok", "post_only")),
       ticks=st.integers(3800, 4200), lots=st.integers(1, 500))
def test_an_order_on_tick_lot_band_and_size_passes(side, kind, ticks, lots):
    ticket = pretrade.Ticket(side, kind, ticks * 100, Decimal(lots * 10))
    assert codes(ticket) == []
    assert pretrade.lots_of(ticket, TERMS) == lots


@given(price=st.integers(1, 10_000_000), quantity=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10_000),
                                                              places=3))
def test_a_passing_order_is_always_on_the_grid(price, quantity):
    ticket = pretrade.Ticket("buy", "limit", price, quantity)
    if not codes(ticket):
        assert price % 100 == 0 and 380000 <= price <= 420000 and quantity % 10 == 0


def test_a_market_order_is_protected_at_the_bands_edge():
    assert pretrade.protection_price("buy", TERMS.band, None) == 420000
    assert pretrade.protection_price("sell", TERMS.band, None) == 380000
