"""Web forms for RFQs, quotes and inquiries.

Numbers and amounts arrive as text: the services parse them (``Money.of``, quantities with at most
three decimals) so that a page and the API refuse the same input with the same words.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.database import utcnow
from marketplace.i18n import SHANGHAI

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def in_binhai(moment):
    """A ``datetime-local`` value is wall-clock time in Binhai; the services want aware UTC."""
    return moment.replace(tzinfo=SHANGHAI) if moment is not None else None


def binhai_now_plus(days):
    return (utcnow().astimezone(SHANGHAI) + timedelta(days=days)).replace(tzinfo=None, second=0, microsecond=0)


class RfqForm(FlaskForm):
    """``category.choices`` and ``unit.choices`` are set by the view, in the reader's language."""

    title = StringField(_l("What do you need?"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    category = SelectField(_l("Category"))
    specification = TextAreaField(_l("Specification"), filters=[stripped], validators=[Length(max=5000)],
                                  description=_l("Grade, dimensions, standard, packing: what a supplier must meet."))
    quantity = StringField(_l("Quantity"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    unit = SelectField(_l("Unit"))
    delivery_place = StringField(_l("Delivery place"), filters=[stripped], validators=[DataRequired(), Length(max=300)])
    delivery_date = DateField(_l("Delivery date"), validators=[DataRequired()])
    deadline = DateTimeLocalField(_l("Quotes accepted until"), format=LOCAL_MINUTE, validators=[DataRequired()],
                                  description=_l("China Standard Time. No quote is accepted after it."))


class QuoteForm(FlaskForm):
    unit_price = StringField(_l("Price per unit"), filters=[stripped], validators=[DataRequired(), Length(max=30)],
                             description=_l("In the currency shown, for example 4100.50."))
    quantity = StringField(_l("Quantity offered"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[Optional(), NumberRange(min=0, max=3650)])
    valid_until = DateTimeLocalField(_l("Valid until"), format=LOCAL_MINUTE, validators=[DataRequired()],
                                     description=_l("China Standard Time."))
    terms = TextAreaField(_l("Terms"), filters=[stripped], validators=[Length(max=5000)],
                          description=_l("Incoterm, payment terms, packing, what the price includes."))


class InquiryForm(FlaskForm):
    listing = HiddenField(validators=[DataRequired()])
    quantity = StringField(_l("Quantity (optional)"), filters=[stripped], validators=[Optional(), Length(max=30)])
    body = TextAreaField(_l("Your question"), filters=[stripped], validators=[DataRequired(), Length(max=5000)])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), filters=[stripped], validators=[DataRequired(), Length(max=5000)])
