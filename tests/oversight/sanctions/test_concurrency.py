"""Sanctions under concurrent requests on PostgreSQL: approvals racing each other, proposals racing for a number."""
import pytest
from sqlalchemy import func, select

from credit.file.models import OfficialEntry
from marketplace.accounts.models import Enterprise, User
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.oversight.sanctions import services as sanctions
from marketplace.oversight.sanctions.models import Sanction
from marketplace.oversight.sanctions.services import AlreadyDecided
from tests.concurrency import all_at_once

pytestmark = pytest.mark.postgres_only


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_two_approvals_at_once_approve_once(app, world, seller):
    proposed = sanctions.propose(world.regulator(), seller, "trading_suspension", "Spoofing on the steel floor.")
    approvers, public_id = [world.regulator().id, world.regulator().id], proposed.public_id
    db.session.commit()

    def approve(number):
        """Threads must not touch the test's own objects: they get ids and load their own rows."""
        try:
            sanctions.approve(db.session.get(User, approvers[number]), sanctions.sanction_by_public_id(public_id))
        except AlreadyDecided:
            return "refused"
        return "approved"

    results = all_at_once(app, 2, approve)

    assert sorted(results) == ["approved", "refused"]
    assert count(OfficialEntry) == 1 and count(Notification) == 1
    db.session.expire_all()
    assert sanctions.trading_restriction(seller) is not None


def test_proposals_at_once_get_distinct_numbers(app, world, seller):
    regulator_id, enterprise_id = world.regulator().id, seller.id
    db.session.commit()

    def propose(number):
        return sanctions.propose(db.session.get(User, regulator_id), db.session.get(Enterprise, enterprise_id),
                                 "warning", f"Warning {number}.").number

    numbers = all_at_once(app, 4, propose)

    assert len(set(numbers)) == 4 and count(Sanction) == 4
