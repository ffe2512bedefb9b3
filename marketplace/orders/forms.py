"""Web forms for buying a listing and for confirming or cancelling an order."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.sourcing.forms import stripped


class BuyForm(FlaskForm):
    listing = HiddenField(validators=[DataRequired()])
    quantity = StringField(_l("Quantity"), filters=[stripped], validators=[DataRequired(), Length(max=30)])
    delivery_address = StringField(_l("Delivery address"), filters=[stripped],
                                   validators=[DataRequired(), Length(max=300)])
    delivery_date = DateField(_l("Wanted by"), validators=[Optional()])
    note = TextAreaField(_l("Note to the seller"), filters=[stripped], validators=[Length(max=2000)])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[stripped], validators=[DataRequired(), Length(max=2000)],
                           description=_l("The other side reads it."))
