"""What each category's listings must say about themselves, declared as data and checked in one place.

Pure: no Flask, no database. A schema is a tuple of ``Attribute`` declarations per category code;
``check`` returns the cleaned values (numbers as canonical strings or ints, never float) or the
problems per attribute as codes, which the services turn into sentences in the reader's language.
"""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from stdnum import casrn
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError

TEXT = "text"
CHOICE = "choice"
CHOICES = "choices"  # several of a fixed list
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
CAS = "cas"
UN_NUMBER = "un_number"
LOCODE = "locode"

_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_UN_NUMBER = re.compile(r"^(?:UN)?(\d{4})$")


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: str
    required: bool = False
    choices: tuple = ()
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    max_length: int = 200


@dataclass(frozen=True)
class Schema:
    attributes: tuple
    # (earlier, later) pairs of date attributes: a window must not end before it starts.
    windows: tuple = ()
    # (given, needed, meaningless value): when ``given`` is set, ``needed`` must say something real,
    # e.g. goods with a UN number are dangerous goods, so their hazard class cannot be "none".
    needs: tuple = ()

    @property
    def names(self):
        return tuple(attribute.name for attribute in self.attributes)


@dataclass(frozen=True)
class Problem:
    """Why one value was refused: ``code`` names the rule, ``params`` fill the sentence."""

    code: str
    params: tuple = ()


class AttributeErrors(ValueError):
    """``problems`` maps attribute names (``None`` for unknown names) to a Problem."""

    def __init__(self, problems):
        super().__init__(", ".join(sorted(str(name) for name in problems)))
        self.problems = problems


def _decimal(name, required=False, minimum=None, maximum=None):
    return Attribute(name, DECIMAL, required, minimum=None if minimum is None else Decimal(minimum),
                     maximum=None if maximum is None else Decimal(maximum))


REBAR_GRADES = ("HPB300", "HRB400", "HRB400E", "HRB500", "HRB500E", "HRB600")
STRUCTURAL_GRADES = ("Q195", "Q235B", "Q235C", "Q345B", "Q355B", "Q355C", "Q355D", "Q390B", "Q420B", "Q460C")
COIL_GRADES = ("Q195", "Q235B", "Q355B", "SPHC", "SPHD", "SS400", "SAPH440")
HAZARD_CLASSES = ("none", "1", "2", "3", "4", "5", "6", "7", "8", "9")
GRAIN_COMMODITIES = ("corn", "soybean", "rice", "wheat", "sorghum", "barley")
GRAIN_GRADES = ("grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "off_grade")
VESSEL_TYPES = ("bulk_carrier", "container_ship", "tanker", "chemical_tanker", "general_cargo", "ro_ro", "barge")
ACCREDITATIONS = ("CNAS", "CMA", "CAL", "ILAC-MRA", "ISO/IEC 17025")

_CHEMICAL = Schema((
    Attribute("cas_number", CAS, required=True),
    _decimal("purity_percent", required=True, minimum=0, maximum=100),
    Attribute("un_number", UN_NUMBER),
    Attribute("hazard_class", CHOICE, required=True, choices=HAZARD_CLASSES),
    Attribute("grade", TEXT, max_length=60),
    Attribute("packaging", TEXT, max_length=100),
), needs=(("un_number", "hazard_class", "none"),))

_SHARED_RESOURCE = Schema((
    Attribute("manufacturer", TEXT, required=True, max_length=100),
    Attribute("model", TEXT, required=True, max_length=100),
    Attribute("specs", TEXT, max_length=1000),
    Attribute("year_built", INTEGER, minimum=1950, maximum=2100),
))

SCHEMAS = {
    "steel.rebar": Schema((
        Attribute("grade", CHOICE, required=True, choices=REBAR_GRADES),
        Attribute("diameter_mm", INTEGER, required=True, minimum=6, maximum=50),
        _decimal("length_m", minimum=1, maximum=24),
        Attribute("standard", CHOICE, choices=("GB/T 1499.2-2018", "GB/T 1499.1-2017")),
    )),
    "steel.plate": Schema((
        Attribute("grade", CHOICE, required=True, choices=STRUCTURAL_GRADES),
        _decimal("thickness_mm", required=True, minimum="1.5", maximum=400),
        Attribute("width_mm", INTEGER, minimum=600, maximum=5300),
        Attribute("length_mm", INTEGER, minimum=1000, maximum=25000),
        Attribute("standard", CHOICE, choices=("GB/T 700-2006", "GB/T 1591-2018", "GB/T 3274-2017")),
    )),
    "steel.coil": Schema((
        Attribute("grade", CHOICE, required=True, choices=COIL_GRADES),
        _decimal("thickness_mm", required=True, minimum="1.2", maximum=25),
        Attribute("width_mm", INTEGER, required=True, minimum=700, maximum=2300),
        _decimal("coil_weight_t", minimum=1, maximum=45),
        Attribute("standard", CHOICE, choices=("GB/T 3274-2017", "GB/T 711-2017", "JIS G3101")),
    )),
    "steel.section": Schema((
        Attribute("shape", CHOICE, required=True, choices=("h_beam", "i_beam", "angle", "channel")),
        Attribute("grade", CHOICE, required=True, choices=STRUCTURAL_GRADES),
        Attribute("size", TEXT, required=True, max_length=60),
        _decimal("length_m", minimum=1, maximum=24),
    )),
    "steel.pipe": Schema((
        Attribute("pipe_type", CHOICE, required=True, choices=("seamless", "erw", "lsaw", "ssaw")),
        Attribute("grade", TEXT, required=True, max_length=30),
        _decimal("outer_diameter_mm", required=True, minimum=6, maximum=3000),
        _decimal("wall_thickness_mm", required=True, minimum="0.5", maximum=100),
        Attribute("standard", TEXT, max_length=60),
    )),
    "chemicals.fertiliser": _CHEMICAL,
    "chemicals.basic": _CHEMICAL,
    "chemicals.plastics": _CHEMICAL,
    "agriculture.grain": Schema((
        Attribute("commodity", CHOICE, required=True, choices=GRAIN_COMMODITIES),
        Attribute("grade", CHOICE, required=True, choices=GRAIN_GRADES),
        _decimal("moisture_percent", required=True, minimum=0, maximum=40),
        Attribute("origin", TEXT, required=True, max_length=100),
        Attribute("harvest_year", INTEGER, required=True, minimum=2000, maximum=2100),
        Attribute("trace_lot", TEXT, max_length=80),
    )),
    "agriculture.cotton": Schema((
        Attribute("color_grade", CHOICE, required=True, choices=("white_11", "white_21", "white_31", "white_41",
                                                                  "light_spotted", "spotted")),
        _decimal("staple_length_mm", required=True, minimum=20, maximum=40),
        _decimal("micronaire", minimum="2.5", maximum="6.5"),
        _decimal("strength_cn_tex", minimum=20, maximum=40),
        Attribute("origin", TEXT, required=True, max_length=100),
        Attribute("harvest_year", INTEGER, required=True, minimum=2000, maximum=2100),
    )),
    "agriculture.seafood": Schema((
        Attribute("species", TEXT, required=True, max_length=100),
        Attribute("preservation", CHOICE, required=True, choices=("fresh", "chilled", "frozen", "dried")),
        Attribute("size_grade", TEXT, max_length=60),
        Attribute("origin", TEXT, required=True, max_length=100),
    )),
    "shipping.freight": Schema((
        Attribute("vessel_type", CHOICE, required=True, choices=VESSEL_TYPES),
        Attribute("dwt_tonnes", INTEGER, required=True, minimum=100, maximum=450000),
        Attribute("load_port", LOCODE, required=True),
        Attribute("discharge_port", LOCODE, required=True),
        Attribute("laycan_from", DATE, required=True),
        Attribute("laycan_to", DATE, required=True),
        Attribute("cargo", TEXT, max_length=200),
    ), windows=(("laycan_from", "laycan_to"),)),
    "services.testing": Schema((
        Attribute("standards", TEXT, required=True, max_length=500),
        Attribute("accreditations", CHOICES, choices=ACCREDITATIONS),
        Attribute("turnaround_days", INTEGER, minimum=1, maximum=365),
        Attribute("sample_requirements", TEXT, max_length=500),
    )),
    "services.design": Schema((
        Attribute("discipline", CHOICE, required=True, choices=("industrial", "mechanical", "structural",
                                                                 "electrical", "packaging")),
        Attribute("software", TEXT, max_length=200),
        Attribute("deliverables", TEXT, max_length=500),
    )),
    "services.rnd": Schema((
        Attribute("field", TEXT, required=True, max_length=200),
        Attribute("ip_ownership", CHOICE, choices=("client", "provider", "shared")),
        Attribute("team_size", INTEGER, minimum=1, maximum=10000),
    )),
    "services.manufacturing": Schema((
        Attribute("process", CHOICE, required=True, choices=("machining", "casting", "forging", "stamping",
                                                              "welding", "injection_moulding", "assembly")),
        Attribute("materials", TEXT, max_length=300),
        Attribute("monthly_capacity", TEXT, max_length=200),
    )),
    "resources.instrument": _SHARED_RESOURCE,
    "resources.equipment": _SHARED_RESOURCE,
    "resources.machine": _SHARED_RESOURCE,
    "resources.computing": _SHARED_RESOURCE,
}


def schema_for(category_code):
    """:return: the Schema, or None for a category too broad to list in (``steel``, ``chemicals``…)."""
    return SCHEMAS.get(category_code)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InvalidOperation
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def _within(attribute, number):
    too_low = attribute.minimum is not None and number < attribute.minimum
    too_high = attribute.maximum is not None and number > attribute.maximum
    if too_low or too_high:
        raise _Refused("out_of_range", (attribute.minimum, attribute.maximum))


class _Refused(Exception):
    def __init__(self, code, params=()):
        super().__init__(code)
        self.problem = Problem(code, tuple(params))


def _clean_text(attribute, value):
    if not isinstance(value, str):
        raise _Refused("not_text")
    text = " ".join(value.split())
    if len(text) > attribute.max_length:
        raise _Refused("too_long", (attribute.max_length,))
    return text


def _clean_choice(attribute, value):
    if value not in attribute.choices:
        raise _Refused("not_a_choice", (attribute.choices,))
    return value


def _clean_choices(attribute, value):
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or any(item not in attribute.choices for item in values):
        raise _Refused("not_a_choice", (attribute.choices,))
    return [choice for choice in attribute.choices if choice in values]


def _clean_integer(attribute, value):
    try:
        number = _number(value)
    except InvalidOperation:
        raise _Refused("not_a_whole_number") from None
    if number != number.to_integral_value():
        raise _Refused("not_a_whole_number")
    _within(attribute, number)
    return int(number)


def _clean_decimal(attribute, value):
    try:
        number = _number(value)
    except InvalidOperation:
        raise _Refused("not_a_number") from None
    _within(attribute, number)
    return format(number.normalize(), "f")


def _clean_date(attribute, value):
    try:
        return date.fromisoformat(value.strip()).isoformat() if isinstance(value, str) else value.isoformat()
    except (ValueError, AttributeError):
        raise _Refused("not_a_date") from None


def _clean_cas(attribute, value):
    if not isinstance(value, str):
        raise _Refused("not_a_cas_number")
    try:
        return casrn.validate(value.strip())
    except InvalidChecksum:
        raise _Refused("cas_check_digit", (casrn.calc_check_digit(casrn.compact(value)[:-1]),)) from None
    except NumberError:
        raise _Refused("not_a_cas_number") from None


def _clean_un_number(attribute, value):
    match = _UN_NUMBER.match(str(value).replace(" ", "").upper()) if isinstance(value, str | int) else None
    if match is None or match.group(1) == "0000" or isinstance(value, bool):
        raise _Refused("not_a_un_number")
    return match.group(1)


def _clean_locode(attribute, value):
    code = value.replace(" ", "").upper() if isinstance(value, str) else ""
    if not _LOCODE.match(code):
        raise _Refused("not_a_locode")
    return code


_CLEANERS = {
    TEXT: _clean_text, CHOICE: _clean_choice, CHOICES: _clean_choices, INTEGER: _clean_integer,
    DECIMAL: _clean_decimal, DATE: _clean_date, CAS: _clean_cas, UN_NUMBER: _clean_un_number,
    LOCODE: _clean_locode,
}


def check(category_code, values):
    """Clean ``values`` against the category's schema (see ``check_against``)."""
    return check_against(schema_for(category_code), values)


KINDS = tuple(_CLEANERS)


def schema_from_data(data):
    """A Schema from its JSON form (``{"attributes": [{"name", "kind", …}], "windows", "needs"}``),
    so that operators declare a trading floor's lot specification without code.

    :raise ValueError: naming what is malformed.
    """
    if not isinstance(data, dict) or not isinstance(data.get("attributes"), list):
        raise ValueError("a schema needs a list of attributes")
    attributes = []
    for item in data["attributes"]:
        if not isinstance(item, dict) or item.get("kind") not in KINDS or not str(item.get("name", "")).strip():
            raise ValueError(f"not an attribute declaration: {item!r}")
        number = int if item["kind"] == INTEGER else Decimal
        bound = {key: None if item.get(key) is None else number(str(item[key])) for key in ("minimum", "maximum")}
        attributes.append(Attribute(item["name"], item["kind"], bool(item.get("required")),
                                    tuple(item.get("choices") or ()), max_length=int(item.get("max_length", 200)),
                                    **bound))
    names = {attribute.name for attribute in attributes}
    if len(names) < len(attributes):
        raise ValueError("attribute names repeat")
    windows = tuple(tuple(pair) for pair in data.get("windows", ()))
    needs = tuple(tuple(triple) for triple in data.get("needs", ()))
    if any(name not in names for pair in windows for name in pair) or any(
            given not in names or needed not in names for given, needed, _ in needs):
        raise ValueError("windows and needs must name declared attributes")
    return Schema(tuple(attributes), windows, needs)


def check_against(schema, values):
    """Clean ``values`` against ``schema``; blank optional values are left out.

    :return: the cleaned dict. :raise AttributeErrors: naming every refused attribute at once;
        unknown names come under ``None`` as ``Problem("unknown", names)``.
    """
    values = dict(values or {})
    problems, cleaned = {}, {}
    unknown = sorted(set(values) - set(schema.names))
    if unknown:
        problems[None] = Problem("unknown", tuple(unknown))
    for attribute in schema.attributes:
        value = values.get(attribute.name)
        if _blank(value):
            if attribute.required:
                problems[attribute.name] = Problem("required")
            continue
        try:
            cleaned[attribute.name] = _CLEANERS[attribute.kind](attribute, value)
        except _Refused as refused:
            problems[attribute.name] = refused.problem
    for earlier, later in schema.windows:
        if earlier in cleaned and later in cleaned and cleaned[later] < cleaned[earlier]:
            problems[later] = Problem("ends_before_start", (earlier,))
    for given, needed, meaningless in schema.needs:
        if given in cleaned and cleaned.get(needed, meaningless) == meaningless and needed not in problems:
            problems[needed] = Problem("needed_with", (given,))
    if problems:
        raise AttributeErrors(problems)
    return cleaned
