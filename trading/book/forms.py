"""Web forms of the trader's floor page: a new order, and amending one's open order.

Prices and quantities arrive as text and are read as exact decimals; the services then apply the
same pre-trade checks, in the same words, as for the API.
"""
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from marketplace.sourcing.forms import stripped
from trading.orders import BUY, FOK, IOC, LIMIT, MARKET, POST_ONLY, SELL

SIDES = ((BUY, _l("Buy")), (SELL, _l("Sell")))
KINDS = ((LIMIT, _l("Limit")), (MARKET, _l("Market")), (IOC, _l("Immediate or cancel (IOC)")),
         (FOK, _l("Fill or kill (FOK)")), (POST_ONLY, _l("Post only")))


def _choices(pairs):
    return [SelectChoice(code, name) for code, name in pairs]


def number(form, field):
    """An exact decimal such as 30 or 4000.50 (empty passes: the field decides whether it is needed)."""
    if not field.data:
        return
    try:
        value = Decimal(field.data)
    except InvalidOperation:
        raise ValidationError(_l("Enter a number, such as 30 or 4000.50.")) from None
    if not value.is_finite():
        raise ValidationError(_l("Enter a number, such as 30 or 4000.50."))


def decimal_of(field):
    return Decimal(field.data) if field.data else None


class OrderForm(FlaskForm):
    """The order ticket; the price is optional only for a market order (its protection price)."""

    side = RadioField(_l("Side"), choices=_choices(SIDES), default=BUY, validators=[DataRequired()])
    kind = SelectField(_l("Order type"), choices=_choices(KINDS), default=LIMIT)
    quantity = StringField(_l("Quantity"), filters=[stripped], validators=[DataRequired(), Length(max=30), number])
    price = StringField(_l("Price per unit"), filters=[stripped], validators=[Length(max=30), number])


class AmendForm(FlaskForm):
    """A new price and/or a new open quantity for one open order; made with the order's id as prefix."""

    price = StringField(_l("New price"), filters=[stripped], validators=[Length(max=30), number])
    quantity = StringField(_l("New open quantity"), filters=[stripped], validators=[Length(max=30), number])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not self.price.data and not self.quantity.data:
            self.form_errors.append(_l("Enter a new price, a new quantity, or both."))
            return False
        return True
