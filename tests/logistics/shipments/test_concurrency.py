"""Two reads of the pallet at the buyer's dock at the same instant deliver the shipment once."""
import pytest
from sqlalchemy import select

from logistics.readers.models import ReadPoint, Sighting
from logistics.shipments import progress, services
from logistics.shipments.models import Shipment, ShipmentStatusChange
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.logistics.shipments.conftest import read_point, sighting

pytestmark = pytest.mark.postgres_only


def test_two_racing_reads_at_the_dock_deliver_once(app, shipment, buyer):
    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    sightings = [sighting(dock).id, sighting(dock).id]

    def read(number):
        with transaction():
            progress.on_sighting(db.session.get(Sighting, sightings[number]), db.session.get(ReadPoint, dock.id),
                                 None)

    all_at_once(app, 2, read)

    assert db.session.get(Shipment, shipment.id).status == "delivered"
    assert len(db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "shipment.delivered")).all()) == 1
    assert db.session.scalars(select(ShipmentStatusChange.to_status).where(
        ShipmentStatusChange.shipment_id == shipment.id)).all() == ["booked", "delivered"]
