"""The pre-trade credit check: grade C is refused, and open orders may not pass the grade's limit (pure)."""
from datetime import UTC, datetime
from decimal import Decimal

from trading.book import pretrade
from trading.floors.calendar import TradingCalendar

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
ALWAYS_OPEN = TradingCalendar.from_settings([{"opens": "00:00", "closes": "24:00"}], range(7), False, [])
TERMS = pretrade.Terms(tick=100, lot_size=Decimal(10), max_order_lots=1000, band=None, calendar=ALWAYS_OPEN)


def _refusals(credit, price=400_000, quantity="100"):
    ticket = pretrade.Ticket("buy", "limit", price, Decimal(quantity))
    return pretrade.refusals(ticket, TERMS, pretrade.Trader(True, credit), NOW)


def test_grade_c_is_refused_naming_the_grade():
    refusals = _refusals(pretrade.CreditLimit("C", False, 0, 0))
    assert refusals == [pretrade.Refusal(pretrade.CREDIT_BARRED, params={"grade": "C"})]


def test_an_order_that_would_take_open_orders_past_the_limit_is_refused_with_the_numbers():
    refusals = _refusals(pretrade.CreditLimit("CC", True, 50_000_000, 20_000_000))
    assert refusals == [pretrade.Refusal(pretrade.CREDIT_LIMIT, params={
        "grade": "CC", "limit": 50_000_000, "open": 20_000_000, "value": 40_000_000})]


def test_an_order_reaching_the_limit_exactly_passes():
    assert _refusals(pretrade.CreditLimit("CC", True, 50_000_000, 10_000_000)) == []


def test_a_batch_counts_its_earlier_orders():
    trader = pretrade.Trader(True, pretrade.CreditLimit("CC", True, 50_000_000, 0)).with_order(40_000_000)
    ticket = pretrade.Ticket("sell", "limit", 400_000, Decimal("30"))
    assert [refusal.code for refusal in pretrade.refusals(ticket, TERMS, trader, NOW)] == [pretrade.CREDIT_LIMIT]


def test_without_credit_facts_there_is_no_credit_check():
    assert _refusals(None) == []
