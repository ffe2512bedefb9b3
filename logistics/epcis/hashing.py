"""The canonical EPCIS event hash (``ni:///sha-256;…?ver=CBV2.0``) that makes capture idempotent.

Pure module (no Flask, no database). The hash comes from GS1's reference algorithm in
``epcis_event_hash_generator``: it ignores key order, list order, eventID, recordTime and the
form a CBV value is written in (bare word, URN or Web URI), so the same event captured twice,
written differently, has one hash. The package resolves the EPCIS JSON-LD context from a copy it
ships with, so hashing works offline.

The package's document loader reads and parses that copy again for every event, and since it
gives the context no cache tag the JSON-LD processor canonicalises the whole context again too
(most of the cost of a hash). :func:`_document_loader` serves the bundled EPCIS context parsed
once per process and tagged ``static``, so the processor resolves it once and reuses it; any
other URL goes to the package's loader as before. The hashes do not change: the context is the
same document either way.

The reference hash also ignores ``errorDeclaration`` (a declaration names the erroneous event
by sharing its hash); :func:`storage_key` adds the declaration back so that storing a
declaration never collides with the event it declares erroneous.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import warnings
from datetime import timezone

from epcis_event_hash_generator import hash_generator, json_to_py
from pyld import jsonld

from logistics.epcis.document import parse_time

__all__ = ["EPCIS_CONTEXT", "event_hash", "storage_key"]

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

_package_loader = jsonld.get_document_loader()  # the one epcis_event_hash_generator installs on import


@functools.cache
def _bundled_context():
    with warnings.catch_warnings():
        # the package opens its bundled JSON-LD context with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        return _package_loader(EPCIS_CONTEXT, {})


def _document_loader(url, options=None):
    """The EPCIS context from the package's copy, parsed once; a fresh copy each call, tagged static so
    the JSON-LD processor keeps its resolved form. Other URLs: the package's loader."""
    if url != EPCIS_CONTEXT:
        return _package_loader(url, options or {})
    return dict(copy.deepcopy(_bundled_context()), tag="static")


jsonld.set_document_loader(_document_loader)


def _prehash(event: dict) -> str:
    event = copy.deepcopy(event)
    extra = event.pop("@context", None)
    context = [EPCIS_CONTEXT]
    if isinstance(extra, list):
        context += [c for c in extra if isinstance(c, dict)]
    elif isinstance(extra, dict):
        context.append(extra)
    document = {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": event.get("eventTime", ""),
        "epcisBody": {"eventList": [event]},
    }
    events = json_to_py.event_list_from_epcis_document_json(document)
    (prehash,) = hash_generator.derive_prehashes_from_events(events)
    return prehash


def _ni(text: str) -> str:
    return "ni:///sha-256;" + hashlib.sha256(text.encode("utf-8")).hexdigest() + "?ver=CBV2.0"


def event_hash(event: dict) -> str:
    """GS1's canonical hash of one EPCIS 2.0 JSON event (errorDeclaration not included)."""
    return _ni(_prehash(event))


def storage_key(event: dict) -> str:
    """The hash under which an event is stored: the canonical hash, or for an error declaration
    the hash of the canonical pre-hash string followed by the declaration's own pre-hash."""
    declaration = event.get("errorDeclaration")
    if not declaration:
        return event_hash(event)
    ids = "".join(sorted(f"correctiveEventID={x}" for x in declaration.get("correctiveEventIDs") or ()))
    stamp = parse_time(declaration["declarationTime"]).astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return _ni(f"{_prehash(event)}errorDeclarationdeclarationTime={stamp}"
               f"reason={declaration.get('reason', '')}{ids}")
