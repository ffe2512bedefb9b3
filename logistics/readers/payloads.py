"""Parsing of raw RFID read payloads into :class:`RawRead` values.

Pure module: no Flask, no database. Every parser takes the *decoded* JSON body and either
returns a list of reads or raises :class:`BadPayload` listing every bad row at once (nothing is
accepted when anything is bad). Reads may be late or out of order; no ordering is assumed and the
event time of a read is the time the reader saw the tag.

Shapes accepted (after /work/shared/STANDARDS.md, "Reader payloads"):

``generic`` -- our own JSON batch::

    {"reader_id": "dock-1",            # optional, may be null
     "reads": [{"epc": "3034...", "antenna": 1, "rssi": -55.5,
                "timestamp": "2026-08-13T09:14:28.651Z"}, ...]}

  ``rssi`` is in dBm and optional; a row may carry its own ``reader_id`` overriding the batch's.
  Error paths look like ``reads.3.timestamp``.

``zebra`` -- Zebra IoT Connector data events, one object or a list of them (HTTP batches)::

    {"data": {"idHex": "...", "antenna": 1, "peakRssi": -34, "channel": 866.3, "reads": 1},
     "timestamp": "2026-08-13T09:14:28.651+0000", "type": "CUSTOM", "hostName": "fx9600"}

  ``peakRssi`` is in dBm (optional); offsets may lack the colon; ``hostName`` (optional, top
  level or in ``data``) becomes ``reader_id``. Error paths look like ``3.data.idHex`` (or
  ``data.idHex`` for a single object).

``impinj`` -- Impinj IoT device interface events, one object or a list of them::

    {"timestamp": "...Z", "eventType": "tagInventory", "hostname": "impinj-12-34-56",
     "tagInventoryEvent": {"epcHex": "...", "antennaPort": 1, "peakRssiCdbm": -5234,
                           "lastSeenTime": "...Z"}}

  ``epc`` (base64) may come instead of ``epcHex``; RSSI is centi-dBm (divided by 100); the read
  time is ``lastSeenTime`` when present, else the event ``timestamp``. Events of another
  ``eventType`` (keepalives, antenna status ...) are skipped, not errors. Error paths look like
  ``3.tagInventoryEvent.epcHex``.

Common rules: EPC hex is normalised to upper case without spaces and must be non-empty hex with a
whole number of bytes; antennas are integers >= 1; timestamps are ISO 8601 with ``Z`` or an
offset (naive times are refused) and are returned as aware UTC datetimes; fractions beyond
microseconds are truncated; RSSI is a :class:`~decimal.Decimal` in dBm (never a float).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from logistics.messages import message, said

__all__ = ["RawRead", "BadPayload", "FORMATS", "parse", "parse_generic", "parse_zebra", "parse_impinj"]


@dataclass(frozen=True)
class RawRead:
    epc_hex: str
    antenna: int
    rssi_dbm: Decimal | None
    read_at: datetime
    reader_id: str | None = None


class BadPayload(ValueError):
    """The payload is refused; ``errors`` maps an index path (``reads.3.timestamp``) to a message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())))


def _join(*parts: Any) -> str:
    return ".".join(str(p) for p in parts if p != "")


# ----------------------------------------------------------------------------- field parsers

_HEX = re.compile(r"^[0-9A-F]+$")
_ISO = re.compile(
    r"^(?P<main>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)"
    r"(?:[.,](?P<frac>\d+))?"
    r"(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)


def _epc_hex(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(message("must be a hex string"))
    hexed = re.sub(r"\s+", "", value).upper()
    if not hexed:
        raise ValueError(message("is empty"))
    if not _HEX.match(hexed):
        raise ValueError(message("is not hexadecimal"))
    if len(hexed) % 2:
        raise ValueError(message("has an odd number of hex digits"))
    return hexed


def _epc_base64(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(message("must be a non-empty base64 string"))
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(message("is not valid base64")) from None
    if not raw:
        raise ValueError(message("is empty"))
    return raw.hex().upper()


def _antenna(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(message("must be an integer"))
    if value < 1:
        raise ValueError(message("must be 1 or more"))
    return value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(message("must be a number"))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(message("must be a number")) from None
    if not number.is_finite():
        raise ValueError(message("must be a finite number"))
    return number


def _timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(message("must be an ISO 8601 string"))
    match = _ISO.match(value.strip())
    if not match:
        raise ValueError(message("is not an ISO 8601 date-time"))
    if not match["tz"]:
        raise ValueError(message("has no time zone (use Z or an offset)"))
    tz = match["tz"]
    if tz in ("Z", "z"):
        tz = "+00:00"
    elif len(tz) == 3:
        tz += ":00"
    elif ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    frac = f".{match['frac'][:6].ljust(6, '0')}" if match["frac"] else ""
    try:
        parsed = datetime.fromisoformat(match["main"].replace(" ", "T") + frac + tz)
    except ValueError as exc:
        raise ValueError(message("is not a valid date-time (%(reason)s)", reason=str(exc))) from None
    return parsed.astimezone(timezone.utc)


def _reader_id(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(message("must be a non-empty string or null"))
    return value.strip()


class _Row:
    """Collects field errors for one row under a path prefix."""

    def __init__(self, prefix: str, errors: dict[str, str]):
        self.prefix = prefix
        self.errors = errors
        self.ok = True

    def field(self, obj: Any, key: str, conv: Callable[[Any], Any], *, required: bool = True,
              where: str = "") -> Any:
        path = _join(self.prefix, where, key)
        if not isinstance(obj, dict) or key not in obj or (obj[key] is None and required):
            if required:
                self.errors[path] = message("is required")
                self.ok = False
            return None
        if obj[key] is None:
            return None
        try:
            return conv(obj[key])
        except ValueError as exc:
            self.errors[path] = said(exc)
            self.ok = False
            return None


def _items(body: Any, errors: dict[str, str]) -> list[tuple[str, Any]]:
    """A single event object or a list of them, as (path prefix, event) pairs."""
    if isinstance(body, dict):
        return [("", body)]
    if isinstance(body, list):
        return [(str(i), item) for i, item in enumerate(body)]
    errors[""] = message("must be a JSON object or a list of objects")
    return []


def _object(row: _Row, obj: Any, where: str = "") -> bool:
    if not isinstance(obj, dict):
        row.errors[_join(row.prefix, where) or "$"] = message("must be an object")
        row.ok = False
        return False
    return True


# ----------------------------------------------------------------------------- formats


def parse_generic(body: Any) -> list[RawRead]:
    errors: dict[str, str] = {}
    if not isinstance(body, dict):
        raise BadPayload({"$": message("must be an object with a 'reads' list")})
    batch = _Row("", errors)
    reader = batch.field(body, "reader_id", _reader_id, required=False)
    rows = body.get("reads")
    if not isinstance(rows, list):
        errors["reads"] = message("must be a list")
        raise BadPayload(errors)
    reads: list[RawRead] = []
    for i, item in enumerate(rows):
        row = _Row(f"reads.{i}", errors)
        if not _object(row, item):
            continue
        epc = row.field(item, "epc", _epc_hex)
        antenna = row.field(item, "antenna", _antenna)
        rssi = row.field(item, "rssi", _decimal, required=False)
        at = row.field(item, "timestamp", _timestamp)
        own_reader = row.field(item, "reader_id", _reader_id, required=False)
        if row.ok:
            reads.append(RawRead(epc, antenna, rssi, at, own_reader or reader))
    if errors:
        raise BadPayload(errors)
    return reads


def parse_zebra(body: Any) -> list[RawRead]:
    errors: dict[str, str] = {}
    reads: list[RawRead] = []
    for prefix, event in _items(body, errors):
        row = _Row(prefix, errors)
        if not _object(row, event):
            continue
        data = event.get("data")
        if not isinstance(data, dict):
            errors[_join(prefix, "data")] = message("must be an object")
            continue
        epc = row.field(data, "idHex", _epc_hex, where="data")
        antenna = row.field(data, "antenna", _antenna, where="data")
        rssi = row.field(data, "peakRssi", _decimal, required=False, where="data")
        at = row.field(event, "timestamp", _timestamp)
        reader = row.field(event, "hostName", _reader_id, required=False)
        if reader is None:
            reader = row.field(data, "hostName", _reader_id, required=False, where="data")
        if row.ok:
            reads.append(RawRead(epc, antenna, rssi, at, reader))
    if errors:
        raise BadPayload(errors)
    return reads


def parse_impinj(body: Any) -> list[RawRead]:
    errors: dict[str, str] = {}
    reads: list[RawRead] = []
    for prefix, event in _items(body, errors):
        row = _Row(prefix, errors)
        if not _object(row, event):
            continue
        kind = event.get("eventType", "tagInventory")
        if kind != "tagInventory":
            continue
        tag = event.get("tagInventoryEvent")
        where = "tagInventoryEvent"
        if not isinstance(tag, dict):
            errors[_join(prefix, where)] = message("must be an object")
            continue
        if tag.get("epcHex") is not None:
            epc = row.field(tag, "epcHex", _epc_hex, where=where)
        elif tag.get("epc") is not None:
            epc = row.field(tag, "epc", _epc_base64, where=where)
        else:
            errors[_join(prefix, where, "epcHex")] = message("is required (or base64 'epc')")
            row.ok, epc = False, None
        antenna = row.field(tag, "antennaPort", _antenna, where=where)
        cdbm = row.field(tag, "peakRssiCdbm", _decimal, required=False, where=where)
        if tag.get("lastSeenTime") is not None:
            at = row.field(tag, "lastSeenTime", _timestamp, where=where)
        else:
            at = row.field(event, "timestamp", _timestamp)
        reader = row.field(event, "hostname", _reader_id, required=False)
        if row.ok:
            rssi = None if cdbm is None else cdbm / 100
            reads.append(RawRead(epc, antenna, rssi, at, reader))
    if errors:
        raise BadPayload(errors)
    return reads


FORMATS: dict[str, Callable[[Any], list[RawRead]]] = {
    "generic": parse_generic,
    "zebra": parse_zebra,
    "impinj": parse_impinj,
}


def parse(body: Any, format: str) -> list[RawRead]:
    """Parse ``body`` in ``format`` (``generic``, ``zebra`` or ``impinj``)."""
    try:
        parser = FORMATS[format]
    except KeyError:
        raise BadPayload({"format": message("unknown format %(format)r (one of %(formats)s)",
                                                format=format, formats=", ".join(FORMATS))}) from None
    return parser(body)
