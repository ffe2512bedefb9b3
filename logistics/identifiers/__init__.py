"""Identifiers used in logistics: GS1 EPCs (RFID) and transport identifiers.

Pure modules (no Flask, no database).
"""

from logistics.identifiers.epc import (
    Epc,
    MalformedEpc,
    UnknownEpc,
    from_digital_link,
    from_hex,
    from_uri,
    grai,
    gs1_check_digit,
    sgln,
    sgtin,
    sscc,
    to_hex,
    with_filter,
)
from logistics.identifiers.transport import (
    InvalidIdentifier,
    container_number,
    imo_number,
    unlocode,
)

__all__ = [
    "Epc",
    "MalformedEpc",
    "UnknownEpc",
    "InvalidIdentifier",
    "from_digital_link",
    "from_hex",
    "from_uri",
    "grai",
    "gs1_check_digit",
    "sgln",
    "sgtin",
    "sscc",
    "to_hex",
    "with_filter",
    "container_number",
    "imo_number",
    "unlocode",
]
