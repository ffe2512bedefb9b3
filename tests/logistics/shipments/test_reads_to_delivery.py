"""From raw reads to settlement: the carrier's reader at the buyer's dock reads the pallet in two batches;
the shipment is delivered once and the escrow's inspection window opens once."""
import json
from datetime import timedelta

from sqlalchemy import select

from logistics.identifiers.epc import from_uri
from logistics.readers import services as readers
from logistics.shipments import services
from logistics.shipments.models import Shipment
from marketplace.database import utcnow
from marketplace.escrow import reactions
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of
from tests.logistics.shipments.conftest import PALLET
from tests.settlement.fixtures import pay_in_full


def batch(epc_hex, start, count=3):
    return json.dumps({"reads": [{"epc": epc_hex, "antenna": 1, "rssi": -50,
                                  "timestamp": (start + timedelta(seconds=n)).isoformat().replace("+00:00", "Z")}
                                 for n in range(count)]}).encode()


def test_reads_at_the_buyers_dock_deliver_once_and_settlement_follows(app, shipment, contract, buyer, carrier):
    pay_in_full(buyer, contract.public_id)
    user = owner_of(carrier)
    dock = readers.register_read_point(user, carrier, name="Buyer's dock", sgln="urn:epc:id:sgln:6901234.00099.0",
                                       biz_step="receiving", disposition="in_progress")
    reader, _token = readers.register_reader(user, carrier, name="Dock reader")
    readers.bind_antenna(user, carrier, reader.public_id, 1, dock.public_id)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)

    pallet = from_uri(PALLET, filter=2).hex
    start = utcnow() - timedelta(minutes=5)
    readers.ingest(reader, batch(pallet, start))
    readers.ingest(reader, batch(pallet, start + timedelta(minutes=2)))
    for _ in range(2):
        reactions.react()

    db.session.expire_all()
    assert db.session.get(Shipment, shipment.id).status == "delivered"
    assert len(db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "shipment.delivered")).all()) == 1
    deal = escrow.escrow_of(contract.public_id)
    assert deal.status == "delivered"
    assert [(d.source, d.reference) for d in deal.deliveries] == [("rfid", shipment.public_id)]
