"""One EPCIS 2.0 JSON event: check it against the standard and bring it to one normal form.

Pure module (no Flask, no database). :func:`normalise` returns a new dict in which CBV values
(bizStep, disposition, business transaction, source/destination and error reason types) are
the bare CBV 2.0 words, EPCs are pure-identity URIs, readPoint/bizLocation are ``{"id": …}``
objects and ``recordTime`` is gone (the server sets it). It raises :class:`InvalidEvent` listing
every problem at once, keyed by the field's path (``epcList[2]``, ``quantityList[0].uom``).
Normalising a normalised event gives the same event.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from logistics.identifiers import InvalidIdentifier, from_digital_link, from_uri
from logistics.messages import message, said

__all__ = [
    "EVENT_TYPES",
    "BIZ_STEPS",
    "DISPOSITIONS",
    "BIZ_TRANSACTION_TYPES",
    "SOURCE_DESTINATION_TYPES",
    "ERROR_REASONS",
    "InvalidEvent",
    "normalise",
    "cbv_word",
    "identifiers_of",
    "parse_time",
]

EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
ACTIONS = ("ADD", "OBSERVE", "DELETE")

BIZ_STEPS = frozenset("""
accepting arriving assembling collecting commissioning consigning creating_class_instance
cycle_counting decommissioning departing destroying disassembling dispensing encoding
entering_exiting holding inspecting installing killing loading other packing picking receiving
removing repackaging repairing replacing reserving retail_selling sampling sensor_reporting
shipping staging_outbound stock_taking stocking storing transporting unloading unpacking
void_shipping
""".split())

DISPOSITIONS = frozenset("""
active available completeness_verified completeness_inferred conformant container_closed
container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit
inactive mismatch_instance mismatch_class mismatch_quantity needs_replacement no_pedigree_match
non_conformant non_sellable_other partially_dispensed recalled reserved retail_sold returned
sellable_accessible sellable_not_accessible stolen unavailable unknown
""".split())

BIZ_TRANSACTION_TYPES = frozenset("bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres".split())
SOURCE_DESTINATION_TYPES = frozenset(("owning_party", "possessing_party", "location"))
ERROR_REASONS = frozenset(("did_not_occur", "incorrect_data"))

# vocabulary name → (words, URN prefix, Web URI prefix)
_VOCABULARIES = {
    "bizStep": (BIZ_STEPS, "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    "disposition": (DISPOSITIONS, "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
    "bizTransactionType": (BIZ_TRANSACTION_TYPES, "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
    "sourceDestType": (SOURCE_DESTINATION_TYPES, "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
    "errorReason": (ERROR_REASONS, "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
}

_COMMON = {"type", "eventID", "eventTime", "eventTimeZoneOffset", "recordTime", "certificationInfo",
           "errorDeclaration", "bizStep", "disposition", "persistentDisposition", "readPoint",
           "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
           "@context"}
_BY_TYPE = {
    "ObjectEvent": {"action", "epcList", "quantityList", "ilmd"},
    "AggregationEvent": {"action", "parentID", "childEPCs", "childQuantityList"},
    "TransactionEvent": {"action", "parentID", "epcList", "quantityList"},
    "TransformationEvent": {"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
                            "transformationID", "ilmd"},
    "AssociationEvent": {"action", "parentID", "childEPCs", "childQuantityList"},
}
_EPC_LISTS = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
_QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")

_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_PURE_IDENTITY = re.compile(r"urn:epc:id:([a-z0-9]+):(\S+)", re.IGNORECASE)
_CLASS = re.compile(r"urn:epc:(class:(lgtin|sgtin|grai)|idpat:[a-z0-9]+):\S+", re.IGNORECASE)
_UOM = re.compile(r"[A-Z0-9]{2,3}")  # UN/ECE Recommendation 20 common codes: KGM, TNE, MTQ, H87 …
MAX_IDENTIFIER_LENGTH = 200  # what the platform keeps of one URI (eventID, EPC, location, extension value)
_DL_KEYS = ("01", "00", "414", "8003", "8004", "8018", "253", "255", "8010", "8017", "417")


def _bounded(text: str) -> str:
    if len(text) > MAX_IDENTIFIER_LENGTH:
        raise ValueError(message("is longer than %(limit)s characters", limit=MAX_IDENTIFIER_LENGTH))
    return text


class InvalidEvent(ValueError):
    """An event that breaks EPCIS 2.0 or CBV 2.0; ``errors`` maps each field's path to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = dict(errors)


def cbv_word(value, vocabulary: str) -> str:
    """The bare CBV 2.0 word for a bare word, URN or Web URI; a non-CBV URI is kept as an extension.

    Raises ``ValueError`` for an unknown word or anything that is neither a CBV value nor a URI.
    """
    words, urn, web = _VOCABULARIES[vocabulary]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(message("must be a CBV word or a URI"))
    text = value.strip()
    for prefix in (urn, web):
        if text.lower().startswith(prefix.lower()):
            word = text[len(prefix):]
            if word in words:
                return word
            raise ValueError(message("%(value)r is not a CBV 2.0 %(vocabulary)s value",
                                     value=word, vocabulary=vocabulary))
    if text in words:
        return text
    if text.lower().startswith(("urn:epcglobal:cbv:", "https://ref.gs1.org/cbv/")):
        raise ValueError(message("%(value)r is not a CBV 2.0 %(vocabulary)s value", value=text, vocabulary=vocabulary))
    if ":" in text and _URI.fullmatch(text):
        return _bounded(text)
    raise ValueError(message("%(value)r is not a CBV 2.0 %(vocabulary)s value", value=text, vocabulary=vocabulary))


def parse_time(value) -> datetime:
    """An ISO 8601 date-time that carries its offset (``Z`` or ``±hh:mm``) as an aware datetime."""
    if not isinstance(value, str):
        raise ValueError(message("must be an ISO 8601 date-time with an offset"))
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(message("%(value)r is not an ISO 8601 date-time", value=value)) from None
    if moment.tzinfo is None or "T" not in value:
        raise ValueError(message("%(value)r has no time zone offset (add Z or ±hh:mm)", value=value))
    return moment


def _offset(value) -> str:
    match = _OFFSET.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(message("must be ±hh:mm"))
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or (sign == "+" and total > 14 * 60) or (sign == "-" and total > 13 * 60 + 59):
        raise ValueError(message("must be between -13:59 and +14:00"))
    return value.strip()


def _digital_link(text: str) -> str:
    """Accept a GS1 Digital Link naming one instance (its check digits verified)."""
    problem = None
    for length in range(6, 13):
        try:
            from_digital_link(text, length)
            return text
        except InvalidIdentifier as error:
            problem = problem or error.message
    raise ValueError(problem or message("%(text)r is not a GS1 Digital Link", text=text))


def _is_digital_link(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and any(
        seg in _DL_KEYS for seg in parts.path.split("/"))


def _epc(value) -> str:
    """An instance-level identifier: pure-identity EPC URI (a tag URI becomes one) or Digital Link."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(message("must be an EPC URI"))
    text = _bounded(value.strip())
    lower = text.lower()
    if lower.startswith("urn:epc:tag:") or re.match(r"urn:epc:id:(sgtin|sscc|sgln|grai):", lower):
        try:
            return from_uri(text).pure_identity_uri
        except InvalidIdentifier as error:
            raise ValueError(error.message) from None
    if _PURE_IDENTITY.fullmatch(text):
        return text
    if lower.startswith(("urn:epc:class:", "urn:epc:idpat:")):
        raise ValueError(message("%(text)r names a class, not one object: put it in a quantity list", text=text))
    if lower.startswith(("http://", "https://")) and _is_digital_link(text):
        return _digital_link(text)
    raise ValueError(message("%(text)r is not an EPC (urn:epc:id:…) or a GS1 Digital Link", text=text))


def _epc_class(value) -> str:
    """A class-level identifier: LGTIN/SGTIN class URI, an EPC pattern, or a Digital Link."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(message("must be an EPC class URI"))
    text = _bounded(value.strip())
    if _CLASS.fullmatch(text):
        return text
    if text.lower().startswith(("http://", "https://")) and _is_digital_link(text):
        return text
    raise ValueError(message("%(text)r is not an EPC class (urn:epc:class:lgtin:…, urn:epc:idpat:…) or a Digital Link",
                             text=text))


def _uri(value) -> str:
    if not isinstance(value, str) or not _URI.fullmatch(value.strip()):
        raise ValueError(message("must be a URI"))
    return _bounded(value.strip())


def _location(value) -> str:
    """readPoint / bizLocation id: an SGLN (checked), a Digital Link or another URI."""
    text = _uri(value)
    if text.lower().startswith(("urn:epc:id:sgln:", "urn:epc:tag:sgln")):
        try:
            return from_uri(text).pure_identity_uri
        except InvalidIdentifier as error:
            raise ValueError(error.message) from None
    return text


class _Checker:
    """Collects every problem of one event, so the caller hears about all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, path: str, function, value, *args):
        try:
            return function(value, *args)
        except ValueError as error:
            self.errors.setdefault(path, said(error))
            return value

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def list_of(self, event: dict, key: str) -> list:
        value = event.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, message("must be a list"))
            return []
        return value


def _quantities(checker: _Checker, key: str, items: list) -> list:
    result = []
    for i, item in enumerate(items):
        path = f"{key}[{i}]"
        if not isinstance(item, dict):
            checker.fail(path, message("must be an object with epcClass, quantity and uom"))
            continue
        element = dict(item)
        if "epcClass" not in item:
            checker.fail(f"{path}.epcClass", message("is required"))
        else:
            element["epcClass"] = checker.check(f"{path}.epcClass", _epc_class, item["epcClass"])
        if "quantity" in item:
            quantity = item["quantity"]
            if isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or quantity < 0:
                checker.fail(f"{path}.quantity", message("must be a number not below 0"))
        if "uom" in item:
            uom = item["uom"]
            if "quantity" not in item:
                checker.fail(f"{path}.uom", message("a unit needs a quantity"))
            elif not isinstance(uom, str) or not _UOM.fullmatch(uom):
                checker.fail(f"{path}.uom", message(
                    "%(uom)r is not a UN/ECE Recommendation 20 code (e.g. KGM, TNE, MTQ)", uom=uom))
        result.append(element)
    return result


def _typed_list(checker: _Checker, event: dict, key: str, value_key: str, vocabulary: str,
                type_required: bool) -> list:
    result = []
    for i, item in enumerate(checker.list_of(event, key)):
        path = f"{key}[{i}]"
        if not isinstance(item, dict):
            checker.fail(path, message("must be an object with type and %(key)s", key=value_key))
            continue
        element = dict(item)
        if "type" in item:
            element["type"] = checker.check(f"{path}.type", cbv_word, item["type"], vocabulary)
        elif type_required:
            checker.fail(f"{path}.type", message("is required"))
        if value_key not in item:
            checker.fail(f"{path}.{value_key}", message("is required"))
        else:
            element[value_key] = checker.check(f"{path}.{value_key}", _uri, item[value_key])
        result.append(element)
    return result


def _error_declaration(checker: _Checker, value) -> dict:
    if not isinstance(value, dict):
        checker.fail("errorDeclaration", message("must be an object with declarationTime"))
        return value
    declaration = dict(value)
    if "declarationTime" not in value:
        checker.fail("errorDeclaration.declarationTime", message("is required"))
    else:
        checker.check("errorDeclaration.declarationTime", parse_time, value["declarationTime"])
    if "reason" in value:
        declaration["reason"] = checker.check("errorDeclaration.reason", cbv_word, value["reason"], "errorReason")
    if "correctiveEventIDs" in value:
        ids = value["correctiveEventIDs"]
        if not isinstance(ids, list):
            checker.fail("errorDeclaration.correctiveEventIDs", message("must be a list of event IDs"))
        else:
            declaration["correctiveEventIDs"] = [
                checker.check(f"errorDeclaration.correctiveEventIDs[{i}]", _uri, x) for i, x in enumerate(ids)]
    return declaration


def _present(event: dict, *keys: str) -> bool:
    return any(isinstance(event.get(k), list) and event[k] for k in keys)


def _type_rules(checker: _Checker, event: dict, kind: str) -> None:
    """The fields each event type requires (EPCIS 2.0 section 7.4)."""
    action = event.get("action")
    if kind == "TransformationEvent":
        if "action" in event:
            checker.fail("action", message("a TransformationEvent has no action"))
        inputs = _present(event, "inputEPCList", "inputQuantityList")
        outputs = _present(event, "outputEPCList", "outputQuantityList")
        if not (inputs and outputs) and not event.get("transformationID"):
            if not inputs:
                checker.fail("inputEPCList", message("inputs and outputs, or a transformationID, are required"))
            if not outputs:
                checker.fail("outputEPCList", message("inputs and outputs, or a transformationID, are required"))
        return
    if action is None:
        checker.fail("action", message("is required (ADD, OBSERVE or DELETE)"))
    elif action not in ACTIONS:
        checker.fail("action", message("%(action)r is not ADD, OBSERVE or DELETE", action=action))
    if kind == "ObjectEvent":
        if not _present(event, "epcList", "quantityList"):
            checker.fail("epcList", message("an ObjectEvent names objects in epcList and/or quantityList"))
        if "ilmd" in event and action != "ADD":
            checker.fail("ilmd", message("instance/lot master data goes only with action ADD"))
    elif kind == "AggregationEvent":
        if action in ("ADD", "DELETE") and not event.get("parentID"):
            checker.fail("parentID", message("is required for action %(action)s", action=action))
        if action in ("ADD", "OBSERVE") and not _present(event, "childEPCs", "childQuantityList"):
            checker.fail("childEPCs", message("children (childEPCs or childQuantityList) are required unless DELETE"))
    elif kind == "TransactionEvent":
        if not _present(event, "bizTransactionList"):
            checker.fail("bizTransactionList", message("a TransactionEvent needs at least one business transaction"))
    elif kind == "AssociationEvent":
        if not event.get("parentID"):
            checker.fail("parentID", message("is required"))


def normalise(event) -> dict:
    """Check ``event`` and return its normal form; raise :class:`InvalidEvent` with every problem."""
    if not isinstance(event, dict):
        raise InvalidEvent({"event": message("must be a JSON object")})
    checker = _Checker()
    kind = event.get("type")
    if kind not in EVENT_TYPES:
        checker.fail("type", message("must be one of %(types)s", types=", ".join(EVENT_TYPES)))
        raise InvalidEvent(checker.errors)
    allowed = _COMMON | _BY_TYPE[kind]
    for key in event:
        if key not in allowed and ":" not in key:
            checker.fail(key, message("is not a field of %(kind)s", kind=kind))
    result = {k: v for k, v in event.items() if k != "recordTime"}

    if "eventTime" not in event:
        checker.fail("eventTime", message("is required"))
    else:
        checker.check("eventTime", parse_time, event["eventTime"])
    if "eventTimeZoneOffset" not in event:
        checker.fail("eventTimeZoneOffset", message("is required"))
    else:
        result["eventTimeZoneOffset"] = checker.check("eventTimeZoneOffset", _offset, event["eventTimeZoneOffset"])
    if "eventID" in event:
        result["eventID"] = checker.check("eventID", _uri, event["eventID"])

    _type_rules(checker, event, kind)

    if event.get("parentID") is not None:
        result["parentID"] = checker.check("parentID", _epc, event["parentID"])
    for key in _EPC_LISTS:
        if key in event:
            result[key] = [checker.check(f"{key}[{i}]", _epc, x) for i, x in enumerate(checker.list_of(event, key))]
    for key in _QUANTITY_LISTS:
        if key in event:
            result[key] = _quantities(checker, key, checker.list_of(event, key))
    if "transformationID" in event:
        result["transformationID"] = checker.check("transformationID", _uri, event["transformationID"])

    for key, vocabulary in (("bizStep", "bizStep"), ("disposition", "disposition")):
        if key in event:
            result[key] = checker.check(key, cbv_word, event[key], vocabulary)
    if "persistentDisposition" in event:
        persistent = event["persistentDisposition"]
        if not isinstance(persistent, dict):
            checker.fail("persistentDisposition", message("must be an object with set and/or unset"))
        else:
            result["persistentDisposition"] = {
                part: [checker.check(f"persistentDisposition.{part}[{i}]", cbv_word, x, "disposition")
                       for i, x in enumerate(checker.list_of(persistent, part))]
                if part in ("set", "unset") else values
                for part, values in persistent.items()}
    for key in ("readPoint", "bizLocation"):
        if key in event:
            value = event[key]
            place = dict(value) if isinstance(value, dict) else {"id": value}
            if "id" not in place:
                checker.fail(f"{key}.id", message("is required"))
            else:
                place["id"] = checker.check(f"{key}.id", _location, place["id"])
            result[key] = place

    if "bizTransactionList" in event:
        result["bizTransactionList"] = _typed_list(
            checker, event, "bizTransactionList", "bizTransaction", "bizTransactionType", type_required=False)
    if "sourceList" in event:
        result["sourceList"] = _typed_list(checker, event, "sourceList", "source", "sourceDestType", True)
    if "destinationList" in event:
        result["destinationList"] = _typed_list(
            checker, event, "destinationList", "destination", "sourceDestType", True)
    if "errorDeclaration" in event:
        result["errorDeclaration"] = _error_declaration(checker, event["errorDeclaration"])
    if "ilmd" in event and not isinstance(event["ilmd"], dict):
        checker.fail("ilmd", message("must be an object"))
    if "sensorElementList" in event and not isinstance(event["sensorElementList"], list):
        checker.fail("sensorElementList", message("must be a list"))

    if checker.errors:
        raise InvalidEvent(checker.errors)
    return result


_ROLE_OF_LIST = {
    "epcList": "epc", "quantityList": "epc",
    "childEPCs": "child", "childQuantityList": "child",
    "inputEPCList": "input", "inputQuantityList": "input",
    "outputEPCList": "output", "outputQuantityList": "output",
}


def identifiers_of(event: dict) -> list[tuple[str, str, str | None]]:
    """What a normalised event names, as (role, value, qualifier) rows without repeats.

    Quantity elements give their epcClass under the role of their list; business transactions,
    sources and destinations carry their type as the qualifier.
    """
    rows: list[tuple[str, str, str | None]] = []

    def add(row):
        if row not in rows:
            rows.append(row)

    if event.get("parentID"):
        add(("parent", event["parentID"], None))
    for key, role in _ROLE_OF_LIST.items():
        for item in event.get(key) or ():
            value = item.get("epcClass") if isinstance(item, dict) else item
            if value:
                add((role, value, None))
    for key, role, value_key in (("bizTransactionList", "biz_transaction", "bizTransaction"),
                                 ("sourceList", "source", "source"),
                                 ("destinationList", "destination", "destination")):
        for item in event.get(key) or ():
            add((role, item[value_key], item.get("type")))
    return rows
