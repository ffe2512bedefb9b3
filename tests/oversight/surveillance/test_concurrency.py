"""Under concurrent requests (PostgreSQL): one approval of a draft, one active version per rule, each alert once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.oversight.surveillance import live, services
from marketplace.oversight.surveillance.models import SurveillanceAlert, SurveillanceRuleVersion
from tests.concurrency import all_at_once

pytestmark = pytest.mark.postgres_only


def attempt(step):
    try:
        step()
    except DomainError as refusal:
        return type(refusal).__name__
    return "done"


def user(user_id):
    """The user loaded in the calling thread's own session (objects never cross threads)."""
    return db.session.get(User, user_id)


def test_two_regulators_approving_one_draft_at_once_approve_it_once(app, world, author):
    draft_id = services.draft_version(author, "wash_trades", {"parameters": {"min_trades": 2}}).public_id
    checkers = [world.regulator().id, world.regulator().id]
    outcomes = all_at_once(app, 2, lambda n: attempt(lambda: services.approve_version(user(checkers[n]), draft_id)))
    assert sorted(outcomes) == ["DomainError", "done"]


def test_activating_two_versions_at_once_leaves_one_active(app, author, approver):
    drafts = [services.draft_version(author, "wash_trades", {"parameters": {"min_trades": n + 2}}) for n in range(2)]
    for draft in drafts:
        services.approve_version(approver, draft.public_id)
    ids, rule_id, approver_id = [draft.public_id for draft in drafts], drafts[0].rule_id, approver.id
    all_at_once(app, 2, lambda n: services.activate_version(user(approver_id), ids[n]))
    db.session.expire_all()
    active = db.session.scalar(select(func.count()).select_from(SurveillanceRuleVersion).where(
        SurveillanceRuleVersion.status == "active", SurveillanceRuleVersion.rule_id == rule_id))
    assert active == 1


def test_two_scans_at_once_raise_each_alert_once(app, wash_pair):
    services.ensure_builtin_rules()
    now = utcnow()
    all_at_once(app, 2, lambda n: live.scan(now - timedelta(hours=1), now + timedelta(minutes=1)))
    assert db.session.scalar(select(func.count()).select_from(SurveillanceAlert)) == 1
