"""Web forms for booking and for the provider's schedule. Shape only: the services decide the rules."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import QueryForm
from marketplace.bookings import calendar


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SlotChoiceField(StringField):
    """The start of a slot as the calendar's radio buttons send it: an ISO 8601 time with its offset."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0]:
            try:
                moment = datetime.fromisoformat(valuelist[0])
            except ValueError:
                raise ValueError(_l("Choose a free slot in the calendar.")) from None
            self.data = moment if moment.tzinfo else moment.replace(tzinfo=calendar.SHANGHAI)


class BookingRequestForm(FlaskForm):
    listing = HiddenField(validators=[DataRequired(), Length(max=24)])
    starts_at = SlotChoiceField(_l("First slot"), validators=[DataRequired(_l("Choose a free slot in the calendar."))])
    slots = IntegerField(_l("Number of consecutive slots"), default=1,
                         validators=[NumberRange(min=1, max=calendar.MOST_SLOTS_PER_BOOKING)])
    note = TextAreaField(_l("Note for the provider (samples, method, contact)"), filters=[_strip],
                         validators=[Length(max=2000)])


class WeekQuery(QueryForm):
    week = DateField(validators=[Optional()])
    buyer = StringField(validators=[Optional(), Length(max=24)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[_strip], validators=[Length(max=2000)])


class ClosureForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired(_l("Give the day as YYYY-MM-DD."))])
    reason = StringField(_l("Reason (calibration, maintenance…)"), filters=[_strip], validators=[Length(max=200)])


class OpeningHoursForm(FlaskForm):
    """Seven rows, Monday to Sunday, each with one interval; a row left empty is closed."""

    def weekday_fields(self):
        return [(weekday, self[f"opens_{weekday}"], self[f"closes_{weekday}"]) for weekday in range(7)]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for _weekday, opens, closes in self.weekday_fields():
            if (opens.data is None) != (closes.data is None):
                (opens if opens.data is None else closes).errors.append(
                    _l("Give both times, or neither to keep the day closed."))
                valid = False
        return valid

    def hours(self):
        """The intervals as the calendar takes them (minutes after local midnight)."""
        return [calendar.Hours(weekday, opens.data.hour * 60 + opens.data.minute,
                               closes.data.hour * 60 + closes.data.minute)
                for weekday, opens, closes in self.weekday_fields() if opens.data is not None]

    @classmethod
    def of(cls, stored, **kwargs):
        """The form filled with the first stored interval of each weekday."""
        data = {}
        for hours in reversed(stored):
            data[f"opens_{hours.weekday}"] = _time_of(hours.opens_minute)
            data[f"closes_{hours.weekday}"] = _time_of(hours.closes_minute)
        return cls(data=data, **kwargs)


def _time_of(minute):
    return datetime.min.replace(hour=minute // 60 % 24, minute=minute % 60).time()


for _day in range(7):
    setattr(OpeningHoursForm, f"opens_{_day}", TimeField(_l("Opens"), validators=[Optional()]))
    setattr(OpeningHoursForm, f"closes_{_day}", TimeField(_l("Closes"), validators=[Optional()]))
del _day

