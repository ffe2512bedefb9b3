"""The live path: the outbox consumer "surveillance" and the periodic job that runs it.

Each pass drains the market's events (orders placed, cancelled and amended, trades, bids,
contracts, catalog orders, payments, shipments); when any arrived, every active rule version runs
over the last ``LOOKBACK`` of stored history, so a detector judging a window (a cancellation within
seconds of a fill, a ring closing within days) sees it whole. Alerts are unique by fingerprint, so
rescanning the same rows raises nothing twice; a sweep every ``SWEEP`` scans even when no event came,
which also catches up a scan that failed after its events were drained.
"""
import logging
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.outbox import drain_in_batches
from marketplace.oversight.surveillance import alerts, evaluation, history, services
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)

CONSUMER = "surveillance"
TOPICS = ("floor_order.placed", "floor_order.cancelled", "floor_order.amended", "trade.executed",
          "auction.bid_placed", "auction.closed", "contract.awaiting_payment", "order.awaiting_payment",
          "payment.captured", "payment.refunded", "shipment.picked_up", "shipment.delivered", "escrow.delivered")
LOOKBACK = timedelta(hours=24)
SWEEP = timedelta(minutes=10)
INTERVAL_SECONDS = 5


def scan(start, end, floor=None, source="live"):
    """Run every active rule version over ``[start, end)`` and raise what it finds; :return: the alerts raised."""
    events, context = history.load(start, end, floor)
    modules = services.detector_modules()
    raised = []
    for version in services.active_versions():
        try:
            judged = evaluation.run_version(modules[version.rule.detector], version.parameters,
                                            version.floor_overrides, events, context)
        except Exception:  # one faulty detector must not silence the others
            log.exception("surveillance rule %s failed on %s – %s", version.label, start, end)
            continue
        raised += alerts.raise_alerts(version, judged, source)
    return raised


def react(now=None, batch_size=500):
    """Drain the consumer's events; scan the lookback window when any came. :return: (events handled, alerts raised)."""
    handled = drain_in_batches(CONSUMER, TOPICS, lambda events: None, batch_size)
    if not handled:
        return 0, []
    now = now or utcnow()
    return handled, scan(now - LOOKBACK, now)


class SurveillanceJobs(PeriodicJob):
    """``react`` every few seconds, and a full sweep of the lookback window every ``SWEEP``."""

    thread_name = "surveillance-jobs"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)
        self.last_sweep = None

    def run_once(self):
        """One pass; :return: how many alerts it raised."""
        with self.app.app_context():
            try:
                now = utcnow()
                handled, raised = react(now)
                if not handled and (self.last_sweep is None or now - self.last_sweep >= SWEEP):
                    raised = scan(now - LOOKBACK, now, source="scan")
                    self.last_sweep = now
                return len(raised)
            except SQLAlchemyError as error:
                log.warning("surveillance waits: %s", error)
                db.session.rollback()
                return 0
