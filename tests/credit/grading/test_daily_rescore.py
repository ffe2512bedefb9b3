"""The credit jobs re-score everyone once a day, so lateness that grows with time alone reaches the grade."""
from datetime import datetime

from sqlalchemy import func, select

from credit.grading.models import RescoreRun
from credit.jobs import CreditJobs
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI


def runs():
    return db.session.scalar(select(func.count()).select_from(RescoreRun))


def at(hour, day=26):
    return datetime(2026, 11, day, hour, 30, tzinfo=SHANGHAI)


def test_everyone_is_rescored_once_a_day_after_the_configured_hour(app, world):
    world.enterprise()
    jobs = CreditJobs(app)

    assert jobs.rescore_when_due(at(1)) is None
    assert runs() == 0

    made = jobs.rescore_when_due(at(3))
    run = db.session.scalar(select(RescoreRun).where(RescoreRun.public_id == made))
    assert run.status == "finished" and run.done == run.total >= 1

    assert jobs.rescore_when_due(at(23)) is None
    assert runs() == 1


def test_the_daily_rescore_can_be_switched_off(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "CREDIT_DAILY_RESCORE_HOUR", None)
    world.enterprise()

    assert CreditJobs(app).rescore_when_due(at(12)) is None
    assert runs() == 0
