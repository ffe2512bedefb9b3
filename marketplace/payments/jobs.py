"""The settlement job: finishes payments and refunds whose gateway answer was lost, follows shipments
(picked up: shipped; delivered: delivery confirmed, see ``escrow.reactions``), releases
deliveries whose inspection window has passed, and compares the ledger with the gateway once a day.

It runs inside ``binhai serve`` (one per server process) and in ``binhai worker``. Several at once
are harmless: a recovery re-reads the gateway and books under a once-only key, and a release
happens under the escrow's row lock with ``released_at`` checked. A job being down only delays
both; nobody's money is wrong meanwhile.
"""
import logging
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from marketplace.database import utcnow
from marketplace.escrow import reactions
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.payments import reconciliation
from marketplace.payments import services as payments
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 15.0
RECONCILE_EVERY = timedelta(days=1)


class SettlementJobs(PeriodicJob):
    """Runs ``settle`` every ``interval`` seconds in its own application context."""

    thread_name = "settlement-jobs"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        self.settle()
        self.reconcile_when_due()

    def reconcile_when_due(self, now=None):
        """Reconcile when the last run is a day old (or there is none); :return: the new run, or None."""
        with self.app.app_context():
            try:
                last = next(iter(reconciliation.recent_runs(1)), None)
                if last is not None and last.started_at > (now or utcnow()) - RECONCILE_EVERY:
                    return None
                run = reconciliation.reconcile()
            except SQLAlchemyError as error:
                log.warning("reconciliation waits: %s", error)
                db.session.rollback()
                return None
            if run.error or run.differences:
                log.warning("reconciliation %s: %s", run.public_id, run.error or f"{len(run.differences)} differences")
            return run

    def settle(self, now=None):
        """One pass; :return: (payments and refunds looked at, public ids of the deliveries released)."""
        with self.app.app_context():
            recovered = self._recover(now)
            self._follow_shipments()
            return recovered, self._release_due(now)

    def _follow_shipments(self):
        try:
            return reactions.react()
        except SQLAlchemyError as error:
            log.warning("following shipments waits: %s", error)
        except Exception:  # noqa: BLE001 - as in _recover: logged, and the event is handled again next pass
            log.exception("following shipments failed")
        db.session.rollback()
        return 0

    def _recover(self, now):
        try:
            return payments.recover_stuck(now)
        except SQLAlchemyError as error:
            log.warning("payment recovery waits: %s", error)
        except Exception:  # noqa: BLE001 - a bad payment must not end the job's thread; logged and tried next pass
            log.exception("payment recovery failed")
        db.session.rollback()
        return 0

    def _release_due(self, now):
        """Each delivery in a try of its own: one that fails (say, disputed meanwhile) does not hold up the rest."""
        try:
            due = escrow.deliveries_due(now)
        except SQLAlchemyError as error:
            log.warning("releases wait: %s", error)
            db.session.rollback()
            return []
        released = []
        for delivery_id in due:
            try:
                escrow.release_delivery(delivery_id, now=now)
                released.append(delivery_id)
            except Exception:  # noqa: BLE001 - see the docstring; the next pass tries it again
                log.exception("delivery %s could not be released", delivery_id)
                db.session.rollback()
        if released:
            log.info("released %d deliveries: %s", len(released), ", ".join(released))
        return released
