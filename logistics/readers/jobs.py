"""The sighting closer: every few seconds, sightings quiet for a whole smoothing window depart (or are
strays). Runs inside ``binhai serve`` and ``binhai worker``; several at once are harmless, since a
close only sets what is not set yet.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError

from logistics.readers import services
from marketplace.extensions import db
from marketplace.periodic import PeriodicJob

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0


class SightingCloser(PeriodicJob):
    thread_name = "sighting-closer"

    def __init__(self, app, interval=INTERVAL_SECONDS):
        super().__init__(app, interval)

    def run_once(self):
        """One pass; a database that is down or not yet migrated is logged and tried again next time."""
        with self.app.app_context():
            try:
                departed, strays = services.close_sightings()
            except SQLAlchemyError as error:
                log.warning("closing sightings waits: %s", error)
                db.session.rollback()
                return
            if departed or strays:
                log.info("closed sightings: %d departed, %d strays", departed, strays)
