"""Web forms for auctions: announcing one (with the floor's spec fields), bidding, disqualifying an offer,
and the filters of the public list. They check shape only; the services decide the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import QueryForm, options
from marketplace.sourcing.forms import LOCAL_MINUTE, stripped
from trading.auctions import labels, services
from trading.floors.forms import NonStandardLotForm, show_spec_refusal, with_spec_fields

_MAX_EXTENSION_MINUTES = services.MAX_EXTENSION_SECONDS // 60
# The services count extensions in seconds; the form in minutes.
_FIELD_OF = {"extension_window_seconds": "extension_window_minutes", "extension_seconds": "extension_minutes"}


class AuctionForm(NonStandardLotForm):
    kind = SelectField(_l("Kind of auction"), choices=lambda: options(labels.KIND))
    title = StringField(_l("Title"), filters=[stripped], validators=[DataRequired(), Length(max=200)],
                        description=_l("What bidders see first, such as “Urea tender, 5,000 t, delivered Tianjin”."))
    description = TextAreaField(_l("Description"), filters=[stripped], render_kw={"rows": 3},
                                validators=[Length(max=services.MAX_DESCRIPTION)])
    quantity = StringField(_l("Quantity"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    reserve = StringField(_l("Reserve or ceiling price"), filters=[stripped], validators=[Length(max=30)],
                          description=_l("Per unit. Selling: the lowest price you accept. A reverse tender: the "
                                         "highest price you pay. Leave empty for none."))
    increment = StringField(_l("Minimum step"), filters=[stripped], validators=[Length(max=30)],
                            description=_l("Per unit. Required for English auctions: each bid beats the leading one "
                                           "by at least this. In a tender each offer undercuts the lowest by it."))
    opens_at = DateTimeLocalField(_l("Opens"), format=LOCAL_MINUTE, validators=[Optional()],
                                  description=_l("Beijing time; leave empty to open at once."))
    closes_at = DateTimeLocalField(_l("Closes"), format=LOCAL_MINUTE, validators=[DataRequired()],
                                   description=_l("Beijing time. Bids at or after it are refused."))
    extension_window_minutes = IntegerField(
        _l("Late-bid window (minutes)"), default=services.DEFAULT_EXTENSION_SECONDS // 60,
        validators=[Optional(), NumberRange(min=0, max=_MAX_EXTENSION_MINUTES)],
        description=_l("English auctions: a bid this close to the end extends the auction."))
    extension_minutes = IntegerField(
        _l("Extension (minutes)"), default=services.DEFAULT_EXTENSION_SECONDS // 60,
        validators=[Optional(), NumberRange(min=0, max=_MAX_EXTENSION_MINUTES)],
        description=_l("English auctions: the close moves to the late bid's time plus this."))

    def extension_seconds_of(self, field):
        return None if field.data is None else field.data * 60


def auction_form(floor, **kwargs):
    """The announcement form with one field per attribute of ``floor``'s lot specification."""
    return with_spec_fields(AuctionForm, floor)(**kwargs)


def show_auction_refusal(form, error):
    """Refusals at their fields: ``spec.grade`` at ``spec_grade``, extensions at the minute fields."""
    error.errors = {_FIELD_OF.get(name, name): messages for name, messages in error.errors.items()}
    show_spec_refusal(form, error)


class BidForm(FlaskForm):
    price = StringField(_l("Price per unit"), filters=[stripped], validators=[DataRequired(), Length(max=30)])


class DisqualifyForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[stripped], render_kw={"rows": 2},
                           validators=[DataRequired(), Length(max=services.MAX_REASON)],
                           description=_l("The supplier reads it."))


class AuctionFilterForm(QueryForm):
    """``floor.choices`` are set by the view, in the reader's language."""

    floor = SelectField(_l("Floor"), validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=lambda: options(labels.KIND, blank=_l("All kinds")),
                       validators=[Optional()])
