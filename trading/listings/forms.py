"""Web forms for listed-price purchase: offering a lot (with the floor's spec fields) and buying from one."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.sourcing.forms import stripped
from trading.floors.forms import spec_values, with_spec_fields


class FloorListingForm(FlaskForm):
    title = StringField(_l("Title"), filters=[stripped], validators=[DataRequired(), Length(max=200)],
                        description=_l("What a buyer sees first, such as “HRB400E rebar Φ22, 9 m cut lengths”."))
    quantity = StringField(_l("Quantity offered"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    minimum_purchase = StringField(_l("Minimum purchase"), filters=[stripped],
                                   validators=[DataRequired(), Length(max=30)],
                                   description=_l("A buyer may take less only when it is all that is left."))
    price = StringField(_l("Price per unit"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    delivery_place = StringField(_l("Delivery place"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    delivery_month = StringField(_l("Delivery month"), filters=[stripped], validators=[DataRequired()],
                                 render_kw={"type": "month", "placeholder": "2026-12"})
    delivery_terms = TextAreaField(_l("Delivery terms"), filters=[stripped], validators=[Length(max=300)],
                                   render_kw={"rows": 2}, description=_l("Leave empty for the floor's standard terms."))

    def spec(self):
        return spec_values(self)


def floor_listing_form(floor, **kwargs):
    """The offer form with one field per attribute of ``floor``'s lot specification."""
    return with_spec_fields(FloorListingForm, floor)(**kwargs)


class PurchaseForm(FlaskForm):
    quantity = StringField(_l("Quantity to buy"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
