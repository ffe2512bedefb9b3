"""API shapes of availability and bookings. Times are ISO 8601; a time without an offset is Shanghai time."""
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from marketplace.bookings import calendar
from marketplace.bookings.labels import STATUSES


class AvailabilityQuery(Schema):
    from_ = fields.Date(required=True, data_key="from", metadata={"example": "2026-12-07"})
    to = fields.Date(required=True, metadata={"example": "2026-12-13"})

    @validates_schema
    def check_period(self, data, **_kwargs):
        """A period runs forward and is at most ``LONGEST_PERIOD_DAYS`` long, so one answer stays small."""
        if "from_" in data and "to" in data:
            days = (data["to"] - data["from_"]).days + 1
            if not 1 <= days <= calendar.LONGEST_PERIOD_DAYS:
                raise ValidationError(_("Ask for 1 to %(n)d days; “to” cannot come before “from”.",
                                        n=calendar.LONGEST_PERIOD_DAYS), "to")


class SlotSchema(Schema):
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    state = fields.String(validate=validate.OneOf(list(calendar.SlotState)))


class DaySchema(Schema):
    date = fields.Date(attribute="day")
    closed = fields.String(allow_none=True, validate=validate.OneOf(list(calendar.Closed)),
                           metadata={"description": "Why the day has no slots; null on an open day."})
    slots = fields.List(fields.Nested(SlotSchema))


class AvailabilitySchema(Schema):
    listing = fields.String(attribute="listing.public_id")
    slot_minutes = fields.Integer(attribute="listing.slot_minutes")
    time_zone = fields.Constant("Asia/Shanghai")
    unknown_holiday_years = fields.List(fields.Integer(), metadata={
        "description": "Years whose public holidays are not known yet: only weekends count as closed in them."})
    days = fields.List(fields.Nested(DaySchema))


class BookingInSchema(Schema):
    listing = fields.String(required=True, validate=validate.Length(max=24), metadata={"example": "lst_…"})
    starts_at = fields.AwareDateTime(required=True, default_timezone=calendar.SHANGHAI,
                                     metadata={"example": "2026-12-07T09:00:00+08:00"})
    slots = fields.Integer(load_default=1, validate=validate.Range(min=1, max=calendar.MOST_SLOTS_PER_BOOKING),
                           metadata={"description": "How many consecutive slots, from starts_at."})
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ReasonSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class BookingQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None)
    status = fields.String(validate=validate.OneOf(STATUSES))


class BookingSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    listing = fields.String(attribute="listing.public_id", dump_only=True)
    buyer = fields.String(attribute="buyer.public_id", dump_only=True)
    provider = fields.String(attribute="listing.enterprise.public_id", dump_only=True)
    starts_at = fields.DateTime(dump_only=True)
    ends_at = fields.DateTime(dump_only=True)
    slots = fields.Function(lambda booking: len(booking.slots), dump_only=True)
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    note = fields.String(dump_only=True)
    decision_reason = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    cancelled_at = fields.DateTime(dump_only=True, allow_none=True)


class OpeningIntervalSchema(Schema):
    """One opening interval of a weekday, in China Standard Time (``"09:00"`` to ``"17:30"``)."""

    weekday = fields.Integer(required=True, validate=validate.Range(min=0, max=6),
                             metadata={"description": "Monday 0 … Sunday 6"})
    opens = fields.Time(required=True, format="%H:%M", metadata={"example": "09:00"})
    closes = fields.Time(required=True, format="%H:%M", metadata={"example": "17:00"})


class OpeningHoursSchema(Schema):
    hours = fields.List(fields.Nested(OpeningIntervalSchema), required=True,
                        validate=validate.Length(max=7 * 4))
