"""The credit domain's background work, one pass every few seconds.

Facts from domain events are recorded (and their enterprise re-scored) first, then the grade
changes and new entries that produced are told to the enterprise and its watchers, then webhooks
due are sent, and report PDFs asked for are rendered. Every step is idempotent, so several
processes may run it. Once a day everyone is re-scored as well: an unpaid payment grows later and
an entry leaves its publicity window by time alone, with no event to announce it.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from credit.file import reactions as facts
from credit.grading import runs
from credit.reports import services as reports
from credit.watchlists import delivery, reactions as news
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 2


class CreditJobs(PeriodicJob):
    thread_name = "credit-jobs"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run(self):
        while not self.stopped.is_set():
            self.run_once()
            self.rescore_when_due()
            self.stopped.wait(self.interval)

    def run_once(self):
        """One pass; :return: (events turned into facts, events told, webhooks sent)."""
        with self.app.app_context():
            try:
                counts = facts.react(), news.react(), delivery.deliver_due()
                reports.render_pending()
                return counts
            except SQLAlchemyError as error:
                log.warning("credit jobs wait: %s", error)
                db.session.rollback()
                return 0, 0, 0

    def rescore_when_due(self, now=None):
        """The daily full re-score, once the Shanghai day has reached CREDIT_DAILY_RESCORE_HOUR and no run has
        started that day yet (None switches it off). :return: the public id of the run made, or None."""
        hour = self.app.config["CREDIT_DAILY_RESCORE_HOUR"]
        local = (now or utcnow()).astimezone(SHANGHAI)
        if hour is None or local.hour < hour:
            return None
        with self.app.app_context():
            try:
                last = next(iter(runs.recent_runs(1)), None)
                if last is not None and last.started_at.astimezone(SHANGHAI).date() >= local.date():
                    return None
                return runs.execute_run(runs.start_run().id).public_id
            except SQLAlchemyError as error:
                log.warning("the daily credit re-score waits: %s", error)
                db.session.rollback()
                return None
