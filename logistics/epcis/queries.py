"""The EPCIS 2.0 standard query parameters (SimpleEventQuery) as conditions on stored events.

Each parameter takes one or more values (repeated, or comma-separated). ``MATCH_*`` values may
be EPC patterns (``urn:epc:idpat:sgtin:0614141.812345.*``). CBV values may be written in any of
their three forms. Unknown parameters and bad values are refused, all named at once.
"""
from flask_babel import gettext as _
from sqlalchemy import and_, exists, or_, select

from logistics.epcis.document import EVENT_TYPES, cbv_word, parse_time
from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from logistics.messages import said
from marketplace.errors import InvalidInput
from marketplace.i18n import translated

# MATCH_ parameter → the identifier roles it looks at (EPCIS 2.0 section 8.2.7.1)
MATCH_ROLES = {
    "MATCH_epc": ("epc", "child"),
    "MATCH_parentID": ("parent",),
    "MATCH_inputEPC": ("input",),
    "MATCH_outputEPC": ("output",),
    "MATCH_anyEPC": ("epc", "child", "parent", "input", "output"),
    "MATCH_epcClass": ("epc", "child", "input", "output"),
}
_TIMES = {
    "GE_eventTime": (EpcisEvent.event_time, "ge"),
    "LT_eventTime": (EpcisEvent.event_time, "lt"),
    "GE_recordTime": (EpcisEvent.record_time, "ge"),
    "LT_recordTime": (EpcisEvent.record_time, "lt"),
}
_TYPED = {"EQ_bizTransaction_": "biz_transaction", "EQ_source_": "source", "EQ_destination_": "destination"}
PARAMETERS = ("eventType", "EQ_action", "EQ_bizStep", "EQ_disposition", "EQ_readPoint", "EQ_bizLocation",
              "EQ_eventID", *_TIMES, *MATCH_ROLES)


def values_of(raw):
    """Values of one parameter given repeated and/or comma-separated."""
    return [v.strip() for value in raw for v in value.split(",") if v.strip()]


def _pattern(value):
    """An exact URI, or an EPC pattern ``urn:epc:idpat:<scheme>:<fields with *>`` as a LIKE prefix."""
    if value.startswith("urn:epc:idpat:") and value.endswith("*"):
        head = value[len("urn:epc:idpat:"):-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return EpcisEventIdentifier.value.like(f"urn:epc:id:{head}%", escape="\\")
    return EpcisEventIdentifier.value == value


def _names(roles, values, qualifier=None):
    condition = and_(EpcisEventIdentifier.event_id == EpcisEvent.id, EpcisEventIdentifier.role.in_(roles),
                     or_(*[_pattern(v) for v in values]))
    if qualifier is not None:
        condition = and_(condition, EpcisEventIdentifier.qualifier == qualifier)
    return exists(select(EpcisEventIdentifier.id).where(condition))


def _cbv(values, vocabulary):
    return [cbv_word(v, vocabulary) for v in values]


def conditions(filters):
    """SQL conditions for ``filters`` ({parameter: [raw values]}); :raise InvalidInput: for bad ones."""
    result, errors = [], {}
    for name, raw in filters.items():
        values = values_of(raw)
        if not values:
            continue
        try:
            if name == "eventType":
                unknown = [v for v in values if v not in EVENT_TYPES]
                if unknown:
                    raise ValueError(_("Unknown event type: %(types)s.", types=", ".join(unknown)))
                result.append(EpcisEvent.type.in_(values))
            elif name == "EQ_action":
                result.append(EpcisEvent.action.in_(values))
            elif name == "EQ_bizStep":
                result.append(EpcisEvent.biz_step.in_(_cbv(values, "bizStep")))
            elif name == "EQ_disposition":
                result.append(EpcisEvent.disposition.in_(_cbv(values, "disposition")))
            elif name == "EQ_readPoint":
                result.append(EpcisEvent.read_point.in_(values))
            elif name == "EQ_bizLocation":
                result.append(EpcisEvent.biz_location.in_(values))
            elif name == "EQ_eventID":
                result.append(EpcisEvent.event_id.in_(values))
            elif name in _TIMES:
                column, comparison = _TIMES[name]
                moment = parse_time(values[0])
                result.append(column >= moment if comparison == "ge" else column < moment)
            elif name in MATCH_ROLES:
                result.append(_names(MATCH_ROLES[name], values))
            elif any(name.startswith(prefix) and len(name) > len(prefix) for prefix in _TYPED):
                prefix = next(p for p in _TYPED if name.startswith(p))
                kind = "bizTransactionType" if prefix == "EQ_bizTransaction_" else "sourceDestType"
                result.append(_names((_TYPED[prefix],), values, cbv_word(name[len(prefix):], kind)))
            else:
                errors[name] = [_("Not an EPCIS query parameter.")]
        except ValueError as error:
            errors[name] = [translated(said(error))]
    if errors:
        raise InvalidInput(_("The query is not valid."), errors)
    return result
