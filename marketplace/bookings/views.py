"""Booking pages: a resource's week calendar with the request form, an enterprise's bookings, and the
provider's opening hours and closures. They work without JavaScript; times show in Shanghai time.

The gate resolves ``enterprise_id`` into ``g.enterprise``: the buyer on the request route, the
provider on the answer and schedule routes; the services check the booking or listing belongs to it.
"""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.bookings import calendar, services
from marketplace.bookings.forms import BookingRequestForm, ClosureForm, OpeningHoursForm, ReasonForm, WeekQuery
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("bookings", __name__)


def _calendar_page(listing, week=None, form=None, buyer=None, status=200):
    """The week of ``week`` (this week by default) with the request form for the chosen buyer enterprise."""
    query = WeekQuery(formdata=request.args)
    if week is None:
        week = query.week.data if query.validate() and query.week.data else calendar.local_date(utcnow())
    monday = calendar.week_start(week)
    availability = services.availability(listing, monday, monday + timedelta(days=6))
    buyers = [e for e in services.trading_enterprises(current_user) if e.id != listing.enterprise_id]
    if buyer is None:
        buyer = next((e for e in buyers if e.public_id == query.buyer.data), buyers[0] if buyers else None)
    return render_template(
        "bookings/calendar.html", listing=listing, availability=availability,
        rows=calendar.week_rows(availability.days), monday=monday, buyers=buyers, buyer=buyer,
        form=form or BookingRequestForm(formdata=None, data={"listing": listing.public_id}),
        previous_week=monday - timedelta(days=7), next_week=monday + timedelta(days=7),
        free_cancellation_hours=calendar.FREE_CANCELLATION_HOURS,
    ), status


@bp.get("/listings/<listing_id>/calendar")
@requires(policy.SIGNED_IN)
def resource_calendar(listing_id):
    """:raise NotFound: unless the listing is a bookable resource."""
    return _calendar_page(services.resource(listing_id))


@bp.post("/enterprises/<enterprise_id>/bookings")
@requires(policy.ENTERPRISE_TRADER)
def request_booking(enterprise_id):
    """Book for the enterprise in the URL; a refusal shows the same week again with the reason."""
    form = BookingRequestForm()
    if not form.validate_on_submit():
        listing = services.resource(form.listing.data)
        return _calendar_page(listing, week=_week_of(form), form=form, buyer=g.enterprise, status=422)
    try:
        booking = services.request_booking(current_user, g.enterprise, form.listing.data, form.starts_at.data,
                                           form.slots.data, form.note.data or "")
    except DomainError as error:
        show_refusal(form, error)
        listing = services.resource(form.listing.data)
        return _calendar_page(listing, week=_week_of(form), form=form, buyer=g.enterprise, status=error.status)
    flash(_("Your booking is requested. The slots are held for you until the provider answers."), "success")
    return redirect(url_for("bookings.enterprise_bookings", enterprise_id=enterprise_id, _anchor=booking.public_id))


def _week_of(form):
    return calendar.local_date(form.starts_at.data) if form.starts_at.data else None


def _bookings_page(problem=None, status=200):
    enterprise, now = g.enterprise, utcnow()
    return render_template(
        "bookings/list.html", enterprise=enterprise, made=services.bookings_made_by(enterprise),
        received=services.bookings_for(enterprise), resources=services.resources_of(enterprise), problem=problem,
        free_cancellation_hours=calendar.FREE_CANCELLATION_HOURS,
        buyer_may_cancel=lambda booking: calendar.buyer_may_cancel(booking.starts_at, now),
    ), status


@bp.get("/enterprises/<enterprise_id>/bookings")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_bookings(enterprise_id):
    """Bookings made by the enterprise and bookings of its resources; traders also get the buttons."""
    return _bookings_page()


def _answer(use_case, done_message, with_reason=True):
    """Run one answer to a booking and come back to the list; a refusal is shown above it."""
    form = ReasonForm()
    arguments = (form.reason.data or "",) if with_reason else ()
    try:
        use_case(current_user, g.enterprise, request.view_args["booking_id"], *arguments)
    except DomainError as error:
        return _bookings_page(problem=error.message, status=error.status)
    flash(done_message, "success")
    return redirect(url_for("bookings.enterprise_bookings", enterprise_id=g.enterprise.public_id))


@bp.post("/enterprises/<enterprise_id>/bookings/<booking_id>/confirm")
@requires(policy.ENTERPRISE_TRADER)
def confirm(enterprise_id, booking_id):
    """The provider accepts; the buyer sees it confirmed."""
    return _answer(services.confirm_booking, _("The booking is confirmed."), with_reason=False)


@bp.post("/enterprises/<enterprise_id>/bookings/<booking_id>/refuse")
@requires(policy.ENTERPRISE_TRADER)
def refuse(enterprise_id, booking_id):
    """The provider declines with a reason; the slots become free again."""
    return _answer(services.refuse_booking, _("The booking is refused and its slots are free again."))


@bp.post("/enterprises/<enterprise_id>/bookings/<booking_id>/cancel")
@requires(policy.ENTERPRISE_TRADER)
def cancel(enterprise_id, booking_id):
    """Either side cancels; the service applies the cancellation rule of that side."""
    return _answer(services.cancel_booking, _("The booking is cancelled and its slots are free again."))


# --- the provider's schedule ----------------------------------------------------------------------

def _hours_page(listing, form=None, closure_form=None, status=200):
    return render_template(
        "bookings/hours.html", enterprise=g.enterprise, listing=listing,
        form=form or OpeningHoursForm.of(services.hours_of(listing), formdata=None),
        closure_form=closure_form or ClosureForm(formdata=None),
        closures=services.closures_of(listing, calendar.local_date(utcnow())),
    ), status


@bp.route("/enterprises/<enterprise_id>/listings/<listing_id>/hours", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def opening_hours(enterprise_id, listing_id):
    """Weekly hours of one of the enterprise's resources; bookings already made are not touched."""
    listing = services.own_resource(g.enterprise, listing_id)
    form = OpeningHoursForm()
    if form.validate_on_submit():
        try:
            services.set_opening_hours(current_user, g.enterprise, listing_id, form.hours())
        except DomainError as error:
            show_refusal(form, error)
            return _hours_page(listing, form=form, status=error.status)
        flash(_("The opening hours are saved."), "success")
        return redirect(url_for("bookings.opening_hours", enterprise_id=enterprise_id, listing_id=listing_id))
    return _hours_page(listing, form=form if form.is_submitted() else None, status=status_of(form))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/closures")
@requires(policy.ENTERPRISE_TRADER)
def add_closure(enterprise_id, listing_id):
    """Close a day (calibration, maintenance); its slots disappear from the calendar."""
    listing = services.own_resource(g.enterprise, listing_id)
    form = ClosureForm()
    if not form.validate_on_submit():
        return _hours_page(listing, closure_form=form, status=422)
    try:
        services.add_closure(current_user, g.enterprise, listing_id, form.day.data, form.reason.data or "")
    except DomainError as error:
        show_refusal(form, error)
        return _hours_page(listing, closure_form=form, status=error.status)
    flash(_("The resource is closed on %(day)s.", day=form.day.data.isoformat()), "success")
    return redirect(url_for("bookings.opening_hours", enterprise_id=enterprise_id, listing_id=listing_id))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/closures/<day>/remove")
@requires(policy.ENTERPRISE_TRADER)
def remove_closure(enterprise_id, listing_id, day):
    """Open a closed day again.

    :raise 404: for a day that is not a date.
    """
    services.own_resource(g.enterprise, listing_id)
    try:
        closed_day = date.fromisoformat(day)
    except ValueError:
        abort(404)
    services.remove_closure(current_user, g.enterprise, listing_id, closed_day)
    flash(_("The resource is open again on %(day)s.", day=closed_day.isoformat()), "success")
    return redirect(url_for("bookings.opening_hours", enterprise_id=enterprise_id, listing_id=listing_id))
