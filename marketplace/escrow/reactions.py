"""Settlement following logistics: a shipment picked up marks its deal shipped, a shipment delivered
confirms the delivery and opens the inspection window.

An outbox consumer ("escrow-logistics"): each event is handled in its own transaction together with
its consumption record, so a crash handles it again. Handling twice changes nothing: a deal not paid
in full or already shipped is skipped, and a delivery is confirmed only when no Delivery of that
escrow carries the shipment's id as its reference (checked under the escrow's row lock, which
``confirm_delivery`` takes). Several consumers at once are harmless (one drainer at a time on
PostgreSQL).
"""
import logging

from sqlalchemy import exists, select

from marketplace.database import transaction
from marketplace.errors import DomainError
from marketplace.escrow import services
from marketplace.escrow.lifecycle import EscrowStatus
from marketplace.escrow.models import Delivery
from marketplace.extensions import db
from marketplace.outbox import drain

log = logging.getLogger(__name__)

CONSUMER = "escrow-logistics"
TOPICS = ("shipment.picked_up", "shipment.delivered")
BATCH_SIZE = 100


def react(batch_size=BATCH_SIZE):
    """Handle every shipment event not handled yet, oldest first. :return: events handled."""
    return drain(CONSUMER, TOPICS, lambda event: _handle(event.topic, event.payload or {}), batch_size)


def _handle(topic, payload):
    """One event, inside the consumer's transaction; a refusal by the escrow is logged, not retried."""
    escrow = services.escrow_of(payload.get("source_public_id", ""))
    if escrow is None:
        log.info("%s of %s: no escrow for %s", topic, payload.get("shipment"), payload.get("source_public_id"))
        return
    try:
        with transaction():
            if topic == "shipment.picked_up":
                _shipped(escrow, payload)
            else:
                _delivered(escrow, payload)
    except DomainError as refused:
        log.warning("%s of %s left escrow %s as it is: %s", topic, payload.get("shipment"), escrow.public_id,
                    refused)


def _shipped(escrow, payload):
    if escrow.status != EscrowStatus.PAID:
        log.info("shipment %s picked up; escrow %s is %s, not marked shipped", payload.get("shipment"),
                 escrow.public_id, escrow.status)
        return
    services.mark_shipped(None, escrow.seller, escrow.public_id, reference=payload.get("shipment", ""))


def _delivered(escrow, payload):
    reference = payload.get("shipment", "")
    services.locked(escrow.public_id)
    if db.session.scalar(select(exists().where(Delivery.escrow_id == escrow.id, Delivery.reference == reference))):
        return
    if escrow.status == EscrowStatus.PAID:
        services.mark_shipped(None, escrow.seller, escrow.public_id, reference=reference)
    source = "buyer" if payload.get("via") == "buyer" else "rfid"
    services.confirm_delivery(None, escrow.buyer, escrow.public_id, None, source=source, reference=reference)
