"""What complaints read from other domains: who a listing, order or contract is about. Read-only selects.

A report names an enterprise, a listing or an order; a complaint names one of the buyer's orders or
contracts. Each resolves to ``Subject(respondent_id, buyer_id)`` or None when there is no such thing.
"""
from dataclasses import dataclass

from sqlalchemy import select

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders.models import Order
from trading.contracts.models import Contract
from trading.listings.models import FloorListing


@dataclass(frozen=True)
class Subject:
    respondent_id: int
    buyer_id: int | None = None


def _one(statement):
    row = db.session.execute(statement).first()
    return Subject(*row) if row is not None else None


def enterprise_subject(public_id):
    return _one(select(Enterprise.id).where(Enterprise.public_id == public_id))


def listing_subject(public_id):
    """A catalog product or service, or a floor listing: its seller answers for it."""
    return (_one(select(Listing.enterprise_id).where(Listing.public_id == public_id))
            or _one(select(FloorListing.seller_enterprise_id).where(FloorListing.public_id == public_id)))


def order_subject(public_id):
    return _one(select(Order.seller_enterprise_id, Order.buyer_enterprise_id).where(Order.public_id == public_id))


def contract_subject(public_id):
    return _one(select(Contract.seller_enterprise_id, Contract.buyer_enterprise_id)
                .where(Contract.public_id == public_id))


RESOLVERS = {"enterprise": enterprise_subject, "listing": listing_subject, "order": order_subject,
             "contract": contract_subject}


def enterprises_by_id(ids):
    """``{id: Enterprise}`` for the given ids (names for lists and statistics)."""
    if not ids:
        return {}
    return {e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(set(ids))))}
