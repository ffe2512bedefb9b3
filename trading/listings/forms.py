"""Web forms for listed-price purchase: offering a lot (with the floor's spec fields) and buying from one."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.sourcing.forms import stripped
from trading.floors.forms import NonStandardLotForm, with_spec_fields


class FloorListingForm(NonStandardLotForm):
    title = StringField(_l("Title"), filters=[stripped], validators=[DataRequired(), Length(max=200)],
                        description=_l("What a buyer sees first, such as “HRB400E rebar Φ22, 9 m cut lengths”."))
    quantity = StringField(_l("Quantity offered"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    minimum_purchase = StringField(_l("Minimum purchase"), filters=[stripped],
                                   validators=[DataRequired(), Length(max=30)],
                                   description=_l("A buyer may take less only when it is all that is left."))
    price = StringField(_l("Price per unit"), filters=[stripped], validators=[DataRequired(), Length(max=30)])


def floor_listing_form(floor, **kwargs):
    """The offer form with one field per attribute of ``floor``'s lot specification."""
    return with_spec_fields(FloorListingForm, floor)(**kwargs)


class PurchaseForm(FlaskForm):
    quantity = StringField(_l("Quantity to buy"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
