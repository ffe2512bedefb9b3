"""Web forms of tagging: a company prefix, commissioning, packing, unpacking and processing lots."""
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from logistics.tagging.services import MASS_UNITS, MOST_UNITS
from marketplace.sourcing.forms import stripped


def lines(text):
    """The non-empty lines of a text area."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PrefixForm(FlaskForm):
    prefix = StringField(_l("GS1 company prefix"), filters=[stripped],
                         validators=[DataRequired(), Regexp(r"^[0-9]{6,12}$", message=_l("6 to 12 digits."))],
                         description=_l("As GS1 assigned it; GS1 China prefixes start 690 to 699."))


class CommissionForm(FlaskForm):
    kind = SelectField(_l("What to tag"), choices=[
        SelectChoice("case", _l("Cases (SGTIN)")), SelectChoice("item", _l("Items (SGTIN)")),
        SelectChoice("pallet", _l("Pallets (SSCC)")), SelectChoice("asset", _l("Returnable assets (GRAI)")),
        SelectChoice("lot", _l("A lot by weight"))])
    gtin = StringField(_l("GTIN"), filters=[stripped], validators=[Optional(), Length(max=14)],
                       description=_l("For items, cases and lots; under one of your prefixes."))
    count = IntegerField(_l("How many"), validators=[Optional(), NumberRange(min=1, max=MOST_UNITS)])
    first_serial = IntegerField(_l("First serial number"), validators=[Optional(), NumberRange(min=0)],
                                description=_l("Serials count up from here; or list them below."))
    serials = TextAreaField(_l("Serial numbers"), description=_l("One per line, instead of a count."))
    asset_type = StringField(_l("Asset type"), filters=[stripped], validators=[Optional(), Length(max=6)])
    lot = StringField(_l("Lot number"), filters=[stripped], validators=[Optional(), Length(max=20)])
    quantity = DecimalField(_l("Weight of the lot"), places=None, validators=[Optional(), NumberRange(min=0)])
    uom = SelectField(_l("Unit"), choices=[SelectChoice("TNE", _l("tonnes")), SelectChoice("KGM", _l("kilograms"))])
    product = StringField(_l("Product"), filters=[stripped], validators=[Optional(), Length(max=200)])
    farm = StringField(_l("Farm"), filters=[stripped], validators=[Optional(), Length(max=200)])
    origin = StringField(_l("Origin"), filters=[stripped], validators=[Optional(), Length(max=200)])


class PackForm(FlaskForm):
    parent = StringField(_l("Pack into"), filters=[stripped], validators=[DataRequired(), Length(max=300)],
                         description=_l("A pallet's SSCC or a container's number."))
    children = TextAreaField(_l("What goes in"), validators=[DataRequired()],
                             description=_l("EPCs, Digital Links or hex, one per line."))


class UnpackForm(FlaskForm):
    parent = StringField(_l("Take out of"), filters=[stripped], validators=[DataRequired(), Length(max=300)])
    children = TextAreaField(_l("What comes out"), description=_l("All of it when left empty."))


def _weighed_lots(form, field):
    for line in lines(field.data):
        parts = line.split()
        if len(parts) != 3 or parts[2] not in MASS_UNITS:
            raise ValidationError(_l("Write each lot as: lot quantity KGM|TNE"))
        try:
            Decimal(parts[1])
        except InvalidOperation:
            raise ValidationError(_l("Write each lot as: lot quantity KGM|TNE")) from None


class ProcessForm(FlaskForm):
    inputs = TextAreaField(_l("Lots in"), validators=[DataRequired(), _weighed_lots],
                           description=_l("One per line: the lot (class URI or Digital Link), its weight, KGM or TNE."))
    outputs = TextAreaField(_l("Tagged units out"), validators=[DataRequired()],
                            description=_l("The EPCs of what was made, one per line."))

    def weighed_inputs(self):
        return [(lot, Decimal(quantity), uom) for lot, quantity, uom in (line.split() for line in lines(self.inputs.data))]
