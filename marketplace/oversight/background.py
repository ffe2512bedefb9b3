"""Long oversight work off the request path: evidence packages, backtests and PDF reports each run in a
daemon thread of the process, and their pages poll the record the work updates."""
import logging
import threading

from marketplace.extensions import db

log = logging.getLogger(__name__)


def start(app, work, record_id, name, context=None):
    """Run ``work(record_id)`` in a daemon thread called ``name``, inside ``context()`` (default: an application
    context of ``app``). A failure is logged and stops there: the work marks its own record failed. The thread's
    session is removed at the end, so no connection outlives it. :return: the started thread."""
    thread = threading.Thread(target=_run, args=(work, record_id, name, context or app.app_context), name=name,
                              daemon=True)
    thread.start()
    return thread


def _run(work, record_id, name, context):
    with context():
        try:
            work(record_id)
        except Exception:
            log.exception("%s failed", name)
        finally:
            db.session.remove()
