"""What sanctions read of other domains: read-only selects, gathered here (writes go through their services)."""
from sqlalchemy import or_, select

from marketplace.accounts.models import Enterprise
from marketplace.catalog.lifecycle import ListingStatus
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.oversight.cases.models import OversightCase
from trading.listings.models import FloorListing

_REMOVABLE_CATALOG = (ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.PAUSED)
_OPEN_FLOOR = "open"


def enterprise_named(reference):
    """The enterprise whose public id or unified social credit code is ``reference``, or None."""
    reference = (reference or "").strip()
    if not reference:
        return None
    return db.session.scalar(select(Enterprise).where(
        or_(Enterprise.public_id == reference, Enterprise.credit_code == reference.upper())))


def case_by_public_id(public_id):
    if not public_id:
        return None
    return db.session.scalar(select(OversightCase).where(OversightCase.public_id == public_id))


def case_by_id(case_id):
    return db.session.get(OversightCase, case_id) if case_id is not None else None


def catalog_listing(public_id):
    return db.session.scalar(select(Listing).where(Listing.public_id == public_id))


def floor_listing(public_id):
    return db.session.scalar(select(FloorListing).where(FloorListing.public_id == public_id))


def removable_catalog_listings(enterprise):
    """The enterprise's catalog listings not yet archived (what a termination withdraws)."""
    return db.session.scalars(select(Listing).where(
        Listing.enterprise_id == enterprise.id, Listing.status.in_(_REMOVABLE_CATALOG)).order_by(Listing.id)).all()


def open_floor_listings(enterprise):
    """The enterprise's floor listings still open (what a termination withdraws)."""
    return db.session.scalars(select(FloorListing).where(
        FloorListing.seller_enterprise_id == enterprise.id, FloorListing.status == _OPEN_FLOOR)
        .order_by(FloorListing.id)).all()


def listing_owner(public_id):
    """The enterprise offering the catalog or floor listing ``public_id``, or None when there is none."""
    listing = catalog_listing(public_id)
    if listing is not None:
        return listing.enterprise
    listing = floor_listing(public_id)
    return listing.seller if listing is not None else None
