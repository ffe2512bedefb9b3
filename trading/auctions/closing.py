"""The closing job: closes every auction whose time has come, every few seconds, until stopped.

It runs as a daemon thread inside ``binhai serve`` (the embedded default; one per server process)
and beside the indexer in ``binhai worker``. Several at once are harmless, since a close is
idempotent under the auction's row lock; and the job being down at a closing time only delays the
close, whose result counts the bids placed before ``closes_at`` whenever it runs. A read of an
overdue auction closes it too, so nobody sees it open meanwhile.
"""
import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from trading.auctions import services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0


class AuctionCloser:
    """Runs ``close_due_auctions`` every ``interval`` seconds in its own application context."""

    def __init__(self, app, interval=INTERVAL_SECONDS):
        self.app = app
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.run, name="auction-closer", daemon=True)
        self.thread.start()

    def stop(self, timeout=10):
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def run(self):
        while not self.stopped.is_set():
            self.close_due()
            self.stopped.wait(self.interval)

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
