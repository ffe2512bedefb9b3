"""Several re-scorings of one enterprise at the same instant leave one standing that tells a consistent story."""
import threading

import pytest
from sqlalchemy import select

from credit.grading import runs, services
from credit.grading.models import CreditStanding, ScoreSnapshot
from marketplace.accounts.models import Enterprise
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.concurrency import all_at_once
from tests.credit.grading.helpers import good_payer, late_payer

REQUESTS = 6


@pytest.mark.postgres_only
def test_concurrent_rescorings_serialise_on_the_standing(app, world, conduct):
    enterprise = world.enterprise()
    enterprise_id = enterprise.id
    seen = threading.local()
    conducts = (late_payer(days_late=25), good_payer())
    conduct[enterprise_id] = lambda as_of: conducts[seen.number % 2](as_of)

    def rescore(number):
        seen.number = number
        with transaction():
            return services.rescore(db.session.get(Enterprise, enterprise_id), "fact").id

    all_at_once(app, REQUESTS, rescore)

    snapshots = db.session.scalars(select(ScoreSnapshot).order_by(ScoreSnapshot.id)).all()
    standings = db.session.scalars(select(CreditStanding)).all()
    assert len(snapshots) == REQUESTS and len(standings) == 1
    assert standings[0].snapshot_id == snapshots[-1].id and standings[0].grade == snapshots[-1].grade
    assert snapshots[0].previous_grade is None
    assert [s.previous_grade for s in snapshots[1:]] == [s.grade for s in snapshots[:-1]]
    moves = [(before, after) for before, after in zip(["BBB"] + [s.grade for s in snapshots[:-1]],
                                                      [s.grade for s in snapshots]) if before != after]
    events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "credit.grade_changed")
                                .order_by(OutboxEvent.id)).all()
    assert [(e.payload["from"], e.payload["to"]) for e in events] == moves


@pytest.mark.postgres_only
def test_a_full_run_and_single_rescorings_at_once_leave_every_standing_on_its_newest_snapshot(app, world, conduct):
    enterprises = [world.enterprise() for _ in range(6)]
    for enterprise in enterprises[::2]:
        conduct[enterprise.id] = late_payer(days_late=25)
    ids = [enterprise.id for enterprise in enterprises]
    run_id = runs.start_run().id

    def work(number):
        if number == 0:
            return runs.execute_run(run_id, batch_size=2).done
        for enterprise_id in ids:
            with transaction():
                services.rescore(db.session.get(Enterprise, enterprise_id), "fact")
        return len(ids)

    all_at_once(app, 3, work)

    for enterprise_id in ids:
        snapshots = db.session.scalars(select(ScoreSnapshot).where(ScoreSnapshot.enterprise_id == enterprise_id)
                                       .order_by(ScoreSnapshot.id)).all()
        standing = db.session.get(CreditStanding, enterprise_id)
        assert len(snapshots) == 3 and standing.snapshot_id == snapshots[-1].id
        assert [s.previous_grade for s in snapshots[1:]] == [s.grade for s in snapshots[:-1]]
