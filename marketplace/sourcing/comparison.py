"""Quotes side by side: totals, and which live quotes are the cheapest and the fastest.

Pure: no Flask, no database. Cheapest is judged per unit, because suppliers may quote different
quantities; prices in different currencies are never compared with each other.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from marketplace.money import Money
from marketplace.sourcing.lifecycle import quote_is_live


@dataclass(frozen=True)
class Offer:
    key: str
    unit_price: Money
    quantity: Decimal
    unit: str
    lead_time_days: int | None
    valid_until: datetime
    status: str
    terms: str = ""


@dataclass(frozen=True)
class Row:
    offer: Offer
    total: Money
    live: bool
    cheapest: bool
    fastest: bool


def compare(offers, now):
    """:return: one Row per offer, live ones first by unit price then lead time.

    Only live quotes (submitted, still valid) carry a mark; ties all carry it.
    """
    live = [offer for offer in offers if quote_is_live(offer.status, offer.valid_until, now)]
    live_keys = {offer.key for offer in live}
    lowest = {}
    for offer in live:
        currency = offer.unit_price.currency
        lowest[currency] = min(lowest.get(currency, offer.unit_price.minor), offer.unit_price.minor)
    lead_times = [offer.lead_time_days for offer in live if offer.lead_time_days is not None]
    quickest = min(lead_times, default=None)
    rows = [
        Row(offer=offer, total=offer.unit_price.times(offer.quantity), live=offer.key in live_keys,
            cheapest=offer.key in live_keys and offer.unit_price.minor == lowest[offer.unit_price.currency],
            fastest=offer.key in live_keys and offer.lead_time_days is not None and offer.lead_time_days == quickest)
        for offer in offers
    ]
    return sorted(rows, key=lambda row: (not row.live, row.offer.unit_price.currency, row.offer.unit_price.minor,
                                         row.offer.lead_time_days if row.offer.lead_time_days is not None else 10**9))
