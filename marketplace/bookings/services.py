"""Booking use cases. Each public function is one transaction and writes its audit record in it.

A slot is held by an active ``BookedSlot`` row. Requests lock the listing row, so bookings of one
resource are made one at a time; the partial unique index on active slots is the last guard, so
even a path that forgot the lock could never double-book.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from marketplace import policy
from marketplace.accounts import labels, lifecycle
from marketplace.accounts.models import Enterprise, Membership
from marketplace.accounts.services import ensure_may_trade
from marketplace.audit.services import record
from marketplace.bookings import calendar
from marketplace.bookings import labels as _registered_labels  # noqa: F401  booking label families
from marketplace.bookings.models import BookedSlot, Booking, Closure, OpeningHours
from marketplace.catalog.models import Listing
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.extensions import db

RESOURCE = "resource"
PUBLISHED = "published"
OPEN_STATUSES = ("requested", "confirmed")


class SlotTaken(DomainError):
    """Another booking holds one of the slots; nothing was written."""

    status = 409


class IllegalMove(DomainError):
    """The booking's state does not allow this (already answered, cancelled, begun, or past free cancellation)."""

    status = 409


@dataclass(frozen=True)
class Availability:
    """A resource's days of one period, with the years whose holidays the calendar could not know."""

    listing: Listing
    first_day: date
    last_day: date
    days: list
    unknown_holiday_years: list


# --- reading --------------------------------------------------------------------------------------

def _bookable(listing):
    """A published resource of a verified enterprise, with a slot length: what buyers may book."""
    return (listing is not None and listing.kind == RESOURCE and listing.status == PUBLISHED
            and bool(listing.slot_minutes) and listing.enterprise.status == lifecycle.EnterpriseStatus.VERIFIED)


def resource(listing_public_id):
    """:raise NotFound: unless the listing is a bookable resource."""
    listing = db.session.scalar(select(Listing).where(Listing.public_id == listing_public_id))
    if not _bookable(listing):
        raise NotFound(_("No such bookable resource."))
    return listing


def _schedule(listing):
    """The resource's weekly hours and closure days, as the pure calendar takes them."""
    hours = [calendar.Hours(h.weekday, h.opens_minute, h.closes_minute)
             for h in db.session.scalars(select(OpeningHours).where(OpeningHours.listing_id == listing.id))]
    closures = set(db.session.scalars(select(Closure.day).where(Closure.listing_id == listing.id)))
    return hours, closures


def availability(listing, first_day, last_day, now=None):
    """Every day from ``first_day`` to ``last_day`` with its slots free, taken, past, or the day closed."""
    now = now or utcnow()
    hours, closures = _schedule(listing)
    start = datetime.combine(first_day, time(), tzinfo=calendar.SHANGHAI)
    end = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=calendar.SHANGHAI)
    taken = set(db.session.scalars(select(BookedSlot.starts_at).where(
        BookedSlot.listing_id == listing.id, BookedSlot.active.is_(True),
        BookedSlot.starts_at >= start, BookedSlot.starts_at < end)))
    days = calendar.days_of(first_day, last_day, hours, closures, listing.slot_minutes, now, taken)
    return Availability(listing, first_day, last_day, days, calendar.unknown_holiday_years(first_day, last_day))


def bookings_made_by(enterprise):
    return db.session.scalars(select(Booking).where(Booking.buyer_enterprise_id == enterprise.id)
                              .order_by(Booking.starts_at.desc(), Booking.id.desc())).all()


def bookings_for(enterprise):
    """Bookings of the enterprise's own resources, the ones waiting for an answer first."""
    return db.session.scalars(select(Booking).join(Listing).where(Listing.enterprise_id == enterprise.id)
                              .order_by((Booking.status != "requested"), Booking.starts_at.desc(),
                                        Booking.id.desc())).all()


def bookings_involving(enterprise):
    """Bookings the enterprise made or received, for the API list."""
    provided = select(Listing.id).where(Listing.enterprise_id == enterprise.id)
    return select(Booking).where(or_(Booking.buyer_enterprise_id == enterprise.id,
                                     Booking.listing_id.in_(provided)))


def booking_of(enterprise, booking_public_id):
    """:raise NotFound: unless ``enterprise`` made the booking or provides the resource."""
    booking = db.session.scalar(select(Booking).where(Booking.public_id == booking_public_id))
    if booking is None or enterprise.id not in (booking.buyer_enterprise_id, booking.listing.enterprise_id):
        raise NotFound(_("No such booking."))
    return booking


def trading_enterprises(user):
    """Verified enterprises in which ``user`` may book (owner or trader), for the booking form."""
    return db.session.scalars(select(Enterprise).join(Membership).where(
        Membership.user_id == user.id, Membership.role.in_((policy.CompanyRole.OWNER, policy.CompanyRole.TRADER)),
        Enterprise.status == lifecycle.EnterpriseStatus.VERIFIED).order_by(Enterprise.name_zh)).all()


# --- the buyer's request --------------------------------------------------------------------------

def _refusal(refused, listing):
    """Word a calendar refusal for people, at the field it concerns."""
    if refused.refusal == calendar.Refusal.TOO_MANY:
        message = _("Book from 1 to %(n)d consecutive slots at once.", n=calendar.MOST_SLOTS_PER_BOOKING)
        return InvalidInput(message, {"slots": [message]})
    messages = {
        calendar.Refusal.PAST: _("This slot is in the past or has already begun; choose a later one."),
        calendar.Refusal.CLOSED_DAY: _("The resource is closed that day (%(reason)s).",
                                       reason=labels.label(refused.closed, "closed")),
        calendar.Refusal.OUTSIDE_HOURS: _("The slots asked for are not all within the opening hours."),
        calendar.Refusal.NOT_ALIGNED: _("Slots last %(n)d minutes from the opening time; choose the start of one.",
                                        n=listing.slot_minutes),
    }
    message = messages[refused.refusal]
    return InvalidInput(message, {"starts_at": [message]})


def _slot_taken():
    message = _("This slot is already taken; choose another one.")
    return SlotTaken(message, {"starts_at": [message]})


def request_booking(user, buyer, listing_public_id, starts_at, slot_count=1, note="", now=None):
    """Ask for ``slot_count`` consecutive slots from ``starts_at``; they are held at once, pending the provider.

    :raise SlotTaken: when another booking holds any of them (also when it won a race by an instant).
    :raise InvalidInput: for a listing that is not bookable, one's own resource, or slots that are not open.
    """
    ensure_may_trade(buyer)
    now = now or utcnow()
    try:
        with transaction() as session:
            listing = session.scalar(lock_for_update(select(Listing).where(Listing.public_id == listing_public_id)))
            if not _bookable(listing):
                message = _("This is not a published resource that can be booked.")
                raise InvalidInput(message, {"listing": [message]})
            if listing.enterprise_id == buyer.id:
                message = _("An enterprise cannot book its own resource.")
                raise InvalidInput(message, {"listing": [message]})
            hours, closures = _schedule(listing)
            try:
                run = calendar.requested_slots(starts_at, slot_count, hours, closures, listing.slot_minutes, now)
            except calendar.SlotRefused as refused:
                raise _refusal(refused, listing) from None
            starts = [start for start, _end in run]
            if session.scalar(select(BookedSlot.id).where(
                    BookedSlot.listing_id == listing.id, BookedSlot.active.is_(True),
                    BookedSlot.starts_at.in_(starts)).limit(1)):
                raise _slot_taken()
            booking = Booking(listing_id=listing.id, buyer_enterprise_id=buyer.id, requested_by_id=user.id,
                              starts_at=run[0][0], ends_at=run[-1][1], note=note.strip(),
                              slots=[BookedSlot(listing_id=listing.id, starts_at=start) for start in starts])
            session.add(booking)
            session.flush()
            record("booking.requested", actor=user.public_id, enterprise=buyer.public_id, target=booking.public_id,
                   after={"listing": listing.public_id, "starts_at": booking.starts_at.isoformat(),
                          "ends_at": booking.ends_at.isoformat(), "slots": len(starts)})
    except IntegrityError:
        raise _slot_taken() from None
    return booking


# --- answers and cancellation ---------------------------------------------------------------------

def _locked_booking(enterprise, booking_public_id):
    booking = db.session.scalar(lock_for_update(select(Booking).where(Booking.public_id == booking_public_id)))
    if booking is None or enterprise.id not in (booking.buyer_enterprise_id, booking.listing.enterprise_id):
        raise NotFound(_("No such booking."))
    return booking


def _provided_booking(enterprise, booking_public_id):
    """:raise NotFound: unless ``enterprise`` provides the booked resource."""
    booking = _locked_booking(enterprise, booking_public_id)
    if booking.listing.enterprise_id != enterprise.id:
        raise NotFound(_("No such booking."))
    return booking


def _ensure_status(booking, allowed):
    """:raise IllegalMove: when the booking has already moved past the states ``allowed``."""
    if booking.status not in allowed:
        raise IllegalMove(_("This booking is “%(status)s” now; it cannot change this way.",
                            status=labels.label(booking.status, "booking_status")))


def _free_slots(booking):
    for slot in booking.slots:
        slot.active = False


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        message = _("Give the reason; the other side will see it.")
        raise InvalidInput(message, {"reason": [message]})
    return reason


def _decide(user, enterprise, booking, status, reason=""):
    before = booking.status
    booking.status = status
    booking.decision_reason = reason
    booking.decided_at = utcnow()
    record(f"booking.{status}", actor=user.public_id, enterprise=enterprise.public_id, target=booking.public_id,
           before={"status": before}, after={"status": status, "reason": reason})


def confirm_booking(user, provider, booking_public_id, now=None):
    """The provider accepts a request whose time has not begun; its slots stay held."""
    ensure_may_trade(provider)
    now = now or utcnow()
    with transaction():
        booking = _provided_booking(provider, booking_public_id)
        _ensure_status(booking, ("requested",))
        if booking.starts_at <= now:
            raise IllegalMove(_("The booked time has begun; refuse or cancel the request instead."))
        _decide(user, provider, booking, "confirmed")
    return booking


def refuse_booking(user, provider, booking_public_id, reason):
    """The provider declines a request, saying why; its slots become free again."""
    reason = _require_reason(reason)
    with transaction():
        booking = _provided_booking(provider, booking_public_id)
        _ensure_status(booking, ("requested",))
        _free_slots(booking)
        _decide(user, provider, booking, "refused", reason)
    return booking


def cancel_booking(user, enterprise, booking_public_id, reason="", now=None):
    """Either side cancels an open booking and frees its slots.

    The buyer may cancel until ``FREE_CANCELLATION_HOURS`` before the first slot; the provider at any
    time, but always with a reason, since the buyer relied on the slot.
    """
    now = now or utcnow()
    with transaction():
        booking = _locked_booking(enterprise, booking_public_id)
        _ensure_status(booking, OPEN_STATUSES)
        if booking.listing.enterprise_id == enterprise.id:
            reason = _require_reason(reason)
        elif not calendar.buyer_may_cancel(booking.starts_at, now):
            raise IllegalMove(_("Free cancellation ends %(hours)d hours before the booked time; "
                                "ask the provider to cancel it.", hours=calendar.FREE_CANCELLATION_HOURS))
        before = booking.status
        booking.status = "cancelled"
        booking.cancelled_at = now
        booking.decision_reason = (reason or "").strip()
        _free_slots(booking)
        record("booking.cancelled", actor=user.public_id, enterprise=enterprise.public_id, target=booking.public_id,
               before={"status": before}, after={"status": "cancelled", "reason": booking.decision_reason})
    return booking


# --- the provider's schedule ----------------------------------------------------------------------

def own_resource(enterprise, listing_public_id):
    """A resource listing of ``enterprise`` in any status, so hours can be set before publishing.

    :raise NotFound: for another enterprise's listing or one that is not a resource.
    """
    listing = db.session.scalar(select(Listing).where(
        Listing.public_id == listing_public_id, Listing.enterprise_id == enterprise.id, Listing.kind == RESOURCE))
    if listing is None:
        raise NotFound(_("No such resource."))
    return listing


def resources_of(enterprise):
    """The enterprise's resource listings in any status, for links to their schedules."""
    return db.session.scalars(select(Listing).where(Listing.enterprise_id == enterprise.id, Listing.kind == RESOURCE)
                              .order_by(Listing.created_at, Listing.id)).all()


def hours_of(listing):
    return db.session.scalars(select(OpeningHours).where(OpeningHours.listing_id == listing.id)
                              .order_by(OpeningHours.weekday, OpeningHours.opens_minute)).all()


def closures_of(listing, since):
    return db.session.scalars(select(Closure).where(Closure.listing_id == listing.id, Closure.day >= since)
                              .order_by(Closure.day)).all()


def set_opening_hours(user, enterprise, listing_public_id, hours):
    """Replace the weekly hours with ``hours`` (``calendar.Hours``); existing bookings are kept as they are."""
    wrong = calendar.check_hours(hours)
    if wrong:
        message = _("Opening must come before closing, within one day, without overlapping intervals.")
        raise InvalidInput(message, {f"day_{weekday}": [message] for weekday in wrong})
    with transaction() as session:
        listing = own_resource(enterprise, listing_public_id)
        before = [(h.weekday, h.opens_minute, h.closes_minute) for h in hours_of(listing)]
        session.execute(delete(OpeningHours).where(OpeningHours.listing_id == listing.id))
        session.add_all(OpeningHours(listing_id=listing.id, weekday=h.weekday, opens_minute=h.opens_minute,
                                     closes_minute=h.closes_minute) for h in hours)
        record("resource.hours_set", actor=user.public_id, enterprise=enterprise.public_id,
               target=listing.public_id, before={"hours": before},
               after={"hours": sorted((h.weekday, h.opens_minute, h.closes_minute) for h in hours)})
    return listing


def add_closure(user, enterprise, listing_public_id, day, reason=""):
    """Close the resource on ``day``; bookings already made for it are for the provider to cancel."""
    with transaction() as session:
        listing = own_resource(enterprise, listing_public_id)
        if session.scalar(select(Closure.id).where(Closure.listing_id == listing.id, Closure.day == day)):
            message = _("The resource is already closed that day.")
            raise InvalidInput(message, {"day": [message]})
        session.add(Closure(listing_id=listing.id, day=day, reason=reason.strip()))
        record("resource.closed", actor=user.public_id, enterprise=enterprise.public_id, target=listing.public_id,
               after={"day": day.isoformat(), "reason": reason.strip()})
    return listing


def remove_closure(user, enterprise, listing_public_id, day):
    """Open the day again; safe to repeat."""
    with transaction() as session:
        listing = own_resource(enterprise, listing_public_id)
        removed = session.execute(delete(Closure).where(Closure.listing_id == listing.id, Closure.day == day))
        if removed.rowcount:
            record("resource.reopened", actor=user.public_id, enterprise=enterprise.public_id,
                   target=listing.public_id, after={"day": day.isoformat()})
    return listing
