"""Web forms for listings. They check shape only; the services decide the rules and their refusals
come back onto the same form, attribute errors at the attribute's field.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, Form, FormField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from marketplace.accounts.forms import CheckboxesField, QueryForm, options, show_refusal
from marketplace.accounts.labels import label
from marketplace.catalog import attributes, checks, labels, services
from marketplace.catalog.lifecycle import ListingKind, ListingStatus

PRICE_ROWS = 5
ATTRIBUTE_PREFIX = "attr_"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ListingForm(FlaskForm):
    """The fields of every listing; ``listing_form`` adds the category's attributes and drops other kinds' fields."""

    title_zh = StringField(_l("Title in Chinese"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title in English"), filters=[_strip], validators=[Optional(), Length(max=200)])
    description_zh = TextAreaField(_l("Description in Chinese"), filters=[_strip], render_kw={"rows": 5})
    description_en = TextAreaField(_l("Description in English"), filters=[_strip], render_kw={"rows": 5})
    unit = SelectField(_l("Unit"))
    min_order_quantity = StringField(_l("Minimum order quantity"), filters=[_strip], default="1")
    stock = StringField(_l("Stock"), filters=[_strip], description=_l("Leave empty when you do not track stock."))
    lead_time_days = StringField(_l("Lead time (days)"), filters=[_strip])
    origin = StringField(_l("Origin"), filters=[_strip], validators=[Length(max=100)])
    certifications = StringField(_l("Certifications"), filters=[_strip],
                                 description=_l("Separate them with commas, e.g. ISO 9001, CCC."))
    service_scope = TextAreaField(_l("Scope of the service"), filters=[_strip], render_kw={"rows": 4})
    price_basis = SelectField(_l("Price basis"), choices=options("price_basis"))
    location = StringField(_l("Location"), filters=[_strip], validators=[Length(max=300)],
                           description=_l("Where the instrument or machine is, as visitors find it."))
    slot_minutes = SelectField(_l("Length of one bookable slot"),
                               choices=[SelectChoice(str(m), _l("%(n)d minutes", n=m)) for m in checks.SLOT_MINUTES],
                               default="60")

    KIND_FIELDS = {
        ListingKind.PRODUCT: ("min_order_quantity", "stock", "lead_time_days", "origin", "certifications"),
        ListingKind.SERVICE: ("service_scope", "price_basis", "lead_time_days", "certifications"),
        ListingKind.RESOURCE: ("location", "slot_minutes", "certifications"),
    }
    COMMON = ("title_zh", "title_en", "description_zh", "description_en", "unit")

    def listing_fields(self):
        """The values as the services name them; attributes gathered into one dict."""
        values = {name: self[name].data for name in self._fields if name in self.COMMON + self.KIND_FIELDS[self.kind]}
        values["attributes"] = {name.removeprefix(ATTRIBUTE_PREFIX): field.data
                                for name, field in self._fields.items() if name.startswith(ATTRIBUTE_PREFIX)}
        return values

    def attribute_fields(self):
        return [field for name, field in self._fields.items() if name.startswith(ATTRIBUTE_PREFIX)]


def _attribute_field(attribute):
    """A form field for one declared attribute: a select for choices, checkboxes for several, text otherwise."""
    text = label(attribute.name, "listing_attribute")
    required = [] if attribute.required else [Optional()]
    choices = [SelectChoice(code, name) for code, name in labels.attribute_choices(attribute)]
    if attribute.kind == attributes.CHOICE:
        blank = [] if attribute.required else [SelectChoice("", "—")]
        return SelectField(text, choices=blank + choices)
    if attribute.kind == attributes.CHOICES:
        return CheckboxesField(text, choices=choices)
    render = {"type": "date"} if attribute.kind == attributes.DATE else {}
    return StringField(text, filters=[_strip], validators=required, render_kw=render)


def listing_form(kind, category, listing=None, **kwargs):
    """A form for a listing of ``kind`` in ``category``, filled from ``listing`` when editing."""

    class CategoryListingForm(ListingForm):
        pass

    for attribute in attributes.schema_for(category.code).attributes:
        setattr(CategoryListingForm, ATTRIBUTE_PREFIX + attribute.name, _attribute_field(attribute))
    data = {}
    if listing is not None:
        data = {name: getattr(listing, name) for name in services.EDITABLE if name != "attributes"}
        data["certifications"] = ", ".join(listing.certifications)
        data["slot_minutes"] = str(listing.slot_minutes or 60)
        data |= {ATTRIBUTE_PREFIX + name: value for name, value in listing.attributes.items()}
        data = {name: ("" if value is None else value) for name, value in data.items()}
        for name in ("min_order_quantity", "stock"):
            data[name] = checks.plain(getattr(listing, name)) if getattr(listing, name) is not None else ""
    form = CategoryListingForm(data=data, **kwargs)
    form.kind = ListingKind(kind)
    for name in set(ListingForm.KIND_FIELDS[ListingKind.PRODUCT] + ListingForm.KIND_FIELDS[ListingKind.SERVICE]
                    + ListingForm.KIND_FIELDS[ListingKind.RESOURCE]) - set(ListingForm.KIND_FIELDS[form.kind]):
        del form[name]
    units = {ListingKind.PRODUCT: checks.PRODUCT_UNITS, ListingKind.RESOURCE: checks.RESOURCE_UNITS}.get(form.kind)
    blank = _l("As the price basis implies") if form.kind is ListingKind.SERVICE else None
    form.unit.choices = options("unit", units, blank=blank)
    return form


def show_listing_refusal(form, error):
    """Like ``show_refusal``, with ``attributes.grade`` shown at the ``attr_grade`` field."""
    error.errors = {name.replace("attributes.", ATTRIBUTE_PREFIX, 1): messages
                    for name, messages in error.errors.items()}
    show_refusal(form, error)


class PriceRow(Form):
    min_quantity = StringField(_l("From quantity"), filters=[_strip])
    unit_price = StringField(_l("Unit price"), filters=[_strip])


class PriceTiersForm(FlaskForm):
    """A fixed number of rows, so the form works without JavaScript; empty rows are ignored."""

    tiers = FieldList(FormField(PriceRow), min_entries=PRICE_ROWS, max_entries=checks.MAX_TIERS)

    def rows(self):
        return [(row.min_quantity.data, row.unit_price.data) for row in self.tiers
                if row.min_quantity.data or row.unit_price.data]


def price_tiers_form(listing, **kwargs):
    rows = [{"min_quantity": checks.plain(tier.min_quantity), "unit_price": str(tier.unit_price.amount)}
            for tier in services.tiers_of(listing)]
    form = PriceTiersForm(data={"tiers": rows}, **kwargs)
    while len(form.tiers) < max(PRICE_ROWS, len(rows) + 2) and len(form.tiers) < checks.MAX_TIERS:
        form.tiers.append_entry()
    return form


def show_tier_refusal(form, error):
    """Put ``price_tiers.<i>.<field>`` messages at the row's field, the rest above the form."""
    for name, messages in error.errors.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(form.tiers):
            form.tiers[int(parts[1])][parts[2]].errors = list(messages)
        else:
            form.form_errors.extend(messages)
    form.form_errors.insert(0, error.message)


class StockForm(FlaskForm):
    change = StringField(_l("Change"), filters=[_strip], validators=[DataRequired()],
                         description=_l("A quantity to add, or a negative one to take away."))
    reason = StringField(_l("Reason"), filters=[_strip], validators=[DataRequired(), Length(max=200)])


class ImageForm(FlaskForm):
    image = FileField(_l("Picture"), validators=[FileRequired()],
                      description=_l("PNG, JPEG or WebP, at most 5 MB."))


class MoveForm(FlaskForm):
    """The lifecycle button pressed; ``target`` comes from the button."""

    target = HiddenField(validators=[AnyOf(tuple(ListingStatus))])


class ListingFilterForm(QueryForm):
    status = SelectField(_l("Status"), choices=options("listing_status", blank=_l("All statuses")),
                         validators=[Optional()])
