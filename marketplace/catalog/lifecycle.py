"""A listing's life: draft → published ⇄ paused, and archived for good. Pure: no Flask, no database.

Publishing a listing that oversight's screening flags makes it ``pending_review`` instead: buyers
do not see it until a reviewer clears it (→ published) or rejects it (→ paused).
"""
import enum


class ListingKind(enum.StrEnum):
    PRODUCT = "product"
    SERVICE = "service"
    RESOURCE = "resource"


class ListingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    PAUSED = "paused"
    ARCHIVED = "archived"
    PENDING_REVIEW = "pending_review"


class PriceBasis(enum.StrEnum):
    """How a service is charged; ``on_quotation`` has no list price, buyers ask for a quote."""

    FIXED = "fixed"
    PER_HOUR = "per_hour"
    PER_SAMPLE = "per_sample"
    PER_PROJECT = "per_project"
    ON_QUOTATION = "on_quotation"


# (from, to): the moves a supplier may make. Archived is final, so buyers' old links stay honest.
MOVES = frozenset({
    (ListingStatus.DRAFT, ListingStatus.PUBLISHED),
    (ListingStatus.DRAFT, ListingStatus.ARCHIVED),
    (ListingStatus.PUBLISHED, ListingStatus.PAUSED),
    (ListingStatus.PUBLISHED, ListingStatus.ARCHIVED),
    (ListingStatus.PAUSED, ListingStatus.PUBLISHED),
    (ListingStatus.PAUSED, ListingStatus.ARCHIVED),
    (ListingStatus.PENDING_REVIEW, ListingStatus.ARCHIVED),
})


class IllegalMove(ValueError):
    pass


def check_move(current, target):
    """:raise IllegalMove: unless ``current -> target`` is one of MOVES."""
    if (ListingStatus(current), ListingStatus(target)) not in MOVES:
        raise IllegalMove(f"a {current} listing cannot become {target}")


def targets(current):
    """The statuses a listing in ``current`` may move to, in lifecycle order."""
    return [target for target in ListingStatus if (ListingStatus(current), target) in MOVES]


def may_change(status):
    """Archived listings are kept as they were last offered; everything else may be edited."""
    return ListingStatus(status) is not ListingStatus.ARCHIVED


def missing_for_publication(kind, *, has_price_tiers, price_basis=None, location="", slot_minutes=None):
    """The fields still needed before buyers may see a listing of ``kind`` (empty when ready).

    Products need a price; services a price basis, and a price unless quoted on request;
    bookable resources a place and a slot length (their price is optional, some are free to use).
    """
    kind = ListingKind(kind)
    missing = []
    if kind is ListingKind.PRODUCT and not has_price_tiers:
        missing.append("price_tiers")
    if kind is ListingKind.SERVICE:
        if price_basis is None:
            missing.append("price_basis")
        elif price_basis != PriceBasis.ON_QUOTATION and not has_price_tiers:
            missing.append("price_tiers")
    if kind is ListingKind.RESOURCE:
        if not (location or "").strip():
            missing.append("location")
        if not slot_minutes:
            missing.append("slot_minutes")
    return missing
