"""Re-scoring one enterprise: the snapshot it writes, the standing, and the grade-change event."""
from sqlalchemy import select

from credit.grading import services
from credit.grading.models import CreditStanding, ScoreSnapshot
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.credit.grading.helpers import good_payer, late_payer


def _grade_events():
    return db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "credit.grade_changed")).all()


def test_a_new_enterprise_has_the_neutral_grade_before_and_after_its_first_scoring(world, conduct):
    enterprise = world.enterprise()
    assert services.grade_of(enterprise) == "BBB"
    assert services.standing_of(enterprise) is None

    with transaction():
        snapshot = services.rescore(enterprise, "verified")

    assert snapshot.grade == "BBB" and snapshot.model_version == "2026.1"
    assert [r["code"] for r in snapshot.reasons] == ["NEW_NO_HISTORY"]
    assert services.standing_of(enterprise).snapshot_id == snapshot.id
    assert _grade_events() == []


def test_late_payments_lower_the_grade_write_a_snapshot_and_announce_it_once(world, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)

    with transaction():
        snapshot = services.rescore(enterprise, "fact")
    with transaction():
        again = services.rescore(enterprise, "fact")

    standing = services.standing_of(enterprise)
    assert standing.grade == services.grade_of(enterprise) == snapshot.grade
    assert standing.grade in ("BB", "B", "CCC")
    assert standing.snapshot_id == again.id and again.previous_grade == snapshot.grade
    assert standing.grade_since == snapshot.as_of
    late = next(r for r in snapshot.reasons if r["code"] == "PAYMENTS_LATE")
    assert "payments late by 25.0 days on average" in late["text_en"]
    assert "付款平均逾期" in late["text_zh"]
    assert late["references"] == ["ct_late0", "ct_late1", "ct_late2"]
    assert snapshot.inputs["payments"][0]["reference"] == "ct_late0"
    events = _grade_events()
    assert len(events) == 1
    assert events[0].payload["from"] == "BBB" and events[0].payload["to"] == standing.grade
    assert events[0].payload["enterprise"] == enterprise.public_id
    assert events[0].payload["reasons"][0]["code"] == "PAYMENTS_LATE"


def test_old_snapshots_are_kept_when_the_grade_recovers(world, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)
    with transaction():
        low = services.rescore(enterprise, "fact")
    conduct[enterprise.id] = good_payer()
    with transaction():
        high = services.rescore(enterprise, "objection")

    assert high.grade != low.grade and high.previous_grade == low.grade
    rows = db.session.scalars(select(ScoreSnapshot).order_by(ScoreSnapshot.id)).all()
    assert [(r.id, r.grade) for r in rows] == [(low.id, low.grade), (high.id, high.grade)]
    assert [e.payload["to"] for e in _grade_events()] == [low.grade, high.grade]
    assert db.session.scalar(select(CreditStanding.grade_since)) == high.as_of


def test_a_rescoring_that_fails_with_its_callers_transaction_leaves_nothing(world, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)
    try:
        with transaction():
            services.rescore(enterprise, "fact")
            raise RuntimeError("the caller's own work failed")
    except RuntimeError:
        pass
    assert services.standing_of(enterprise) is None
    assert db.session.scalars(select(ScoreSnapshot)).all() == [] and _grade_events() == []
