"""The document renderer: turns settlement events into documents and renders them, off the request path.

It consumes the outbox like the search indexer: an event is marked handled in the transaction that
requested its documents, so a crash requests them again (``request`` finds them). Rendering then
takes each queued document in a transaction of its own. It runs as a daemon thread of ``binhai
serve`` and in ``binhai worker``; several at once are harmless (one drainer at a time on
PostgreSQL, and a document being rendered is skipped by the others).
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from marketplace.documents import services
from marketplace.documents.rendering import FontMissing
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace import outbox
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)

CONSUMER = "documents"
BATCH_SIZE = 100
INTERVAL_SECONDS = 2.0
RENDERS_PER_PASS = 10
TOPICS = ("contract.awaiting_payment", "order.awaiting_payment", "payment.captured", "escrow.released",
          "escrow.resolved", "payout.paid")


def wanted(topic, aggregate_id, payload):
    """``[(kind, subject)]``: the documents an event calls for."""
    if topic in ("contract.awaiting_payment", "order.awaiting_payment"):
        return [(services.SALES_CONTRACT, aggregate_id)]
    if topic == "payment.captured":
        return [(services.PAYMENT_RECEIPT, aggregate_id), (services.INVOICE, aggregate_id)]
    if topic == "escrow.released":
        return [(services.PAYOUT_STATEMENT, payload["delivery"])] if payload.get("gross_minor") else []
    if topic == "escrow.resolved":  # a dispute decided: a statement if something was released to the seller
        return [(services.PAYOUT_STATEMENT, aggregate_id)]
    if topic == "payout.paid":
        return [(services.PAYOUT_STATEMENT, aggregate_id)]
    return []


def request_from_events(batch_size=BATCH_SIZE):
    """Request the documents of every event not handled yet, oldest first. :return: events handled."""
    return outbox.drain_in_batches(CONSUMER, TOPICS, _request_documents, batch_size)


def _request_documents(events):
    for event in events:
        for kind, subject in wanted(event.topic, event.aggregate_id, event.payload or {}):
            try:
                services.request(kind, subject)
            except NotFound:
                log.warning("no %s for event %s (%s): %s is gone", kind, event.id, event.topic, subject)


def catch_up(renders=RENDERS_PER_PASS):
    """One pass: request what new events call for, then render up to ``renders`` documents."""
    request_from_events()
    return services.render_pending(renders)


class DocumentRenderer(PeriodicJob):
    """Runs ``catch_up`` every ``interval`` seconds inside a request to PUBLIC_URL (templates expect one).

    A database not reachable yet, or the font missing, is logged and the pass tried again later;
    no document loses an attempt to it.
    """

    thread_name = "document-renderer"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        with self.app.test_request_context(base_url=self.app.config["PUBLIC_URL"]):
            try:
                catch_up()
            except FontMissing as missing:
                log.error("documents wait: %s", missing)
                db.session.rollback()
            except SQLAlchemyError as error:
                log.warning("documents wait: %s", error)
                db.session.rollback()
