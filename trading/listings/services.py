"""Listed-price purchase (挂牌): a seller offers a non-standard lot at a fixed price; buyers take all or part.

Each purchase takes the listing's row lock first, so two buyers of the last tonnes queue there and
the second finds what the first left: a listing is never sold beyond its quantity. The purchase
becomes a contract awaiting payment (``trading.contracts.services.from_purchase``).
"""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from credit.terms import services as credit_terms
from marketplace.accounts.labels import label
from marketplace.accounts.lifecycle import EnterpriseStatus
from marketplace.accounts.models import Enterprise, Membership
from marketplace.accounts.services import ensure_may_trade
from marketplace.oversight import gate
from marketplace.audit.services import record
from marketplace.catalog.checks import plain
from marketplace.database import lock_for_update, transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.oversight.screening import hooks as screening
from trading.contracts import services as contracts
from trading.floors import services as floors
from trading.listings.models import FloorListing

OPEN = "open"
SOLD_OUT = "sold_out"
WITHDRAWN = "withdrawn"
PENDING_REVIEW = "pending_review"  # flagged by oversight's screening: not for sale until cleared
STATUSES = (OPEN, SOLD_OUT, WITHDRAWN, PENDING_REVIEW)
QUANTITY_STEP = Decimal("0.001")  # the database keeps quantities to three decimals


def status_label(status):
    return {OPEN: _("open"), SOLD_OUT: _("sold out"), WITHDRAWN: _("withdrawn"),
            PENDING_REVIEW: _("waiting for review")}.get(status, status)


def _quantity(value, field, errors):
    """A positive Decimal with at most three decimals, or None with the problem in ``errors``."""
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        number = None
    if isinstance(value, bool) or value is None or number is None or not number.is_finite() or number <= 0:
        errors[field] = [_("Enter a number above zero.")]
        return None
    if number != number.quantize(QUANTITY_STEP) or number >= 10**15:
        errors[field] = [_("Use at most three decimals.")]
        return None
    return number


def _required_text(value, field, limit, errors):
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors[field] = [_("This field is required.")]
    elif len(text) > limit:
        errors[field] = [_("Use at most %(n)d characters.", n=limit)]
    return text


def _checked(errors, check, *args):
    """``check(*args)``, or None with its field errors added to ``errors``."""
    try:
        return check(*args)
    except InvalidInput as refused:
        errors.update(refused.errors)
        return None


def create_listing(user, seller, floor_code, title, spec, quantity, minimum_purchase, price, delivery_place,
                   delivery_month, delivery_terms=""):
    """Offer ``quantity`` of a lot at ``price`` per unit (in the floor's currency, on its tick).

    The spec is checked against the floor's schema; delivery terms default to the floor's.
    :raise EnterpriseNotVerified: for a seller the operator has not verified.
    :raise GradeBarred: when the seller's credit grade may not list (grade C).
    :raise InvalidInput: with every refused field; nothing is stored then.
    """
    ensure_may_trade(seller)
    credit_terms.ensure_grade_may_trade(seller)
    with transaction():
        floor = floors.floor_by_code(floor_code)
        gate.ensure_may_trade(seller, floor=floor, mechanism="listed_price", side="sell")
        errors = {}
        if not floor.active:
            errors["floor"] = [_("This floor is closed by the operator and takes no listings.")]
        title = _required_text(title, "title", 200, errors)
        place = _required_text(delivery_place, "delivery_place", 200, errors)
        floors.check_delivery_month(delivery_month, errors)
        terms = (delivery_terms or "").strip() or floor.delivery_terms
        if len(terms) > 300:
            errors["delivery_terms"] = [_("Use at most %(n)d characters.", n=300)]
        total = _quantity(quantity, "quantity", errors)
        minimum = _quantity(minimum_purchase, "minimum_purchase", errors)
        if total is not None and minimum is not None and minimum > total:
            errors["minimum_purchase"] = [_("The minimum purchase cannot exceed the quantity offered.")]
        price_minor = _checked(errors, floors.minor_units_of, floor, price)
        spec = _checked(errors, floors.check_spec, floor, spec)
        if errors:
            raise InvalidInput(_("Some fields are not valid."), errors)
        listing = FloorListing(floor_id=floor.id, seller_enterprise_id=seller.id, created_by_id=user.id, title=title,
                               spec=spec, quantity=total, remaining=total, minimum_purchase=minimum,
                               price_minor=price_minor, delivery_place=place, delivery_month=delivery_month,
                               delivery_terms=terms, status=OPEN)
        listing.floor, listing.seller = floor, seller
        db.session.add(listing)
        db.session.flush()
        if screening.screen_floor_listing(listing):
            listing.status = PENDING_REVIEW
        record("trading.floor_listing.opened", actor=user.public_id, enterprise=seller.public_id,
               target=listing.public_id, after={"floor": floor.code, "title": title, "spec": spec,
                                                "status": listing.status,
                                                "quantity": str(total), "minimum_purchase": str(minimum),
                                                "price_minor": price_minor, "currency": floor.currency})
        return listing


def purchase(user, buyer, listing_id, quantity):
    """Buy ``quantity`` of an open listing at its price; the contract awaits payment.

    Below the minimum purchase is refused unless it takes all that remains.
    :raise EnterpriseNotVerified: for a buyer the operator has not verified.
    :raise GradeBarred: when the buyer's credit grade may not place orders (grade C).
    :raise InvalidInput: for one's own listing, a listing no longer open, too little or too much.
    """
    ensure_may_trade(buyer)
    credit_terms.ensure_grade_may_trade(buyer)
    errors = {}
    wanted = _quantity(quantity, "quantity", errors)
    if errors:
        raise InvalidInput(_("Enter the quantity to buy."), errors)
    with transaction():
        # The listing's row lock comes before anything else is written (the contract, the audit
        # head): taken in another order, two buyers could deadlock.
        listing = db.session.scalar(lock_for_update(select(FloorListing).where(FloorListing.public_id == listing_id))
                                    .execution_options(populate_existing=True))
        if listing is None:
            raise NotFound(_("There is no such listing."))
        gate.ensure_may_trade(buyer, floor=listing.floor, mechanism="listed_price", side="buy", quantity=wanted)
        gate.ensure_may_trade(listing.seller, field="listing")
        unit = label(listing.floor.unit, "unit")
        if listing.seller_enterprise_id == buyer.id:
            raise InvalidInput(_("An enterprise cannot buy its own listing."),
                               {"listing": [_("This listing is your own enterprise's.")]})
        if listing.status != OPEN:
            raise InvalidInput(_("This listing is %(status)s.", status=status_label(listing.status)),
                               {"listing": [_("Only open listings can be bought.")]})
        if wanted > listing.remaining:
            raise InvalidInput(_("Only %(left)s %(unit)s are left.", left=plain(listing.remaining), unit=unit),
                               {"quantity": [_("Buy at most %(left)s %(unit)s.", left=plain(listing.remaining),
                                                unit=unit)]})
        if wanted < listing.minimum_purchase and wanted != listing.remaining:
            raise InvalidInput(
                _("The minimum purchase is %(minimum)s %(unit)s.", minimum=plain(listing.minimum_purchase), unit=unit),
                {"quantity": [_("Buy at least %(minimum)s %(unit)s, or all %(left)s %(unit)s that are left.",
                                minimum=plain(listing.minimum_purchase), left=plain(listing.remaining),
                                unit=unit)]})
        listing.remaining -= wanted
        if listing.remaining == 0:
            listing.status = SOLD_OUT
        listing.version += 1
        contract = contracts.from_purchase(listing, buyer, wanted)
        record("trading.floor_listing.purchased", actor=user.public_id, enterprise=buyer.public_id,
               target=listing.public_id, after={"quantity": str(wanted), "remaining": str(listing.remaining),
                                                "status": listing.status, "contract": contract.public_id})
        return contract


def withdraw(user, seller, listing_id):
    """The seller takes what remains off sale; contracts already made stand.

    :raise InvalidInput: when the listing is sold out or withdrawn already.
    """
    with transaction():
        listing = db.session.scalar(lock_for_update(select(FloorListing).where(FloorListing.public_id == listing_id))
                                    .execution_options(populate_existing=True))
        if listing is None or listing.seller_enterprise_id != seller.id:
            raise NotFound(_("There is no such listing of your enterprise."))
        if listing.status not in (OPEN, PENDING_REVIEW):
            raise InvalidInput(_("This listing is %(status)s.", status=status_label(listing.status)),
                               {"listing": [_("Only open listings can be withdrawn.")]})
        listing.status = WITHDRAWN
        listing.version += 1
        record("trading.floor_listing.withdrawn", actor=user.public_id, enterprise=seller.public_id,
               target=listing.public_id, after={"remaining": str(listing.remaining)})
        return listing


def _locked_listing(listing):
    return db.session.scalar(lock_for_update(select(FloorListing).where(FloorListing.id == listing.id))
                             .execution_options(populate_existing=True))


def hold_for_review(listing):
    """Take an open listing off sale until oversight's review (its screening flagged it); else nothing."""
    with transaction():
        listing = _locked_listing(listing)
        if listing.status == OPEN:
            listing.status = PENDING_REVIEW
            listing.version += 1
            record("trading.floor_listing.pending_review", enterprise=listing.seller.public_id,
                   target=listing.public_id, before={"status": OPEN}, after={"status": PENDING_REVIEW})
        return listing


def settle_review(actor, listing, cleared):
    """Oversight's review decided: a cleared listing opens for sale, a rejected one is withdrawn."""
    with transaction():
        listing = _locked_listing(listing)
        if listing.status == PENDING_REVIEW:
            listing.status = OPEN if cleared else WITHDRAWN
            listing.version += 1
            record("trading.floor_listing.reviewed", actor=actor.public_id if actor else None,
                   enterprise=listing.seller.public_id, target=listing.public_id,
                   before={"status": PENDING_REVIEW}, after={"status": listing.status})
        return listing


def listings_statement(floor=None, status=None, seller=None):
    """Listings, optionally of one floor, status or seller (for pages and API pages)."""
    statement = select(FloorListing)
    if floor is not None:
        statement = statement.where(FloorListing.floor_id == floor.id)
    if status:
        statement = statement.where(FloorListing.status == status)
    if seller is not None:
        statement = statement.where(FloorListing.seller_enterprise_id == seller.id)
    return statement


def open_listings_of(floor):
    """A floor's open listings, newest first, for its public page."""
    return db.session.scalars(listings_statement(floor, OPEN).order_by(FloorListing.id.desc())).all()


def listings_of(seller):
    """All listings of one enterprise, newest first."""
    return db.session.scalars(listings_statement(seller=seller).order_by(FloorListing.id.desc())).all()


def listing_by_public_id(listing_id):
    """:raise NotFound: for an unknown listing."""
    listing = db.session.scalar(select(FloorListing).where(FloorListing.public_id == listing_id))
    if listing is None:
        raise NotFound(_("There is no such listing."))
    return listing


def trading_enterprises(user):
    """The verified enterprises ``user`` belongs to: those in whose name the floor pages offer to list or buy."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(select(Enterprise).join(Membership).where(
        Membership.user_id == user.id, Enterprise.status == EnterpriseStatus.VERIFIED)
        .order_by(Membership.created_at)).all()
