"""A verified logistics firm with a dock-door read point and a reader whose antenna 1 is bound to it."""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from logistics.identifiers import sgtin
from logistics.readers import services
from tests.builders import owner_of

DOCK = "urn:epc:id:sgln:0614141.00777.0"
YARD = "urn:epc:id:sgln:0614141.00777.1"
T0 = datetime(2026, 8, 13, 1, 14, 28, tzinfo=timezone.utc)


def case_hex(serial):
    """EPC hex of a case of rice (SGTIN-96)."""
    return sgtin("80614141123458", str(serial), 7, filter=3).hex


def case_uri(serial):
    return sgtin("80614141123458", str(serial), 7).pure_identity_uri


def at(seconds):
    return T0 + timedelta(seconds=seconds)


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def generic(*reads):
    """A generic batch of ``(hex, antenna, seconds after T0)`` reads."""
    return {"reader_id": "dock-1", "reads": [
        {"epc": hexed, "antenna": antenna, "rssi": -55.5, "timestamp": iso(at(seconds))}
        for hexed, antenna, seconds in reads]}


@dataclass
class Firm:
    enterprise: object
    owner: object
    dock: object
    reader: object
    token: str


@pytest.fixture
def firm(world):
    enterprise = world.enterprise(kinds=("logistics",))
    owner = owner_of(enterprise)
    dock = services.register_read_point(owner, enterprise, name="Dock door 3", sgln=DOCK, biz_step="shipping",
                                        disposition="in_transit", biz_location=YARD)
    reader, token = services.register_reader(owner, enterprise, name="Dock FX9600", model="Zebra FX9600")
    services.bind_antenna(owner, enterprise, reader.public_id, 1, dock.public_id)
    return Firm(enterprise, owner, dock, reader, token)
