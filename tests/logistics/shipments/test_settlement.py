"""Settlement follows the shipment: picked up marks the deal shipped, a read at the buyer's dock opens the
inspection window once, however often the consumer runs and however many reads arrive."""
from sqlalchemy import func, select

from logistics.shipments import progress, services
from marketplace.database import transaction
from marketplace.escrow import reactions
from marketplace.escrow import services as escrow
from marketplace.escrow.models import Delivery
from marketplace.extensions import db
from marketplace.outbox import OutboxConsumption
from marketplace.payments.jobs import SettlementJobs
from tests.builders import owner_of
from tests.logistics.shipments.conftest import read_point, sighting
from tests.logistics.shipments.test_services import port_event
from tests.settlement.fixtures import pay_in_full


def test_picked_up_then_read_at_the_dock_opens_the_inspection_window_once(app, shipment, contract, buyer, seller,
                                                                          carrier):
    pay_in_full(buyer, contract.public_id)
    services.record_port_event(owner_of(carrier), carrier, port_event("GTOT"), shipment.public_id)
    reactions.react()
    assert escrow.escrow_of(contract.public_id).status == "shipped"

    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    for _ in range(2):
        seen = sighting(dock)
        with transaction():
            progress.on_sighting(seen, dock, None)
        SettlementJobs(app).settle()
        reactions.react()

    deal = escrow.escrow_of(contract.public_id)
    db.session.refresh(deal)
    assert deal.status == "delivered"
    assert [(d.source, d.reference, d.quantity) for d in deal.deliveries] == [("rfid", shipment.public_id,
                                                                               deal.quantity)]
    assert deal.deliveries[0].inspection_ends_at > deal.deliveries[0].delivered_at


def test_a_delivery_already_confirmed_for_the_shipment_is_not_confirmed_again(shipment, contract, buyer):
    pay_in_full(buyer, contract.public_id)
    services.confirm_delivery(owner_of(buyer), buyer, shipment.public_id)
    reactions.react()
    # The consumption is lost (say, a restore from backup): the Delivery's reference still says it is done.
    db.session.execute(OutboxConsumption.__table__.delete())
    db.session.commit()
    reactions.react()
    deal = escrow.escrow_of(contract.public_id)
    assert [(d.source, d.reference) for d in deal.deliveries] == [("buyer", shipment.public_id)]
    assert deal.status == "delivered"


def test_a_deal_not_paid_is_left_as_it_is(shipment, contract, carrier):
    services.record_port_event(owner_of(carrier), carrier, port_event("GTOT"), shipment.public_id)
    assert reactions.react() == 1
    assert escrow.escrow_of(contract.public_id).status == "awaiting_payment"
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0
