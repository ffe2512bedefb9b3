"""Full re-scoring runs: every enterprise scored again with one model version, batch by batch.

Each batch commits with the run's counters, so the run's page (and the API) shows its progress
while it works; old snapshots are never touched. A run started from the web or the API works in a
background thread of that process with its own application context; ``binhai credit rescore`` runs
it in the foreground with a progress bar.
"""
import logging
import threading

from flask_babel import gettext as _
from sqlalchemy import func, select

from credit.grading import services
from credit.grading.models import RescoreRun
from marketplace.accounts.models import Enterprise
from marketplace.audit import services as audit
from marketplace.database import transaction, utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db

log = logging.getLogger(__name__)


def start_run(model_version=None, actor=None):
    """Open a full re-score of every verified enterprise with ``model_version`` (default: the current model).

    Only opens the run (its total counted now); ``execute_run`` does the work, batch by batch.
    :raise NotFound: if no model version has that name.
    """
    with transaction() as session:
        in_use = services.model_named(model_version) if model_version else services.current_model()
        total = session.scalar(select(func.count()).select_from(Enterprise).where(services.ever_verified()))
        run = RescoreRun(model_version=in_use.version, started_by_id=actor.id if actor is not None else None,
                         started_at=utcnow(), total=total, done=0, changed=0, transitions={})
        session.add(run)
        session.flush()
        audit.record("credit.rescore_started", actor=actor.public_id if actor is not None else None,
                     target=run.public_id, after={"model_version": run.model_version, "total": total})
        return run


def execute_run(run_id, batch_size=500, progress=None):
    """Re-score everyone in batches of ``batch_size``, committing each; ``progress(n)`` hears of each batch.

    Each batch reads its enterprises' facts at once (``facts_for_many``) and writes new snapshots;
    old ones stay. A failure marks the run failed (batches already committed stay) and is raised.
    """
    last_id = 0
    try:
        while True:
            with transaction() as session:
                run = session.get(RescoreRun, run_id)
                enterprises = session.scalars(select(Enterprise).where(services.ever_verified(), Enterprise.id > last_id)
                                              .order_by(Enterprise.id).limit(batch_size)).all()
                if not enterprises:
                    break
                in_use = services.model_named(run.model_version)
                _record(run, services.rescore_many(enterprises, in_use, run), len(enterprises))
                last_id = enterprises[-1].id
            if progress is not None:
                progress(len(enterprises))
    except Exception:
        with transaction() as session:
            failed = session.get(RescoreRun, run_id)
            failed.status, failed.finished_at = "failed", utcnow()
        raise
    with transaction() as session:
        run = session.get(RescoreRun, run_id)
        run.status, run.finished_at = "finished", utcnow()
        audit.record("credit.rescore_finished", target=run.public_id,
                     after={"model_version": run.model_version, "done": run.done, "changed": run.changed,
                            "transitions": run.transitions})
        return run


def run_named(public_id):
    """The run with public id ``public_id``. :raise NotFound: if there is none."""
    with transaction() as session:
        run = session.scalar(select(RescoreRun).where(RescoreRun.public_id == public_id))
        if run is None:
            raise NotFound(_("There is no such re-scoring run."))
        return run


def recent_runs(limit=20):
    with transaction() as session:
        return session.scalars(select(RescoreRun).order_by(RescoreRun.id.desc()).limit(limit)).all()


def _record(run, changes, count):
    """Add a batch's count and grade changes to the run's counters."""
    transitions = dict(run.transitions or {})
    for before, after in changes:
        transitions[f"{before}>{after}"] = transitions.get(f"{before}>{after}", 0) + 1
    run.done += count
    run.changed += len(changes)
    run.transitions = transitions


def start_in_background(app, run_id):
    """Work through the run in a daemon thread named after it; :return: the thread."""
    thread = threading.Thread(target=_work, args=(app, run_id), name=f"credit-rescore-{run_id}", daemon=True)
    thread.start()
    return thread


def _work(app, run_id):
    with app.app_context():
        try:
            execute_run(run_id)
        except Exception:
            log.exception("credit re-scoring run %s failed", run_id)
        finally:
            db.session.remove()
