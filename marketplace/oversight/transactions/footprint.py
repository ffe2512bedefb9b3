"""Read-only reads for the enterprise 360 view beyond transactions: listings, alerts, cases,
complaints — other areas' tables, read with plain ``select()``s and never written."""
from sqlalchemy import func, or_, select

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.oversight.cases.models import OversightCase
from marketplace.oversight.complaints.models import Complaint
from marketplace.oversight.surveillance.models import SurveillanceAlert
from trading.listings.models import FloorListing

RECENT = 10


def count_of(statement):
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def find_enterprises(text, limit):
    """Enterprises whose name (Chinese or English) contains ``text`` or whose credit code or id is ``text``."""
    pattern = f"%{text}%"
    statement = select(Enterprise).where(or_(Enterprise.name_zh.ilike(pattern), Enterprise.name_en.ilike(pattern),
                                             Enterprise.credit_code == text.upper(), Enterprise.public_id == text))
    return db.session.scalars(statement.order_by(Enterprise.name_zh).limit(limit)).all()


def enterprise(public_id):
    return db.session.scalar(select(Enterprise).where(Enterprise.public_id == public_id))


def catalog_listings(enterprise):
    statement = select(Listing).where(Listing.enterprise_id == enterprise.id)
    return count_of(statement), db.session.scalars(statement.order_by(Listing.id.desc()).limit(RECENT)).all()


def floor_listings(enterprise):
    statement = select(FloorListing).where(FloorListing.seller_enterprise_id == enterprise.id)
    return count_of(statement), db.session.scalars(statement.order_by(FloorListing.id.desc()).limit(RECENT)).all()


def alerts(enterprise, group_key):
    statement = select(SurveillanceAlert).where(or_(SurveillanceAlert.enterprise_id == enterprise.id,
                                                    SurveillanceAlert.group_key == group_key))
    return count_of(statement), db.session.scalars(statement.order_by(SurveillanceAlert.id.desc()).limit(RECENT)).all()


def cases(enterprise, group_key):
    statement = select(OversightCase).where(or_(OversightCase.enterprise_id == enterprise.id,
                                                OversightCase.group_key == group_key))
    return count_of(statement), db.session.scalars(statement.order_by(OversightCase.id.desc()).limit(RECENT)).all()


def complaints(enterprise):
    """Complaints and reports against the enterprise or filed by it (the filer's identity is a regulator's to see)."""
    statement = select(Complaint).where(or_(Complaint.respondent_enterprise_id == enterprise.id,
                                            Complaint.complainant_enterprise_id == enterprise.id))
    return count_of(statement), db.session.scalars(statement.order_by(Complaint.id.desc()).limit(RECENT)).all()
