"""Read-only queries of other domains' tables for the exports: every seller's registered identity."""
from sqlalchemy import func, or_, select

from marketplace.accounts.models import Enterprise, EnterpriseKind, EnterpriseParty
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from trading.listings.models import FloorListing

SUPPLIER = "supplier"
PUBLISHED = "published"
OPEN = "open"


def _catalog_listing_counts():
    return dict(db.session.execute(select(Listing.enterprise_id, func.count(Listing.id))
                                   .where(Listing.status == PUBLISHED).group_by(Listing.enterprise_id)).all())


def _floor_listing_counts():
    return dict(db.session.execute(select(FloorListing.seller_enterprise_id, func.count(FloorListing.id))
                                   .where(FloorListing.status == OPEN)
                                   .group_by(FloorListing.seller_enterprise_id)).all())


def _legal_representatives():
    """``{enterprise id: (name, masked identity number)}`` of each current legal representative."""
    rows = db.session.execute(select(EnterpriseParty.enterprise_id, EnterpriseParty.name,
                                     EnterpriseParty.identifier_masked)
                              .where(EnterpriseParty.role == "legal_representative",
                                     EnterpriseParty.ended_at.is_(None))
                              .order_by(EnterpriseParty.id)).all()
    return {enterprise_id: (name, masked) for enterprise_id, name, masked in rows}


def sellers():
    """Every enterprise registered as a supplier or with a published or open listing, by credit code:
    ``[(enterprise, legal representative or None, catalog listings, floor listings)]``."""
    catalog, floor = _catalog_listing_counts(), _floor_listing_counts()
    suppliers = select(EnterpriseKind.enterprise_id).where(EnterpriseKind.kind == SUPPLIER)
    enterprises = db.session.scalars(select(Enterprise).where(or_(
        Enterprise.id.in_(suppliers), Enterprise.id.in_(set(catalog) | set(floor)))).order_by(Enterprise.credit_code))
    representatives = _legal_representatives()
    return [(enterprise, representatives.get(enterprise.id), catalog.get(enterprise.id, 0),
             floor.get(enterprise.id, 0)) for enterprise in enterprises]
