"""The credit domain's background work, one pass every few seconds.

Facts from domain events are recorded (and their enterprise re-scored) first, then the grade
changes and new entries that produced are told to the enterprise and its watchers, then webhooks
due are sent. Every step is idempotent, so several processes may run it.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from credit.file import reactions as facts
from credit.reports import services as reports
from credit.watchlists import delivery, reactions as news
from marketplace.extensions import db
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 2


class CreditJobs(PeriodicJob):
    thread_name = "credit-jobs"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        """One pass; :return: (events turned into facts, events told, webhooks sent)."""
        with self.app.app_context():
            try:
                reports.render_pending()
                return facts.react(), news.react(), delivery.deliver_due()
            except SQLAlchemyError as error:
                log.warning("credit jobs wait: %s", error)
                db.session.rollback()
                return 0, 0, 0
