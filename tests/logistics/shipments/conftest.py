"""A rebar contract between a seller and a buyer, a verified logistics firm to carry it, the buyer's dock
(a read point) and reads there, made directly (the readers' ingestion is tested on its own)."""
import hashlib
import itertools
from datetime import timedelta

import pytest

from logistics.readers.models import Reader, ReadPoint, Sighting
from logistics.shipments import services
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.settlement.fixtures import steel_contract

CONTAINER = "CSQU3054383"
IMO = "9074729"
PALLET = "urn:epc:id:sscc:6901234.0000000017"
CASE = "urn:epc:id:sgtin:6901234.056789.1"
_numbers = itertools.count(1)


@pytest.fixture
def carrier(world):
    return world.enterprise(kinds=("logistics",))


@pytest.fixture
def contract(ctx, buyer, seller):
    return steel_contract(buyer, seller)


@pytest.fixture
def shipment(contract, seller, carrier):
    """The contract's goods booked with the carrier: a sea leg Tianjin → Singapore in one container, one pallet."""
    booked = services.book(owner_of(seller), seller, "contract", contract.public_id, "天津港", "Singapore",
                           carrier_public_id=carrier.public_id)
    services.add_leg(owner_of(carrier), carrier, booked.public_id, "sea", "Tianjin Port", "Singapore",
                     "CNTXG", "SGSIN", vessel_imo=IMO, vessel_name="COSCO Tianjin", voyage="2611E",
                     container=CONTAINER)
    services.add_unit(owner_of(seller), seller, booked.public_id, "pallet", PALLET, "30 cases of rice")
    return booked


def read_point(enterprise, name="Dock 1", biz_step="receiving", port_event=None, unlocode=None):
    n = next(_numbers)
    point = ReadPoint(enterprise_id=enterprise.id, name=name, sgln=f"urn:epc:id:sgln:6901234.00{n:03d}.0",
                      biz_step=biz_step, port_event=port_event, unlocode=unlocode)
    db.session.add(point)
    db.session.commit()
    return point


def sighting(point, epc=PALLET, when=None):
    """A sighting of ``epc`` at ``point`` by a reader of the point's enterprise (committed, not yet acted on)."""
    n = next(_numbers)
    reader = Reader(enterprise_id=point.enterprise_id, name=f"Reader {n}", token_prefix=f"rdr{n}",
                    token_hash=hashlib.sha256(f"token-{n}".encode()).hexdigest())
    db.session.add(reader)
    db.session.flush()
    when = when or utcnow() - timedelta(minutes=1)
    seen = Sighting(reader_id=reader.id, antenna=1, read_point_id=point.id, epc_hex="", epc_uri=epc,
                    first_seen=when, last_seen=when + timedelta(seconds=3), read_count=5, status="seen")
    db.session.add(seen)
    db.session.commit()
    return seen
