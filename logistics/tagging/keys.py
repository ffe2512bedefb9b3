"""What a person or a scanner hands us as "the thing": an EPC, a Digital Link, a lot, a container.

Pure module (no Flask, no database). Turning a GTIN or SSCC into an EPC needs the length of the
company prefix inside it; the caller passes ``prefix_length(key)``, which answers from the prefixes
enterprises recorded (None when no recorded prefix starts the key).

Lots are class-level identifiers ``urn:epc:class:lgtin:<prefix>.<item ref>.<lot>`` (lot escaped like
an SGTIN-198 serial). Containers without an EPC tag are named by their ISO 6346 number as
``urn:epc:id:bic:<number>`` (the TDS 2.0 BIC scheme), so packing and tracing name them like tags.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import quote, unquote, urlsplit

from epcpy.utils.common import replace_uri_escapes, revert_uri_escapes

from logistics.identifiers import (
    Epc, InvalidIdentifier, MalformedEpc, UnknownEpc, from_hex, from_uri, gs1_check_digit, sgtin, sscc,
)
from logistics.identifiers.epc import DIGITAL_LINK_BASE
from logistics.identifiers.transport import container_number
from logistics.messages import message

CONTAINER_URI = "urn:epc:id:bic:"
LGTIN_URI = "urn:epc:class:lgtin:"

# Filter values a tag gets by what it is on (TDS): a retail item, a case, a pallet, an asset.
FILTERS = {"item": 1, "case": 2, "pallet": 6, "asset": 0}

PrefixLength = Callable[[str], Optional[int]]


@dataclass(frozen=True)
class Identifier:
    """A traceable thing: ``uri`` is the join key stored in EPCIS events (pure identity or class)."""

    uri: str
    kind: str  # sgtin | sscc | grai | sgln | lgtin | container
    gtin: str | None = None
    serial: str | None = None
    lot: str | None = None
    epc: Epc | None = None

    @property
    def digital_link_path(self) -> str | None:
        """The GS1 Digital Link path (``/01/…/21/…``, ``/01/…/10/…``, ``/00/…``), for our resolver."""
        if self.kind == "lgtin":
            return f"/01/{self.gtin}/10/{quote(self.lot, safe='')}"
        if self.epc is not None and self.kind in ("sgtin", "sscc"):
            return self.epc.digital_link[len(DIGITAL_LINK_BASE):]
        return None

    @property
    def container(self) -> str | None:
        return self.uri[len(CONTAINER_URI):] if self.kind == "container" else None


def lgtin(gtin: str, lot: str, company_prefix_length: int) -> str:
    """The class URI of lot ``lot`` of ``gtin`` (check digit verified)."""
    if not isinstance(lot, str) or not lot.strip() or len(lot) > 20:
        raise MalformedEpc(message("a lot number is 1 to 20 characters"))
    epc = sgtin(gtin, "0", company_prefix_length, None)
    return f"{LGTIN_URI}{epc.company_prefix}.{epc.reference}.{revert_uri_escapes(lot.strip())}"


def lot_of_item(item_uri: str, lot: str) -> str:
    """The lot class an SGTIN (pure identity) belongs to when commissioned with lot number ``lot``."""
    company_prefix, reference, _serial = item_uri[len("urn:epc:id:sgtin:"):].split(".", 2)
    return f"{LGTIN_URI}{company_prefix}.{reference}.{revert_uri_escapes(lot)}"


def parse_lgtin(uri: str) -> Identifier:
    """A lot class URI as an Identifier with its GTIN-14 and raw lot number."""
    parts = uri[len(LGTIN_URI):].split(".", 2)
    if not uri.startswith(LGTIN_URI) or len(parts) != 3 or not all(parts) or not (parts[0] + parts[1]).isdigit() \
            or len(parts[0] + parts[1]) != 13:
        raise MalformedEpc(message("%(uri)r is not a lot class URI (urn:epc:class:lgtin:prefix.itemref.lot)", uri=uri))
    body = parts[1][0] + parts[0] + parts[1][1:]
    return Identifier(uri, "lgtin", gtin=body + gs1_check_digit(body), lot=replace_uri_escapes(parts[2]))


def _identified(epc: Epc) -> Identifier:
    gtin = epc.gs1_key if epc.kind == "sgtin" else None
    return Identifier(epc.pure_identity_uri, epc.kind, gtin=gtin, serial=epc.serial, epc=epc)


def _length_for(key_body: str, prefix_length: PrefixLength) -> int:
    length = prefix_length(key_body)
    if length is None:
        raise MalformedEpc(message("no recorded GS1 company prefix starts %(key)s", key=key_body))
    return length


def from_digital_link_path(path: str, prefix_length: PrefixLength) -> Identifier:
    """``/01/<gtin>/21/<serial>``, ``/01/<gtin>/10/<lot>`` or ``/00/<sscc>`` (any host before it)."""
    segments = [unquote(s) for s in path.split("/") if s]
    for i, segment in enumerate(segments):
        if segment in ("01", "00"):
            segments = segments[i:]
            break
    else:
        raise MalformedEpc(message("%(path)r has no GTIN (01) or SSCC (00)", path=path))
    if len(segments) < 2:
        raise MalformedEpc(message("%(path)r: the GS1 key has no value", path=path))
    key, qualifiers = segments[1], dict(zip(segments[2::2], segments[3::2]))
    if not (key.isascii() and key.isdigit()):
        raise MalformedEpc(message("%(key)r must be digits", key=key))
    if segments[0] == "00":
        return _identified(sscc(key, _length_for(key[1:], prefix_length), None))
    gtin14 = key.zfill(14)
    length = _length_for(gtin14[1:], prefix_length)
    if "21" in qualifiers:
        return _identified(sgtin(key, qualifiers["21"], length, None))
    if "10" in qualifiers:
        return parse_lgtin(lgtin(key, qualifiers["10"], length))
    raise MalformedEpc(message("%(path)r names neither a serial (21) nor a lot (10)", path=path))


def identify(text: str, prefix_length: PrefixLength) -> Identifier:
    """Whatever was typed or scanned, as an Identifier; :class:`MalformedEpc` (or another
    ``InvalidIdentifier``) says what is wrong with it.

    Accepts pure-identity and tag URIs, lot class URIs, GS1 Digital Links, EPC hex and ISO 6346
    container numbers (check digit verified).
    """
    if not isinstance(text, str) or not text.strip():
        raise MalformedEpc(message("give an EPC, a GS1 Digital Link, a lot or a container number"))
    value = text.strip()
    lower = value.lower()
    if lower.startswith(CONTAINER_URI):
        return Identifier(CONTAINER_URI + container_number(value[len(CONTAINER_URI):]), "container")
    if lower.startswith(LGTIN_URI):
        return parse_lgtin(value)
    if lower.startswith(("urn:epc:id:", "urn:epc:tag:")):
        return _identified(from_uri(value))
    if lower.startswith(("http://", "https://")):
        return from_digital_link_path(urlsplit(value).path, prefix_length)
    if value.startswith("/"):
        return from_digital_link_path(value, prefix_length)
    if re.fullmatch(r"[A-Za-z]{4}[\s\-]?\d{6}[\s\-]?\d", value):
        return Identifier(CONTAINER_URI + container_number(value), "container")
    decoded = from_hex(value)
    if isinstance(decoded, UnknownEpc):
        raise MalformedEpc(message("EPC header %(header)s is not one we decode (a factory-default tag?)",
                                   header=decoded.header_hex))
    return _identified(decoded)


__all__ = ["Identifier", "InvalidIdentifier", "MalformedEpc", "FILTERS", "CONTAINER_URI", "LGTIN_URI", "identify",
           "from_digital_link_path", "lgtin", "lot_of_item", "parse_lgtin"]
