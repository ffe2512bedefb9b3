"""``/api/v1`` for shared resources: availability, booking requests, and the provider's answers.

A token acts for its own enterprise (``g.enterprise``): as the buyer when it books or cancels its
own booking, as the provider when it answers bookings of its resources.
"""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.bookings.calendar import Hours
from marketplace.bookings.schemas import (
    AvailabilityQuery, AvailabilitySchema, BookingInSchema, BookingQuery, BookingSchema, OpeningHoursSchema,
    ReasonSchema,
)
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires

blp = api_blueprint("bookings_api", __name__, "Shared resources: availability, bookings and their answers.")


def _caller():
    return db.session.get(User, g.principal.user_id)


def _minutes(moment):
    return moment.hour * 60 + moment.minute


@blp.route("/resources/<listing_id>/opening-hours")
class ResourceOpeningHours(MethodView):
    @requires(policy.API_CATALOG_WRITE)
    @blp.arguments(OpeningHoursSchema)
    @blp.response(200, OpeningHoursSchema)
    @blp.alt_response(422, schema=ProblemSchema, description="Closing before opening, or overlapping intervals")
    def put(self, data, listing_id):
        """Replace the weekly hours of one of this enterprise's resources; bookings already made stay."""
        hours = [Hours(item["weekday"], _minutes(item["opens"]), _minutes(item["closes"])) for item in data["hours"]]
        services.set_opening_hours(_caller(), g.enterprise, listing_id, hours)
        return data


@blp.route("/resources/<listing_id>/availability")
class ResourceAvailability(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.arguments(AvailabilityQuery, location="query")
    @blp.response(200, AvailabilitySchema)
    def get(self, query, listing_id):
        """Slots of each day from ``from`` to ``to`` (Shanghai dates): free, taken or past; closed days say why."""
        return services.availability(services.resource(listing_id), query["from_"], query["to"])


@blp.route("/bookings")
class Bookings(MethodView):
    @requires(policy.API_BOOKINGS_READ)
    @blp.arguments(BookingQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(BookingSchema))
    def get(self, limit, cursor, status=None):
        """Bookings this enterprise made or received, oldest first."""
        statement = services.bookings_involving(g.enterprise)
        if status:
            statement = statement.where(Booking.status == status)
        page = paginate(db.session, statement, Booking.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_BOOKINGS_WRITE)
    @idempotent
    @blp.arguments(BookingInSchema)
    @blp.response(201, BookingSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="One of the slots is already taken")
    @blp.alt_response(422, schema=ProblemSchema,
                      description="A slot in the past, closed or outside the hours, or a listing that cannot be booked")
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Request consecutive slots of a resource; they are held at once until the provider answers."""
        return services.request_booking(_caller(), g.enterprise, data["listing"], data["starts_at"], data["slots"],
                                        data["note"])


@blp.route("/bookings/<booking_id>")
class OneBooking(MethodView):
    @requires(policy.API_BOOKINGS_READ)
    @blp.response(200, BookingSchema)
    def get(self, booking_id):
        """A booking this enterprise made or received."""
        return services.booking_of(g.enterprise, booking_id)


def _answer_docs(view):
    """What every answer to a booking shares: a retry-safe POST with an optional reason."""
    for decorate in reversed((
        requires(policy.API_BOOKINGS_WRITE), idempotent, blp.arguments(ReasonSchema), blp.response(200, BookingSchema),
        blp.alt_response(409, schema=ProblemSchema, description="The booking cannot move this way any more"),
        blp.alt_response(422, schema=ProblemSchema, description="A reason is required and missing"),
        blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER]),
    )):
        view = decorate(view)
    return view


@blp.route("/bookings/<booking_id>/confirm")
class ConfirmBooking(MethodView):
    @_answer_docs
    def post(self, data, booking_id):
        """The provider accepts a requested booking."""
        return services.confirm_booking(_caller(), g.enterprise, booking_id)


@blp.route("/bookings/<booking_id>/refuse")
class RefuseBooking(MethodView):
    @_answer_docs
    def post(self, data, booking_id):
        """The provider declines a requested booking with a reason; its slots become free."""
        return services.refuse_booking(_caller(), g.enterprise, booking_id, data["reason"])


@blp.route("/bookings/<booking_id>/cancel")
class CancelBooking(MethodView):
    @_answer_docs
    def post(self, data, booking_id):
        """The buyer cancels until 24 hours before the booked time; the provider at any time, with a reason."""
        return services.cancel_booking(_caller(), g.enterprise, booking_id, data["reason"])
