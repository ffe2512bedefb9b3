"""What screening reads of other domains: catalog and floor listings and the seller's licences. Read-only.

Screening never writes these tables; holding or releasing a listing goes through the catalog's and
the floor listings' own services.
"""
from sqlalchemy import select

from credit.file.services import entries_of
from marketplace.catalog.lifecycle import ListingStatus
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.oversight.screening.screen import Licence, ListingText
from trading.listings.models import FloorListing

CATALOG = "catalog"
FLOOR = "floor"
KINDS = (CATALOG, FLOOR)
PENDING_REVIEW = "pending_review"  # the status both domains give a listing that waits for review
# Listings buyers can see or that wait for review: these are screened again when the lists change.
LIVE_CATALOG = (ListingStatus.PUBLISHED, PENDING_REVIEW)
LIVE_FLOOR = ("open", PENDING_REVIEW)


def catalog_text(listing):
    """A catalog listing's words as buyers read them, with its attributes."""
    return ListingText(fields={
        "title": f"{listing.title_zh} {listing.title_en}", "description": f"{listing.description_zh} "
        f"{listing.description_en}", "attributes": " ".join(str(value) for value in (listing.attributes or {}).values()),
        "service_scope": listing.service_scope or ""}, attributes=dict(listing.attributes or {}))


def floor_text(listing):
    """A floor listing's words (title, lot specification, delivery terms)."""
    spec = listing.spec or {}
    return ListingText(fields={"title": listing.title, "spec": " ".join(str(value) for value in spec.values()),
                               "delivery_terms": listing.delivery_terms or ""}, attributes=dict(spec))


def text_of(kind, listing):
    return catalog_text(listing) if kind == CATALOG else floor_text(listing)


def title_of(kind, listing):
    return listing.title_zh if kind == CATALOG else listing.title


def enterprise_of(kind, listing):
    return listing.enterprise if kind == CATALOG else listing.seller


def listing_named(kind, public_id):
    """The catalog or floor listing ``public_id``, or None."""
    model = Listing if kind == CATALOG else FloorListing
    return db.session.scalar(select(model).where(model.public_id == public_id)) if kind in KINDS else None


def is_pending(listing):
    return listing.status == PENDING_REVIEW


def is_live(kind, listing):
    """Whether buyers can see the listing now (published, or open on its floor)."""
    return listing.status == (ListingStatus.PUBLISHED if kind == CATALOG else "open")


def live_listings(after_id, kind, limit):
    """The next ``limit`` live or waiting listings of ``kind`` with an id above ``after_id``, by id."""
    model, statuses = (Listing, LIVE_CATALOG) if kind == CATALOG else (FloorListing, LIVE_FLOOR)
    return db.session.scalars(select(model).where(model.status.in_(statuses), model.id > after_id)
                              .order_by(model.id).limit(limit)).all()


def live_listings_of(enterprise, kind):
    """``enterprise``'s live or waiting listings of ``kind``."""
    model, statuses = (Listing, LIVE_CATALOG) if kind == CATALOG else (FloorListing, LIVE_FLOOR)
    owner = model.enterprise_id if kind == CATALOG else model.seller_enterprise_id
    return db.session.scalars(select(model).where(model.status.in_(statuses), owner == enterprise.id)
                              .order_by(model.id)).all()


def live_public_ids(kind):
    """The public ids of every live or waiting listing of ``kind`` (for progress counts)."""
    model, statuses = (Listing, LIVE_CATALOG) if kind == CATALOG else (FloorListing, LIVE_FLOOR)
    return set(db.session.scalars(select(model.public_id).where(model.status.in_(statuses))))


def licences_of(enterprise):
    """The seller's licences shown in its credit file today (valid, not ended, removed or replaced)."""
    return [Licence(title=f"{entry.title} {entry.content}", valid_until=entry.valid_until)
            for entry in entries_of(enterprise, "public") if entry.kind == "licence"]
