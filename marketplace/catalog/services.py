"""Catalog use cases. Each change is one transaction: audited, versioned, and announced in the outbox.

Every change increments ``listing.version`` and emits ``listing.changed`` with it, so the search
index (which keeps only the highest version it has seen) follows the database without ever going
back in time. Only verified enterprises may change their listings.
"""
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from credit.terms import services as credit_terms
from marketplace.accounts import lifecycle as enterprise_lifecycle
from marketplace.accounts.labels import label
from marketplace.accounts.models import Enterprise, Membership
from marketplace.accounts.services import ensure_may_trade
from marketplace.audit.services import record
from marketplace.catalog import attributes, checks, images, lifecycle, pricing
from marketplace.catalog.lifecycle import ListingKind, ListingStatus
from marketplace.catalog.models import Category, Listing, ListingImage, PriceTier
from marketplace.database import after_commit, lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.money import MINOR_DIGITS, Money
from marketplace.outbox import emit
from marketplace.oversight import gate
from marketplace.oversight.screening import hooks as screening

MAX_IMAGES = 10
EDITABLE = ("title_zh", "title_en", "description_zh", "description_en", "attributes", "unit",
            "min_order_quantity", "stock", "lead_time_days", "origin", "certifications", "service_scope",
            "price_basis", "location", "slot_minutes")


class ListingNotReady(InvalidInput):
    """Publishing a listing that still lacks what buyers need."""


# --- reading ---------------------------------------------------------------------------------------

def category_tree():
    """Top-level categories with their children, in the seeded order."""
    return db.session.scalars(select(Category).where(Category.parent_id.is_(None))
                              .options(selectinload(Category.children)).order_by(Category.position)).all()


def category_by_code(code):
    """:raise NotFound: for an unknown code."""
    category = db.session.scalar(select(Category).where(Category.code == code))
    if category is None:
        raise NotFound(_("No such category."))
    return category


def listable_categories(kind=None):
    """Categories one can list in (those with an attribute schema), optionally of one kind."""
    statement = select(Category).where(Category.code.in_(attributes.SCHEMAS)).order_by(Category.position)
    if kind:
        statement = statement.where(Category.listing_kind == kind)
    return db.session.scalars(statement).all()


def listings_of(enterprise, status=None):
    """The supplier's own listings, newest change first, in any status unless ``status`` is given."""
    statement = select(Listing).where(Listing.enterprise_id == enterprise.id).order_by(Listing.updated_at.desc())
    if status:
        statement = statement.where(Listing.status == status)
    return db.session.scalars(statement).all()


def listing_of(enterprise, public_id):
    """:raise NotFound: unless the listing exists and belongs to ``enterprise``."""
    listing = db.session.scalar(select(Listing).where(Listing.public_id == public_id,
                                                      Listing.enterprise_id == enterprise.id))
    if listing is None:
        raise NotFound(_("No such listing."))
    return listing


def _public():
    return select(Listing).join(Enterprise).where(
        Listing.status == ListingStatus.PUBLISHED, Enterprise.status == enterprise_lifecycle.EnterpriseStatus.VERIFIED)


def visible_listing(principal, public_id):
    """Published listings of verified enterprises are public; members and oversight also see the rest.

    :raise NotFound: otherwise, so a draft is not even confirmed to exist.
    """
    listing = db.session.scalar(select(Listing).where(Listing.public_id == public_id))
    if listing is None:
        raise NotFound(_("No such listing."))
    public = is_public(listing)
    insider = principal is not None and (principal.role_in(listing.enterprise_id) is not None
                                         or (principal.token_id is None and principal.platform_role is not None))
    if public or insider:
        return listing
    raise NotFound(_("No such listing."))


def is_public(listing):
    """Whether buyers may see ``listing``: published, by an enterprise that is verified now."""
    return (listing.status == ListingStatus.PUBLISHED
            and listing.enterprise.status == enterprise_lifecycle.EnterpriseStatus.VERIFIED)


def buyer_enterprises(user, listing):
    """The verified enterprises in whose name ``user`` might ask about or buy ``listing`` (not its seller's)."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(select(Enterprise).join(Membership).where(
        Membership.user_id == user.id, Enterprise.id != listing.enterprise_id,
        Enterprise.status == enterprise_lifecycle.EnterpriseStatus.VERIFIED).order_by(Membership.created_at)).all()


def published_in(category, limit=100):
    """Public listings of a category and its subcategories, newest first."""
    codes = [category.code, *(child.code for child in category.children)]
    return db.session.scalars(_public().join(Category, Listing.category_id == Category.id)
                              .where(Category.code.in_(codes)).order_by(Listing.published_at.desc())
                              .limit(limit)).all()


def tiers_of(listing):
    return [pricing.Tier(tier.min_quantity, Money(tier.unit_price_minor, listing.currency))
            for tier in listing.price_tiers]


def price_for(listing, quantity):
    """:return: ``(unit price, total)`` for ``quantity`` units of ``listing``, or None without a price.

    :raise InvalidInput: below the minimum order quantity.
    """
    quantity = Decimal(quantity)
    if quantity < listing.min_order_quantity:
        raise InvalidInput(_("The minimum order is %(quantity)s %(unit)s.",
                             quantity=checks.plain(listing.min_order_quantity), unit=label(listing.unit, "unit")),
                           {"quantity": [_("Order at least the minimum order quantity.")]})
    return pricing.price_for(tiers_of(listing), quantity)


def image_file(listing, image_public_id, thumbnail=False):
    """:return: ``(folder, file name, content type)`` of one of the listing's pictures. :raise NotFound:"""
    image = next((image for image in listing.images if image.public_id == image_public_id), None)
    if image is None:
        raise NotFound(_("No such picture."))
    return _upload_folder(), _thumbnail_name(image.stored_name) if thumbnail else image.stored_name, image.content_type


def _snapshot(listing):
    """The listing as the audit log keeps it: plain JSON values."""
    return {
        "status": listing.status, "category": listing.category.code, "title_zh": listing.title_zh,
        "title_en": listing.title_en, "attributes": listing.attributes, "unit": listing.unit,
        "min_order_quantity": checks.plain(listing.min_order_quantity),
        "stock": None if listing.stock is None else checks.plain(listing.stock),
        "lead_time_days": listing.lead_time_days,
        "origin": listing.origin, "certifications": listing.certifications, "price_basis": listing.price_basis,
        "location": listing.location, "slot_minutes": listing.slot_minutes,
        "price_tiers": [[checks.plain(t.min_quantity), t.unit_price_minor] for t in listing.price_tiers],
    }


def _changed(listing, is_new=False):
    """Version and announce a change in this transaction (the search indexer keeps the highest version)."""
    if not is_new:
        listing.version += 1
    listing.updated_at = utcnow()
    emit("listing.changed", "listing", listing.public_id, listing.version)


def _locked_any(listing):
    """The listing re-read under a row lock, so concurrent changes (stock, versions) queue up."""
    return db.session.scalar(lock_for_update(select(Listing).where(Listing.id == listing.id))
                             .execution_options(populate_existing=True))


def _locked(listing):
    """Like ``_locked_any``, refusing archived listings, which stay as they were last offered."""
    locked = _locked_any(listing)
    if not lifecycle.may_change(locked.status):
        raise InvalidInput(_("This listing is archived and can no longer change."))
    return locked


def _audit(action, user, listing, before=None, after=None):
    record(action, actor=user.public_id, enterprise=listing.enterprise.public_id, target=listing.public_id,
           before=before, after=after)


# --- changing listings -----------------------------------------------------------------------------

def create_listing(user, enterprise, kind, category_code, currency="CNY", price_tiers=None, **fields):
    """A new draft of ``enterprise``; buyers see it only once published.

    :raise EnterpriseNotVerified: unless the enterprise is verified. :raise InvalidInput: naming each bad field.
    """
    ensure_may_trade(enterprise)
    if kind not in set(ListingKind):
        raise InvalidInput(_("Choose the kind of listing."), {"kind": [_("Choose product, service or resource.")]})
    kind = ListingKind(kind)
    category = db.session.scalar(select(Category).where(Category.code == category_code))
    if category is None:
        raise InvalidInput(_("Choose a category."), {"category": [_("No such category.")]})
    checks.ensure_listable(category, kind)
    if currency not in MINOR_DIGITS:
        raise InvalidInput(_("Unknown currency."), {"currency": [_("Choose one of: %(currencies)s.",
                                                                   currencies=", ".join(MINOR_DIGITS))]})
    tiers = checks.parse_tiers(price_tiers or [], currency)
    cleaned = checks.listing_fields(kind, category, fields, tiers, tiers_given=bool(price_tiers))
    with transaction() as session:
        listing = Listing(enterprise=enterprise, kind=kind, category=category, status=ListingStatus.DRAFT,
                          currency=currency, version=1, **cleaned)
        listing.price_tiers = _rows_of(tiers)
        session.add(listing)
        session.flush()
        _changed(listing, is_new=True)
        _audit("listing.created", user, listing, after=_snapshot(listing))
    return listing


def update_listing(user, listing, price_tiers=None, **changes):
    """Change some fields (those not given stay); ``price_tiers`` given replace all tiers.

    A published listing shows the change at once, so it must stay complete.
    :raise InvalidInput: naming each bad field; nothing changes then.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Some fields cannot be changed."), {name: [_("Unknown field.")] for name in unknown})
    ensure_may_trade(listing.enterprise)
    tiers = None if price_tiers is None else checks.parse_tiers(price_tiers, listing.currency)
    with transaction() as session:
        listing = _locked(listing)
        current = {name: getattr(listing, name) for name in EDITABLE}
        cleaned = checks.listing_fields(ListingKind(listing.kind), listing.category, current | changes,
                                        tiers_of(listing) if tiers is None else tiers, tiers_given=tiers is not None)
        before = _snapshot(listing)
        for name, value in cleaned.items():
            setattr(listing, name, value)
        if tiers is not None:
            listing.price_tiers.clear()
            session.flush()
            listing.price_tiers.extend(_rows_of(tiers))
            session.flush()
        if listing.status == ListingStatus.PUBLISHED:
            _ensure_ready(listing, _("A published listing must stay complete; pause it to make this change."))
        after = _snapshot(listing)
        changed = {key for key in after if after[key] != before[key]}
        if changed and listing.status == ListingStatus.PUBLISHED and screening.screen_catalog_listing(listing):
            listing.status = after["status"] = ListingStatus.PENDING_REVIEW
            changed.add("status")
        if changed:
            _changed(listing)
            _audit("listing.updated", user, listing, before={k: before[k] for k in changed},
                   after={k: after[k] for k in changed})
    return listing


def _rows_of(tiers):
    return [PriceTier(min_quantity=tier.min_quantity, unit_price_minor=tier.unit_price.minor) for tier in tiers]


def _ensure_ready(listing, message):
    """:raise ListingNotReady: with ``message``, naming each field buyers would miss."""
    missing = lifecycle.missing_for_publication(
        listing.kind, has_price_tiers=bool(listing.price_tiers), price_basis=listing.price_basis,
        location=listing.location, slot_minutes=listing.slot_minutes)
    if missing:
        raise ListingNotReady(message, {name: [_("Needed while the listing is published.")] for name in missing})


def move_listing(user, listing, target):
    """Publish, pause or archive. Publishing checks that buyers get what they need to order, and that
    the enterprise's credit grade may list (grade C may not; pausing and archiving stay open to it).
    A listing oversight's screening flags becomes ``pending_review`` instead of published.

    :raise InvalidInput: for a move the lifecycle forbids or a listing not ready to publish.
    :raise GradeBarred: for publishing under a grade that may not list.
    """
    ensure_may_trade(listing.enterprise)
    if target == ListingStatus.PUBLISHED:
        credit_terms.ensure_grade_may_trade(listing.enterprise)
        gate.ensure_may_list(listing.enterprise)
    with transaction():
        listing = _locked_any(listing)
        try:
            lifecycle.check_move(listing.status, target)
        except (lifecycle.IllegalMove, ValueError):
            raise InvalidInput(_("A listing that is %(status)s cannot be moved to %(target)s.",
                                 status=label(listing.status, "listing_status"),
                                 target=label(target, "listing_status"))) from None
        if target == ListingStatus.PUBLISHED:
            _ensure_ready(listing, _("Complete the listing before publishing it."))
            listing.published_at = listing.published_at or utcnow()
            if screening.screen_catalog_listing(listing):
                target = ListingStatus.PENDING_REVIEW
        previous = listing.status
        listing.status = target
        _changed(listing)
        _audit(f"listing.{target}", user, listing, before={"status": previous}, after={"status": target})
    return listing


def hold_for_review(listing):
    """Take a published listing off sale until oversight's review (its screening flagged it); else nothing."""
    with transaction():
        listing = _locked_any(listing)
        if listing.status != ListingStatus.PUBLISHED:
            return listing
        listing.status = ListingStatus.PENDING_REVIEW
        _changed(listing)
        record("listing.pending_review", enterprise=listing.enterprise.public_id, target=listing.public_id,
               before={"status": ListingStatus.PUBLISHED}, after={"status": ListingStatus.PENDING_REVIEW})
    return listing


def settle_review(actor, listing, cleared):
    """Oversight's review decided: a cleared listing is published, a rejected one paused for the seller to
    change. A listing no longer waiting (archived meanwhile) stays as it is."""
    with transaction():
        listing = _locked_any(listing)
        if listing.status != ListingStatus.PENDING_REVIEW:
            return listing
        target = ListingStatus.PUBLISHED if cleared else ListingStatus.PAUSED
        listing.status = target
        _changed(listing)
        record(f"listing.{target}", actor=actor.public_id if actor else None, enterprise=listing.enterprise.public_id,
               target=listing.public_id, before={"status": ListingStatus.PENDING_REVIEW}, after={"status": target})
    return listing


def set_price_tiers(user, listing, rows):
    """Replace the listing's price tiers with ``rows`` (``[(min_quantity, unit price), …]``).

    :raise InvalidInput: naming the bad tier; the old tiers stay then.
    """
    return update_listing(user, listing, price_tiers=rows)


def adjust_stock(user, listing, change, reason):
    """Add (or with a negative ``change`` take away) stock; the row lock keeps concurrent changes exact.

    :raise InvalidInput: when the stock would fall below zero or the reason is missing.
    """
    ensure_may_trade(listing.enterprise)
    errors = {}
    try:
        change = Decimal(str(change).strip())
        if not change.is_finite() or -change.as_tuple().exponent > pricing.QUANTITY_PLACES or change == 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["change"] = [_("Enter a quantity to add, or a negative one to take away, with at most three "
                              "decimals.")]
    reason = " ".join(str(reason or "").split())
    if not reason or len(reason) > 200:
        errors["reason"] = [_("Say why the stock changes (at most 200 characters).")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    with transaction():
        listing = _locked(listing)
        before = listing.stock or Decimal(0)
        if before + change < 0:
            raise InvalidInput(_("Only %(stock)s %(unit)s are in stock.", stock=checks.plain(before),
                                 unit=label(listing.unit, "unit")),
                               {"change": [_("The stock cannot fall below zero.")]})
        listing.stock = before + change
        _changed(listing)
        _audit("listing.stock_adjusted", user, listing, before={"stock": checks.plain(before)},
               after={"stock": checks.plain(listing.stock), "change": checks.plain(change), "reason": reason})
    return listing


class OutOfStock(InvalidInput):
    status = 409


def take_stock(listing, quantity, reason):
    """Take ``quantity`` for an order, in the caller's transaction, so order and stock commit together.

    Buyers of the last stock queue on the listing's row lock: the second finds too little left.
    Listings without tracked stock (made to order) are not limited. :raise OutOfStock:
    """
    return _move_stock(listing, -Decimal(quantity), "listing.stock_taken", reason)


def return_stock(listing, quantity, reason):
    """Give back what ``take_stock`` took (a cancelled order), in the caller's transaction."""
    return _move_stock(listing, Decimal(quantity), "listing.stock_returned", reason)


def _move_stock(listing, change, action, reason):
    with transaction():
        listing = _locked_any(listing)
        if listing.stock is None:
            return listing
        if listing.stock + change < 0:
            raise OutOfStock(_("Only %(stock)s %(unit)s are in stock.", stock=checks.plain(listing.stock),
                               unit=label(listing.unit, "unit")),
                             {"quantity": [_("Order at most what is in stock.")]})
        before = listing.stock
        listing.stock = before + change
        _changed(listing)
        record(action, enterprise=listing.enterprise.public_id, target=listing.public_id,
               before={"stock": checks.plain(before)},
               after={"stock": checks.plain(listing.stock), "change": checks.plain(change), "reason": reason})
    return listing


# --- pictures --------------------------------------------------------------------------------------

def _upload_folder():
    folder = Path(current_app.instance_path) / "uploads" / "listings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _thumbnail_name(stored_name):
    stem, _dot, extension = stored_name.rpartition(".")
    return f"{stem}-thumb.{extension}"


def add_image(user, listing, data):
    """Store a checked picture and its thumbnail in the instance folder.

    :raise InvalidInput: for a file that is not a PNG, JPEG or WebP picture of at most 5 MB.
    """
    ensure_may_trade(listing.enterprise)
    try:
        picture = images.inspect(data)
    except images.ImageRefused as refused:
        message = checks.image_refusal(refused.code)
        raise InvalidInput(message, {"image": [message]}) from None
    if len(listing.images) >= MAX_IMAGES:
        raise InvalidInput(_("A listing has at most %(n)d pictures.", n=MAX_IMAGES),
                           {"image": [_("Remove a picture first.")]})
    stored_name = f"{secrets.token_hex(16)}.{picture.extension}"
    folder = _upload_folder()
    original, small = folder / stored_name, folder / _thumbnail_name(stored_name)
    original.write_bytes(data)
    small.write_bytes(images.thumbnail(data))
    try:
        with transaction() as session:
            listing = _locked(listing)
            image = ListingImage(listing_id=listing.id, stored_name=stored_name, content_type=picture.content_type,
                                 width=picture.width, height=picture.height, size_bytes=picture.size_bytes,
                                 position=max((i.position for i in listing.images), default=-1) + 1)
            session.add(image)
            session.flush()
            _changed(listing)
            _audit("listing.image_added", user, listing, after={"image": image.public_id,
                                                                "content_type": picture.content_type})
    except BaseException:
        original.unlink(missing_ok=True)
        small.unlink(missing_ok=True)
        raise
    return image


def remove_image(user, listing, image_public_id):
    """Remove a picture; its files go once the removal has committed."""
    ensure_may_trade(listing.enterprise)
    with transaction() as session:
        listing = _locked(listing)
        image = next((image for image in listing.images if image.public_id == image_public_id), None)
        if image is None:
            raise NotFound(_("No such picture."))
        folder, stored_name = _upload_folder(), image.stored_name
        session.delete(image)
        _changed(listing)
        _audit("listing.image_removed", user, listing, before={"image": image_public_id})
        after_commit(lambda: [(folder / name).unlink(missing_ok=True)
                              for name in (stored_name, _thumbnail_name(stored_name))])

