"""The operator's forms for floors and instruments, and lot specification fields built from a floor's schema.

They check shape only; the services decide the rules and their refusals come back onto the same
form: ``sessions.1.closes`` at that session row, ``spec_schema.attributes.2.kind`` at that schema
row, ``spec.grade`` at the spec field. Rows are plain inputs (some left blank to add more), so an
operator edits a floor without JavaScript.
"""
from types import MappingProxyType

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts import labels
from marketplace.accounts.forms import CheckboxesField, options, show_refusal
from marketplace.catalog import attributes
from marketplace.catalog.labels import attribute_value
from marketplace.money import MINOR_DIGITS, Money
from marketplace.sourcing.forms import stripped
from trading.floors import services as floors

SPEC_PREFIX = "spec_"
BLANK_SESSION_ROWS = 2
BLANK_ATTRIBUTE_ROWS = 3

labels.register("attribute_kind", {
    attributes.TEXT: _l("Text"),
    attributes.CHOICE: _l("One of a list"),
    attributes.CHOICES: _l("Several of a list"),
    attributes.INTEGER: _l("Whole number"),
    attributes.DECIMAL: _l("Decimal number"),
    attributes.DATE: _l("Date"),
    attributes.CAS: _l("CAS number"),
    attributes.UN_NUMBER: _l("UN number"),
    attributes.LOCODE: _l("Port (UN/LOCODE)"),
}, attributes.KINDS)

labels.register("instrument_status", {
    floors.LISTED: _l("Listed"),
    floors.SUSPENDED: _l("Suspended"),
}, (floors.LISTED, floors.SUSPENDED))


def weekday_name(day):
    """Monday is 0, in the reader's language."""
    return get_day_names("wide", locale=get_locale())[day]


def _weekday_choices():
    return [SelectChoice(str(day), weekday_name(day)) for day in range(7)]


class SessionRow(Form):
    opens = StringField(_l("Opens"), filters=[stripped], render_kw={"placeholder": "09:00"})
    closes = StringField(_l("Closes"), filters=[stripped], render_kw={"placeholder": "11:30"})

    def blank(self):
        return not (self.opens.data or self.closes.data)


class AttributeRow(Form):
    name = StringField(_l("Name"), filters=[stripped],
                       description=_l("Small letters, digits and underscores, such as sulphur_ppm."))
    kind = SelectField(_l("Kind"), choices=lambda: options("attribute_kind", blank="—"))
    label_zh = StringField(_l("Label in Chinese"), filters=[stripped])
    label_en = StringField(_l("Label in English"), filters=[stripped])
    required = BooleanField(_l("Required"))
    choices = StringField(_l("Choices"), filters=[stripped])
    minimum = StringField(_l("Minimum"), filters=[stripped])
    maximum = StringField(_l("Maximum"), filters=[stripped])
    max_length = StringField(_l("Maximum length"), filters=[stripped])

    def blank(self):
        return not any((self.name.data, self.kind.data, self.label_zh.data, self.label_en.data, self.choices.data))

    def declaration(self):
        declared = {"name": self.name.data, "kind": self.kind.data or None, "label_zh": self.label_zh.data,
                    "label_en": self.label_en.data, "required": self.required.data, "choices": self.choices.data}
        for bound in ("minimum", "maximum", "max_length"):
            if self[bound].data:
                declared[bound] = self[bound].data
        return declared


def _lines(text):
    """``"a, b"`` per line as lists of names (the schema's windows and needs); the service checks their length."""
    return [[part.strip() for part in line.split(",")] for line in (text or "").splitlines() if line.strip()]


class FloorForm(FlaskForm):
    # Refusals of a whole section (overlapping sessions, a schema instruments would fail), shown there.
    section_errors = MappingProxyType({})

    code = StringField(_l("Code"), filters=[stripped], validators=[DataRequired(), Length(max=30)],
                       description=_l("Small letters, digits and underscores, such as petroleum; used in addresses "
                                      "and the API, and cannot change later."))
    name_zh = StringField(_l("Name in Chinese"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("Name in English"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    unit = SelectField(_l("Unit of trade"), choices=lambda: options("unit"))
    currency = SelectField(_l("Currency"), choices=[SelectChoice(code, code) for code in MINOR_DIGITS], default="CNY")
    tick = StringField(_l("Tick size"), filters=[stripped], validators=[DataRequired()],
                       description=_l("The smallest price step per unit, in the currency, such as 1.00."))
    lot_size = StringField(_l("Lot size"), filters=[stripped], validators=[DataRequired()],
                           description=_l("Units in one lot: orders are whole lots."))
    max_order_lots = StringField(_l("Largest order (lots)"), filters=[stripped], validators=[DataRequired()],
                                 default="1000")
    band_percent = StringField(_l("Daily price band (± %)"), filters=[stripped], validators=[DataRequired()],
                               description=_l("Around the reference price, the previous settlement price; above 0 "
                                              "and at most 50."))
    buyer_fee_bp = StringField(_l("Buyer's fee (basis points)"), filters=[stripped], default="0",
                               description=_l("One basis point is one hundredth of a percent of the contract amount."))
    seller_fee_bp = StringField(_l("Seller's fee (basis points)"), filters=[stripped], default="0")
    deposit_percent = StringField(_l("Deposit (per cent of the contract)"), filters=[stripped], default="0",
                                  description=_l("Paid into escrow first, the balance before shipment; 0 means paid "
                                                 "in full at once."))
    inspection_days = StringField(_l("Inspection window (working days)"), filters=[stripped], default="3",
                                  description=_l("After delivery, before the escrow is released to the seller."))
    sessions = FieldList(FormField(SessionRow), min_entries=1)
    open_weekdays = CheckboxesField(_l("Trading weekdays"), choices=_weekday_choices, default=["0", "1", "2", "3", "4"])
    closed_on_holidays = BooleanField(_l("Closed on public holidays"), default=True)
    closed_dates = TextAreaField(_l("Other closed dates"), filters=[stripped], render_kw={"rows": 3},
                                 description=_l("One date per line as YYYY-MM-DD."))
    delivery_terms = TextAreaField(_l("Standard delivery terms"), filters=[stripped], validators=[Length(max=300)],
                                   render_kw={"rows": 2})
    attributes = FieldList(FormField(AttributeRow), min_entries=1)
    windows = TextAreaField(_l("Date windows"), filters=[stripped], render_kw={"rows": 2},
                            description=_l("One per line: the from field and the to field, such as "
                                           "laycan_from, laycan_to. The to date may not be before the from date."))
    needs = TextAreaField(_l("Fields needed together"), filters=[stripped], render_kw={"rows": 2},
                          description=_l("One per line: a field, the field it makes necessary, and the value that "
                                         "says nothing, such as un_number, hazard_class, none."))

    def session_rows(self):
        return [row for row in self.sessions if not row.form.blank()]

    def attribute_rows(self):
        return [row for row in self.attributes if not row.form.blank()]

    def settings(self):
        """The settings as the services name them; blank rows left out."""
        return {
            "name_zh": self.name_zh.data, "name_en": self.name_en.data, "unit": self.unit.data,
            "currency": self.currency.data, "tick": self.tick.data, "lot_size": self.lot_size.data,
            "max_order_lots": self.max_order_lots.data, "band_percent": self.band_percent.data,
            "buyer_fee_bp": self.buyer_fee_bp.data or "0", "seller_fee_bp": self.seller_fee_bp.data or "0",
            "deposit_percent": self.deposit_percent.data or "0", "inspection_days": self.inspection_days.data or "0",
            "sessions": [{"opens": row.opens.data, "closes": row.closes.data} for row in self.session_rows()],
            "open_weekdays": [int(day) for day in self.open_weekdays.data or ()],
            "closed_on_holidays": self.closed_on_holidays.data,
            "closed_dates": (self.closed_dates.data or "").split(),
            "delivery_terms": self.delivery_terms.data or "",
            "spec_schema": {"attributes": [row.form.declaration() for row in self.attribute_rows()],
                            "windows": _lines(self.windows.data), "needs": _lines(self.needs.data)},
        }


def floor_form(floor=None, **kwargs):
    """The new-floor form, or the edit form filled from ``floor`` (without the code, which stays)."""
    data = {}
    if floor is not None:
        settings = floors.floor_settings(floor)
        schema = settings.pop("spec_schema")
        data = {**settings, "max_order_lots": str(settings["max_order_lots"]),
                "buyer_fee_bp": str(settings["buyer_fee_bp"]), "seller_fee_bp": str(settings["seller_fee_bp"]),
                "inspection_days": str(settings["inspection_days"]),
                "open_weekdays": [str(day) for day in settings["open_weekdays"]],
                "closed_dates": "\n".join(settings["closed_dates"]),
                "attributes": [_row_of(item) for item in schema.get("attributes", ())],
                "windows": "\n".join(", ".join(pair) for pair in schema.get("windows", ())),
                "needs": "\n".join(", ".join(str(part) for part in triple) for triple in schema.get("needs", ()))}
    form = FloorForm(data=data, **kwargs)
    if floor is not None:
        del form.code
    if not form.is_submitted():
        _pad(form.sessions, BLANK_SESSION_ROWS)
        _pad(form.attributes, BLANK_ATTRIBUTE_ROWS)
    return form


def _row_of(item):
    row = {key: "" if item.get(key) is None else item[key] for key in floors.ATTRIBUTE_KEYS}
    row["choices"] = ", ".join(item.get("choices") or ())
    row["required"] = bool(item.get("required"))
    return {key: str(value) if key in ("minimum", "maximum", "max_length") else value for key, value in row.items()}


def _pad(rows, blank):
    """Some empty rows after the filled ones, so there is room to add without JavaScript (a submitted form
    comes back with the rows it was sent)."""
    while sum(1 for row in rows if row.form.blank()) < blank:
        rows.append_entry()


def show_floor_refusal(form, error):
    """Row errors at their row's field (counting only the rows that were sent), the rest in their section."""
    placed = {"sessions": form.session_rows(), "spec_schema.attributes": form.attribute_rows()}
    form.section_errors = {}
    remaining = {}
    for name, messages in error.errors.items():
        prefix, _sep, rest = name.rpartition(".")
        group, _sep, index = prefix.rpartition(".")
        if group in placed and index.isdigit() and int(index) < len(placed[group]):
            field = placed[group][int(index)].form[rest]
            field.errors = [*field.errors, *messages]
        elif name in ("sessions", "spec_schema"):
            form.section_errors[name] = messages
        else:
            remaining[name.removeprefix("spec_schema.")] = messages
    error.errors = remaining
    show_refusal(form, error)


# --- instruments ---------------------------------------------------------------------------------

class InstrumentForm(FlaskForm):
    code = StringField(_l("Code"), filters=[stripped, lambda value: value.upper() if value else value],
                       validators=[DataRequired(), Length(max=40)],
                       description=_l("Capital letters, digits and hyphens, such as RB-HRB400E-TJ-2612."))
    name_zh = StringField(_l("Name in Chinese"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    delivery_place = StringField(_l("Delivery place"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    delivery_month = StringField(_l("Delivery month"), filters=[stripped], validators=[DataRequired()],
                                 render_kw={"type": "month", "placeholder": "2026-12"})
    reference_price = StringField(_l("Initial reference price"), filters=[stripped], validators=[DataRequired()],
                                  description=_l("Per unit; it centres the daily band until the first settlement "
                                                 "price."))

    def spec(self):
        return spec_values(self)


class InstrumentEditForm(FlaskForm):
    name_zh = StringField(_l("Name in Chinese"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    delivery_place = StringField(_l("Delivery place"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    reference_price = StringField(_l("Initial reference price"), filters=[stripped], validators=[DataRequired()],
                                  description=_l("Only before the first trade; after it the previous settlement "
                                                 "price centres the band."))
    status = SelectField(_l("Status"), choices=lambda: options("instrument_status"))
    reason = TextAreaField(_l("Reason for the change of status"), filters=[stripped], render_kw={"rows": 2},
                           validators=[Optional(), Length(max=500)], description=_l("Traders read it."))


def instrument_edit_form(instrument, **kwargs):
    data = {"name_zh": instrument.name_zh, "name_en": instrument.name_en,
            "delivery_place": instrument.delivery_place, "status": instrument.status,
            "reference_price": str(Money(instrument.initial_reference_minor, instrument.floor.currency).amount)}
    return InstrumentEditForm(data=data, **kwargs)


# --- lot specifications ---------------------------------------------------------------------------

def _spec_field(floor, attribute):
    """A field for one declared attribute: a select for a choice, checkboxes for several, text otherwise."""
    text = floors.attribute_label(floor, attribute.name)
    choices = [SelectChoice(code, str(attribute_value(code, attribute.name))) for code in attribute.choices]
    if attribute.kind == attributes.CHOICE:
        return SelectField(text, choices=[SelectChoice("", "—"), *choices])
    if attribute.kind == attributes.CHOICES:
        return CheckboxesField(text, choices=choices)
    render = {"type": "date"} if attribute.kind == attributes.DATE else {}
    hint = _l("Required") if attribute.required else None
    return StringField(text, filters=[stripped], render_kw=render, description=hint)


def with_spec_fields(form_class, floor):
    """A subclass of ``form_class`` with one ``spec_<name>`` field per attribute of the floor's schema."""

    class FloorSpecForm(form_class):
        pass

    for attribute in floors.spec_schema_of(floor).attributes:
        setattr(FloorSpecForm, SPEC_PREFIX + attribute.name, _spec_field(floor, attribute))
    return FloorSpecForm


def spec_fields(form):
    return [field for name, field in form._fields.items() if name.startswith(SPEC_PREFIX)]


def spec_values(form):
    return {name.removeprefix(SPEC_PREFIX): field.data for name, field in form._fields.items()
            if name.startswith(SPEC_PREFIX)}


class NonStandardLotForm(FlaskForm):
    """What a seller's own lot adds to its spec fields, be it offered at a listed price or auctioned."""

    delivery_place = StringField(_l("Delivery place"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    delivery_month = StringField(_l("Delivery month"), filters=[stripped], validators=[DataRequired()],
                                 render_kw={"type": "month", "placeholder": "2026-12"})
    delivery_terms = TextAreaField(_l("Delivery terms"), filters=[stripped], validators=[Length(max=300)],
                                   render_kw={"rows": 2}, description=_l("Leave empty for the floor's standard terms."))

    def spec(self):
        return spec_values(self)


def show_spec_refusal(form, error):
    """Like ``show_refusal``, with ``spec.grade`` shown at the ``spec_grade`` field."""
    error.errors = {name.replace("spec.", SPEC_PREFIX, 1): messages for name, messages in error.errors.items()}
    show_refusal(form, error)
