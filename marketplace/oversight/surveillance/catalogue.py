"""A rule version's document checked against its detector's declared parameters.

Pure: no Flask, no database. A document is ``{"parameters": {...}, "floor_overrides": {floor:
{...}}, "notes": "..."}``; every parameter must be one the detector declares, of its kind and inside
its range, and per-floor overrides are checked the same way. ``checked_document`` returns the
document as it is stored (numbers as exact text) or raises ``DocumentRefused`` naming every field
that is wrong, so a bad document is refused whole and nothing of it is kept.
"""
from decimal import Decimal, InvalidOperation

from logistics.messages import message

DOCUMENT_FIELDS = ("parameters", "floor_overrides", "notes")
WHOLE_KINDS = {"int", "seconds", "minutes", "days", "minor"}


class DocumentRefused(ValueError):
    """The document breaks its detector's declaration.

    ``errors`` maps a field path to its problems, each a ``logistics.messages.Message``: English text
    that keeps its template, translated by the caller (this module knows no language).
    """

    def __init__(self, errors):
        super().__init__("; ".join(f"{path}: {problem}" for path, problems in errors.items() for problem in problems))
        self.errors = errors


def checked_document(document, declared, floors=None):
    """The document to store: parameters as exact text, only declared names, every value in range.

    :param declared: the detector's ``PARAMETERS`` (name → Parameter).
    :param floors: the floor codes an override may name (None: any).
    :raise DocumentRefused: naming each unknown field, floor, wrong kind or value out of range.
    """
    errors = {}
    if not isinstance(document, dict):
        raise DocumentRefused({"document": [message("must be a JSON object")]})
    for name in document:
        if name not in DOCUMENT_FIELDS:
            errors[name] = [message("unknown field (allowed: %(allowed)s)", allowed=", ".join(DOCUMENT_FIELDS))]
    parameters = _checked_parameters(document.get("parameters") or {}, declared, "parameters", errors)
    overrides = {}
    raw_overrides = document.get("floor_overrides") or {}
    if not isinstance(raw_overrides, dict):
        errors["floor_overrides"] = [message("must be an object of floor code → parameters")]
        raw_overrides = {}
    for floor, values in raw_overrides.items():
        if floors is not None and floor not in floors:
            errors[f"floor_overrides.{floor}"] = [message("unknown floor (known: %(known)s)",
                                                          known=", ".join(sorted(floors)))]
            continue
        overrides[str(floor)] = _checked_parameters(values, declared, f"floor_overrides.{floor}", errors)
    notes = document.get("notes") or ""
    if not isinstance(notes, str):
        errors["notes"] = [message("must be text")]
    if errors:
        raise DocumentRefused(errors)
    return {"parameters": parameters, "floor_overrides": overrides, "notes": notes}


def _checked_parameters(values, declared, path, errors):
    if not isinstance(values, dict):
        errors[path] = [message("must be an object of parameter name → value")]
        return {}
    checked = {}
    for name, value in values.items():
        where = f"{path}.{name}"
        if name not in declared:
            errors[where] = [message("unknown parameter (known: %(known)s)", known=", ".join(sorted(declared)))]
            continue
        try:
            checked[name] = stored_value(declared[name], value)
        except ParameterRefused as refusal:
            errors[where] = [refusal.args[0]]
    return checked


class ParameterRefused(ValueError):
    """One value breaks its parameter's declaration; raised with a ``Message``."""


def stored_value(parameter, value):
    """``value`` as stored for ``parameter``: bool, int, or Decimal as text. :raise ParameterRefused: wrong kind or range."""
    if parameter.kind == "bool":
        if not isinstance(value, bool):
            raise ParameterRefused(message("must be true or false"))
        return value
    number = _number(value, whole=parameter.kind in WHOLE_KINDS)
    unit = f" {parameter.unit}" if parameter.unit else ""
    if parameter.minimum is not None and number < Decimal(str(parameter.minimum)):
        raise ParameterRefused(message("%(value)s is below the minimum %(limit)s%(unit)s", value=value,
                                       limit=parameter.minimum, unit=unit))
    if parameter.maximum is not None and number > Decimal(str(parameter.maximum)):
        raise ParameterRefused(message("%(value)s is above the maximum %(limit)s%(unit)s", value=value,
                                       limit=parameter.maximum, unit=unit))
    return int(number) if parameter.kind in WHOLE_KINDS else str(number)


def _number(value, whole):
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ParameterRefused(message("must be a number"))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ParameterRefused(message("must be a number")) from None
    if not number.is_finite():
        raise ParameterRefused(message("must be a number"))
    if whole and number != number.to_integral_value():
        raise ParameterRefused(message("must be a whole number"))
    return number


def effective_parameters(declared, parameters, floor_overrides, floor=None):
    """What the detector runs with on ``floor``: defaults, then the version's values, then the floor's.

    Values come out typed for the detector (Decimal for decimal kinds, int, bool).
    """
    merged = {name: parameter.default for name, parameter in declared.items()}
    merged.update({name: value for name, value in (parameters or {}).items() if name in declared})
    merged.update({name: value for name, value in ((floor_overrides or {}).get(floor) or {}).items()
                   if name in declared})
    return {name: _typed(declared[name], value) for name, value in merged.items()}


def _typed(parameter, value):
    if parameter.kind == "bool":
        return bool(value)
    if parameter.kind in WHOLE_KINDS:
        return int(value)
    return Decimal(str(value))


def default_document(declared):
    """The built-in version's document: every parameter at its declared default, no floor overrides."""
    return {"parameters": {name: stored_value(parameter, parameter.default) for name, parameter in declared.items()},
            "floor_overrides": {}, "notes": ""}
