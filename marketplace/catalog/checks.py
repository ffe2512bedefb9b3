"""What a supplier typed, checked against the catalog's rules and turned into a listing's fields.

Every field is checked before anything is written, and all problems come back at once as field
errors in the reader's language (``attributes.<name>`` and ``price_tiers.<i>.<field>`` for the
nested ones), so a web form and an API client both learn everything wrong in one answer.
"""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from marketplace.accounts.labels import label
from marketplace.catalog import attributes, images, labels, pricing
from marketplace.catalog.lifecycle import ListingKind, PriceBasis
from marketplace.errors import InvalidInput
from marketplace.money import MINOR_DIGITS, Money, MoneyError, Unit

PRODUCT_UNITS = (Unit.TONNE, Unit.KILOGRAM, Unit.CUBIC_METRE, Unit.LITRE, Unit.TEU, Unit.PIECE, Unit.SET)
RESOURCE_UNITS = (Unit.HOUR, Unit.DAY)
# A service priced per hour is sold in hours, and so on; fixed and quoted prices are per project.
BASIS_UNITS = {
    PriceBasis.PER_HOUR: Unit.HOUR, PriceBasis.PER_SAMPLE: Unit.SAMPLE, PriceBasis.PER_PROJECT: Unit.PROJECT,
}
MAX_TIERS = 10
MAX_CERTIFICATIONS = 20
SLOT_MINUTES = (15, 30, 60, 120, 240, 480, 1440)


def plain(number):
    """``25`` for ``Decimal("25.000")``: how people write a quantity."""
    return format(Decimal(number).normalize(), "f")


def attribute_message(problem, attribute):
    """One refused attribute value as a sentence in the reader's language."""
    params = problem.params
    messages = {
        "required": lambda: _("This attribute is required for this category."),
        "not_text": lambda: _("Enter text."),
        "too_long": lambda: _("Use at most %(n)d characters.", n=params[0]),
        "not_a_choice": lambda: _("Choose one of: %(choices)s.", choices=", ".join(
            str(labels.attribute_value(choice, attribute)) for choice in params[0])),
        "not_a_whole_number": lambda: _("Enter a whole number."),
        "not_a_number": lambda: _("Enter a number, such as 12.5."),
        "out_of_range": lambda: _("Enter a value from %(minimum)s to %(maximum)s.",
                                  minimum=params[0], maximum=params[1]),
        "not_a_date": lambda: _("Enter a date as YYYY-MM-DD."),
        "cas_check_digit": lambda: _("The check digit (the last digit) does not match; for these digits it "
                                     "would be %(digit)s. Please check the CAS number.", digit=params[0]),
        "not_a_cas_number": lambda: _("A CAS number looks like 7732-18-5: two to seven digits, two digits and "
                                      "a check digit."),
        "not_a_un_number": lambda: _("A UN number has four digits, such as 1230 or UN1230."),
        "not_a_locode": lambda: _("A UN/LOCODE has five characters: the country code and three more, "
                                  "such as CNTXG for Tianjin Xingang."),
        "ends_before_start": lambda: _("This date must not be before %(start)s.",
                                       start=label(params[0], "listing_attribute")),
        "needed_with": lambda: _("Give a real value here when %(given)s is given.",
                                 given=label(params[0], "listing_attribute")),
    }
    return messages[problem.code]()


def _attribute_errors(category, values):
    """:return: ``(cleaned attributes, field errors)`` for ``category``'s schema."""
    try:
        return attributes.check(category.code, values), {}
    except attributes.AttributeErrors as refused:
        errors = {}
        for name, problem in refused.problems.items():
            if name is None:
                errors["attributes"] = [_("Unknown category attributes for %(category)s: %(names)s.",
                                          category=labels.category_name(category), names=", ".join(problem.params))]
            else:
                errors[f"attributes.{name}"] = [attribute_message(problem, name)]
        return None, errors


def _quantity(value, field, errors, positive=False, allow_none=False):
    """A Decimal with at most three places, or None (recording the problem in ``errors``)."""
    if value is None or value == "":
        if not allow_none:
            errors[field] = [_("This field is required.")]
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = [_("Enter a number, such as 25 or 2.5.")]
        return None
    if not number.is_finite() or isinstance(value, bool):
        errors[field] = [_("Enter a number, such as 25 or 2.5.")]
    elif number < 0 or (positive and number == 0):
        errors[field] = [_("Enter a number above zero.") if positive else _("Enter zero or more.")]
    elif -number.as_tuple().exponent > pricing.QUANTITY_PLACES:
        errors[field] = [_("Use at most three decimals.")]
    elif number >= Decimal(10) ** 15:
        errors[field] = [_("This number is too large.")]
    else:
        return number
    return None


def _text(fields, name, errors, limit, required=False):
    value = " ".join(str(fields.get(name) or "").split()) if name.startswith("title") \
        else str(fields.get(name) or "").strip()
    if required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > limit:
        errors[name] = [_("Use at most %(n)d characters.", n=limit)]
    return value


def _certifications(value, errors):
    items = value.split(",") if isinstance(value, str) else list(value or [])
    cleaned = list(dict.fromkeys(" ".join(str(item).split()) for item in items if str(item).strip()))
    if len(cleaned) > MAX_CERTIFICATIONS or any(len(item) > 60 for item in cleaned):
        errors["certifications"] = [_("List at most %(n)d certifications of up to 60 characters each.",
                                      n=MAX_CERTIFICATIONS)]
    return cleaned


def _kind_fields(kind, fields, errors):
    """The fields that depend on the kind; those of other kinds are cleared so nothing stale remains."""
    unit = fields.get("unit") or None
    cleaned = {"service_scope": "", "price_basis": None, "location": "", "slot_minutes": None}
    if kind is ListingKind.SERVICE:
        basis = fields.get("price_basis") or None
        if basis not in set(PriceBasis):
            errors["price_basis"] = [_("Choose how the service is priced.")]
        else:
            expected = BASIS_UNITS.get(PriceBasis(basis))
            if unit is None:
                unit = expected or Unit.PROJECT
            elif expected and unit != expected:
                errors["unit"] = [_("A service priced %(basis)s is sold by the %(unit)s.",
                                    basis=label(basis, "price_basis"),
                                    unit=label(expected, "unit"))]
        cleaned |= {"price_basis": basis, "service_scope": _text(fields, "service_scope", errors, 5000, True)}
        allowed = tuple(Unit)
    elif kind is ListingKind.RESOURCE:
        unit = unit or Unit.HOUR
        slot = fields.get("slot_minutes")
        try:
            slot = int(slot) if slot not in (None, "") and not isinstance(slot, bool) else None
        except (TypeError, ValueError):
            slot = None
        if slot not in SLOT_MINUTES:
            errors["slot_minutes"] = [_("Choose a slot length of %(choices)s minutes.",
                                        choices=", ".join(map(str, SLOT_MINUTES)))]
        cleaned |= {"slot_minutes": slot, "location": _text(fields, "location", errors, 300, True)}
        allowed = RESOURCE_UNITS
    else:
        allowed = PRODUCT_UNITS
    if unit not in set(allowed):
        errors.setdefault("unit", [_("Choose one of these units: %(units)s.", units=", ".join(
            str(label(code, "unit")) for code in allowed))])
    return cleaned | {"unit": unit}


def listing_fields(kind, category, fields, tiers, tiers_given=False):
    """Every field of a listing checked together, so one answer names every problem.

    :return: the cleaned fields. :raise InvalidInput: with field errors; nothing is written.
    """
    errors = {}
    cleaned = {
        "title_zh": _text(fields, "title_zh", errors, 200, required=True),
        "title_en": _text(fields, "title_en", errors, 200),
        "description_zh": _text(fields, "description_zh", errors, 20000),
        "description_en": _text(fields, "description_en", errors, 20000),
        "origin": _text(fields, "origin", errors, 100),
        "certifications": _certifications(fields.get("certifications"), errors),
        "min_order_quantity": _quantity(fields.get("min_order_quantity", "1"), "min_order_quantity", errors,
                                        positive=True),
        "stock": _quantity(fields.get("stock"), "stock", errors, allow_none=True),
    }
    lead = fields.get("lead_time_days")
    try:
        cleaned["lead_time_days"] = None if lead in (None, "") else int(lead)
        if isinstance(lead, bool) or (cleaned["lead_time_days"] is not None
                                      and not 0 <= cleaned["lead_time_days"] <= 365):
            raise ValueError
    except (TypeError, ValueError):
        errors["lead_time_days"] = [_("Enter a number of days from 0 to 365.")]
    cleaned |= _kind_fields(kind, fields, errors)
    cleaned["attributes"], attribute_errors = _attribute_errors(category, fields.get("attributes"))
    errors |= attribute_errors
    moq = cleaned["min_order_quantity"]
    if tiers and moq is not None and tiers[0].min_quantity > moq:
        # The first tier must price the smallest order, or a buyer ordering the minimum gets no price.
        if tiers_given:
            errors["price_tiers.0.min_quantity"] = [_("Start the first tier at the minimum order quantity "
                                                      "(%(quantity)s) or below.", quantity=plain(moq))]
        else:
            errors["min_order_quantity"] = [_("The first price tier starts at %(quantity)s; the minimum order "
                                              "quantity must not be below it.",
                                              quantity=plain(tiers[0].min_quantity))]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    return cleaned


def ensure_listable(category, kind):
    """:raise InvalidInput: for a category one cannot list in, or one of another kind."""
    if attributes.schema_for(category.code) is None:
        raise InvalidInput(_("Choose a more specific category."),
                           {"category": [_("%(category)s is a group; choose one of its categories.",
                                           category=labels.category_name(category))]})
    if category.listing_kind != kind:
        raise InvalidInput(_("This category is for another kind of listing."),
                           {"category": [_("%(category)s holds listings of the kind “%(kind)s”.",
                                           category=labels.category_name(category),
                                           kind=label(category.listing_kind, "listing_kind"))]})


def parse_tiers(rows, currency):
    """``[(min_quantity, unit price as text), …]`` → Tiers, with field errors keyed ``price_tiers.<i>.<field>``.

    :raise InvalidInput: for anything unreadable, a price of zero or below, or thresholds not ascending.
    """
    errors, tiers = {}, []
    for index, (quantity, price) in enumerate(rows):
        number = _quantity(quantity, f"price_tiers.{index}.min_quantity", errors, positive=True)
        try:
            amount = Money.of(str(price).strip(), currency) if str(price).strip() else None
        except MoneyError:
            amount = None
        if amount is None:
            errors[f"price_tiers.{index}.unit_price"] = [
                _("Enter a price in %(currency)s with at most %(digits)d decimals, such as 4100.50.",
                  currency=currency, digits=MINOR_DIGITS[currency])]
        if number is not None and amount is not None:
            tiers.append((index, pricing.Tier(number, amount)))
    messages = {
        ("min_quantity", "not_positive"): _("Enter a quantity above zero."),
        ("min_quantity", "too_precise"): _("Use at most three decimals."),
        ("min_quantity", "not_ascending"): _("Each tier must start at a larger quantity than the one before."),
        ("unit_price", "not_positive"): _("A price must be more than zero."),
        ("unit_price", "other_currency"): _("All tiers use the listing's currency."),
    }
    if not errors:
        for problem in pricing.problems([tier for _index, tier in tiers]):
            errors[f"price_tiers.{tiers[problem.index][0]}.{problem.field}"] = [messages[(problem.field, problem.code)]]
    if len(rows) > MAX_TIERS:
        errors["price_tiers"] = [_("Give at most %(n)d price tiers.", n=MAX_TIERS)]
    if errors:
        raise InvalidInput(_("Some price tiers are not valid."), errors)
    return [tier for _index, tier in tiers]


def image_refusal(code):
    """The reader's sentence for why ``images.inspect`` refused a file."""
    return {
        "empty": _("The file is empty."),
        "too_large": _("A picture may be at most %(mb)d MB.", mb=images.MAX_BYTES // (1024 * 1024)),
        "not_an_image": _("This file is not a picture we can read."),
        "wrong_type": _("Upload a PNG, JPEG or WebP picture."),
        "too_many_pixels": _("The picture has too many pixels; scale it down first."),
    }[code]
