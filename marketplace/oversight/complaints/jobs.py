"""The complaints' background work: mediations past their 45 working days end without agreement.

Checked every few minutes rather than once a day, so a worker started late still ends them the
same Shanghai day; ending is idempotent, so several processes may run it.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.oversight.complaints import services
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 300


class ComplaintClocks(PeriodicJob):
    thread_name = "complaint-clocks"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self, today=None):
        """One pass; :return: the number of mediations ended."""
        with self.app.app_context():
            try:
                return services.end_lapsed_mediations(today)
            except SQLAlchemyError as error:
                log.warning("complaint clocks wait: %s", error)
                db.session.rollback()
                return 0
