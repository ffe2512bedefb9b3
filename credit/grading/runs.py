"""Running a full re-score away from the request that started it: a thread with its own app context.

The run's counters are committed batch by batch, so its page (and the API) shows the progress while
the thread works; a failure marks the run failed and is logged.
"""
import logging
import threading

from credit.grading import services
from marketplace.extensions import db

log = logging.getLogger(__name__)


def start_in_background(app, run_id):
    """Work through the run in a daemon thread named after it; :return: the thread."""
    thread = threading.Thread(target=_work, args=(app, run_id), name=f"credit-rescore-{run_id}", daemon=True)
    thread.start()
    return thread


def _work(app, run_id):
    with app.app_context():
        try:
            services.execute_run(run_id)
        except Exception:
            log.exception("credit re-scoring run %s failed", run_id)
        finally:
            db.session.remove()
