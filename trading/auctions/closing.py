"""The closing job: closes every auction whose time has come, every few seconds, until stopped.

It runs as a daemon thread inside ``binhai serve`` (the embedded default; one per server process)
and beside the indexer in ``binhai worker``. Several at once are harmless, since a close is
idempotent under the auction's row lock; and the job being down at a closing time only delays the
close, whose result counts the bids placed before ``closes_at`` whenever it runs. A read of an
overdue auction closes it too, so nobody sees it open meanwhile.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.periodic import PeriodicJob
from trading.auctions import services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0


class AuctionCloser(PeriodicJob):
    """Runs ``close_due_auctions`` every ``interval`` seconds in its own application context."""

    thread_name = "auction-closer"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        self.close_due()

    def close_due(self):
        """One pass; a database that is down or not yet migrated is logged and tried again next time."""
        with self.app.app_context():
            try:
                closed = services.close_due_auctions()
            except SQLAlchemyError as error:
                log.warning("closing auctions waits: %s", error)
                db.session.rollback()
                return []
            if closed:
                log.info("closed %d auction(s): %s", len(closed), ", ".join(closed))
            return closed
