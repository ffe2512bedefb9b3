"""Tier pricing and the listing lifecycle, pure and fast."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.catalog import lifecycle, pricing
from marketplace.money import Money


def tiers(*rows):
    return [pricing.Tier(Decimal(quantity), Money.of(price)) for quantity, price in rows]


REBAR = tiers(("25", "3850"), ("100", "3790"), ("500", "3720"))


@pytest.mark.parametrize("quantity, unit_price, total", [
    ("25", "3850", "96250"), ("99.999", "3850", "384996.15"), ("100", "3790", "379000"), ("2000", "3720", "7440000"),
])
def test_the_highest_threshold_not_above_the_quantity_prices_it(quantity, unit_price, total):
    assert pricing.price_for(REBAR, Decimal(quantity)) == (Money.of(unit_price), Money.of(total))


def test_below_the_first_tier_there_is_no_price():
    assert pricing.price_for(REBAR, Decimal("24.999")) is None
    assert pricing.price_for([], Decimal("1")) is None


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=8, unique=True),
       st.integers(min_value=1, max_value=10**7))
def test_the_tier_found_is_never_above_the_quantity_and_none_better_exists(thresholds, quantity):
    ordered = [pricing.Tier(Decimal(t), Money(100 + i)) for i, t in enumerate(sorted(thresholds))]

    tier = pricing.tier_for(ordered, Decimal(quantity))

    if tier is None:
        assert quantity < ordered[0].min_quantity
    else:
        assert tier.min_quantity <= quantity
        assert all(other.min_quantity <= tier.min_quantity for other in ordered if other.min_quantity <= quantity)


def test_zero_and_negative_prices_and_unordered_thresholds_are_problems():
    found = pricing.problems(tiers(("10", "0"), ("5", "-1"), ("5", "12"), ("0", "3")))

    assert {(p.index, p.field, p.code) for p in found} == {
        (0, "unit_price", "not_positive"), (1, "min_quantity", "not_ascending"), (1, "unit_price", "not_positive"),
        (2, "min_quantity", "not_ascending"), (3, "min_quantity", "not_positive")}


def test_a_listing_moves_draft_published_paused_and_ends_archived():
    assert lifecycle.targets("draft") == ["published", "archived"]
    assert lifecycle.targets("published") == ["paused", "archived"]
    assert lifecycle.targets("paused") == ["published", "archived"]
    assert lifecycle.targets("archived") == []
    with pytest.raises(lifecycle.IllegalMove):
        lifecycle.check_move("archived", "published")
    with pytest.raises(lifecycle.IllegalMove):
        lifecycle.check_move("draft", "paused")


def test_what_each_kind_needs_before_buyers_see_it():
    assert lifecycle.missing_for_publication("product", has_price_tiers=False) == ["price_tiers"]
    assert lifecycle.missing_for_publication("service", has_price_tiers=False, price_basis="on_quotation") == []
    assert lifecycle.missing_for_publication("service", has_price_tiers=False, price_basis="per_hour") == \
        ["price_tiers"]
    assert lifecycle.missing_for_publication("resource", has_price_tiers=False, location="B2", slot_minutes=60) == []
    assert lifecycle.missing_for_publication("resource", has_price_tiers=True) == ["location", "slot_minutes"]
