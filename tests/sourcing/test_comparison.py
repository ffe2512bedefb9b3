"""Quotes side by side: the marks and totals hold for any set of quotes."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace.money import Money
from marketplace.sourcing.comparison import Offer, compare

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


@st.composite
def offers(draw):
    count = draw(st.integers(min_value=0, max_value=8))
    return [Offer(key=f"quo_{n}",
                  unit_price=Money(draw(st.integers(min_value=1, max_value=10**9)), draw(st.sampled_from(["CNY", "USD"]))),
                  quantity=Decimal(draw(st.integers(min_value=1, max_value=10**7))) / 1000,
                  unit="t",
                  lead_time_days=draw(st.none() | st.integers(min_value=0, max_value=365)),
                  valid_until=NOW + timedelta(hours=draw(st.integers(min_value=-48, max_value=48))),
                  status=draw(st.sampled_from(["submitted", "submitted", "withdrawn", "rejected"])))
            for n in range(count)]


def is_live(offer):
    return offer.status == "submitted" and offer.valid_until >= NOW


@given(offers())
def test_every_quote_appears_once_with_its_total(given_offers):
    rows = compare(given_offers, NOW)
    assert sorted(row.offer.key for row in rows) == sorted(offer.key for offer in given_offers)
    for row in rows:
        assert row.total == row.offer.unit_price.times(row.offer.quantity)
        assert row.total.currency == row.offer.unit_price.currency


@given(offers())
def test_only_live_quotes_carry_marks(given_offers):
    for row in compare(given_offers, NOW):
        assert row.live == is_live(row.offer)
        if not row.live:
            assert not row.cheapest and not row.fastest


@given(offers())
def test_the_cheapest_mark_goes_to_every_lowest_unit_price_of_its_currency(given_offers):
    rows = compare(given_offers, NOW)
    live = [row for row in rows if row.live]
    for row in live:
        same_currency = [other.offer.unit_price.minor for other in live
                         if other.offer.unit_price.currency == row.offer.unit_price.currency]
        assert row.cheapest == (row.offer.unit_price.minor == min(same_currency))


@given(offers())
def test_the_fastest_mark_goes_to_every_shortest_lead_time(given_offers):
    rows = compare(given_offers, NOW)
    lead_times = [row.offer.lead_time_days for row in rows if row.live and row.offer.lead_time_days is not None]
    for row in rows:
        if row.live:
            assert row.fastest == (row.offer.lead_time_days is not None and row.offer.lead_time_days == min(lead_times))


@given(offers())
def test_live_quotes_come_first(given_offers):
    liveness = [row.live for row in compare(given_offers, NOW)]
    assert liveness == sorted(liveness, reverse=True)


def test_a_quote_valid_until_this_very_moment_still_counts():
    offer = Offer("quo_1", Money.of("3990"), Decimal("200"), "t", 10, NOW, "submitted")
    (row,) = compare([offer], NOW)
    assert row.live and row.cheapest and row.fastest and row.total == Money.of("798000")
