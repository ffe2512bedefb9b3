"""Several re-scorings of one enterprise at the same instant leave one standing that tells a consistent story."""
import threading

import pytest
from sqlalchemy import select

from credit.grading import services
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
