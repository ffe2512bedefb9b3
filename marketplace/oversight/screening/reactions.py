"""Screening follows the credit file: a licence recorded (or corrected) for a seller screens its listings again,
so an unlicensed-chemical flag lifts by itself once the licence is on file.

The outbox consumer "screening" reads ``credit.entry_recorded``; screening again is idempotent, so an
event handled twice changes nothing. The periodic job runs it in ``binhai serve`` and ``binhai worker``.
"""
import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.accounts.models import Enterprise
from marketplace.extensions import db
from marketplace.outbox import drain
from marketplace.oversight.screening import services
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)

CONSUMER = "screening"
TOPICS = ("credit.entry_recorded",)
INTERVAL_SECONDS = 5


def _rescreen_licensee(event):
    if event.payload.get("kind") != "licence":
        return
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.public_id == event.payload.get("enterprise")))
    if enterprise is not None:
        services.rescreen_enterprise(enterprise)


def react(batch_size=100):
    """Screen again the listings of every seller whose licence was recorded since the last pass. :return: events."""
    return drain(CONSUMER, TOPICS, _rescreen_licensee, batch_size)


class ScreeningReactions(PeriodicJob):
    thread_name = "screening-reactions"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        with self.app.app_context():
            try:
                return react()
            except SQLAlchemyError as error:
                log.warning("screening reactions wait: %s", error)
                db.session.rollback()
                return 0
