"""Tiered prices by quantity: which tier applies, and whether a set of tiers makes sense. Pure.

A tier says "from ``min_quantity`` units on, each unit costs ``unit_price``"; the tier with the
highest threshold not above the quantity applies, so bigger orders reach the lower prices.
"""
from dataclasses import dataclass
from decimal import Decimal

from marketplace.money import Money

QUANTITY_PLACES = 3  # the database keeps quantities to three decimals (kg of a tonne)


@dataclass(frozen=True)
class Tier:
    min_quantity: Decimal
    unit_price: Money


@dataclass(frozen=True)
class TierProblem:
    """``index`` is the tier's position as given; ``code`` names the broken rule."""

    index: int
    field: str
    code: str


def problems(tiers):
    """Every reason ``tiers`` cannot be saved: thresholds positive, at most three decimals and
    strictly ascending; prices above zero, all in one currency.
    """
    found = []
    for index, tier in enumerate(tiers):
        if tier.min_quantity <= 0:
            found.append(TierProblem(index, "min_quantity", "not_positive"))
        elif -tier.min_quantity.as_tuple().exponent > QUANTITY_PLACES:
            found.append(TierProblem(index, "min_quantity", "too_precise"))
        elif index and tier.min_quantity <= tiers[index - 1].min_quantity:
            found.append(TierProblem(index, "min_quantity", "not_ascending"))
        if tier.unit_price.minor <= 0:
            found.append(TierProblem(index, "unit_price", "not_positive"))
        elif tier.unit_price.currency != tiers[0].unit_price.currency:
            found.append(TierProblem(index, "unit_price", "other_currency"))
    return found


def tier_for(tiers, quantity):
    """:return: the Tier that prices ``quantity``, or None below the first threshold (or with no tiers)."""
    applicable = [tier for tier in tiers if tier.min_quantity <= quantity]
    return max(applicable, key=lambda tier: tier.min_quantity) if applicable else None


def price_for(tiers, quantity):
    """:return: ``(unit price, total)`` as Money for ``quantity`` units, or None when no tier applies."""
    tier = tier_for(tiers, quantity)
    if tier is None:
        return None
    return tier.unit_price, tier.unit_price.times(quantity)
