"""Filings and answers racing each other: the entry's (or the objection's) row lock lets exactly one through."""
import pytest
from sqlalchemy import func, select

from credit.objections import services
from credit.objections.models import Objection
from marketplace.accounts.models import Enterprise, User
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.concurrency import all_at_once

pytestmark = pytest.mark.postgres_only


def test_two_objections_to_one_entry_at_once_make_one(app, penalised):
    enterprise, owner, entry = penalised
    enterprise_id, owner_id, entry_id = enterprise.id, owner.id, entry.public_id

    def work(number):
        try:
            return services.file_objection(db.session.get(User, owner_id), db.session.get(Enterprise, enterprise_id),
                                           entry_id, f"异议 {number}") and "filed"
        except InvalidInput:
            return "refused"

    assert sorted(all_at_once(app, 3, work)) == ["filed", "refused", "refused"]
    assert db.session.scalar(select(func.count(Objection.id))) == 1


def test_two_answers_at_once_answer_once(app, world, penalised):
    enterprise, owner, entry = penalised
    objection_id = services.file_objection(owner, enterprise, entry.public_id, "异议").public_id
    operator_ids = [world.operator().id, world.operator().id]

    def work(number):
        try:
            return services.answer_objection(db.session.get(User, operator_ids[number]), objection_id,
                                             ("kept", "removed")[number], "理由") and "answered"
        except InvalidInput:
            return "refused"

    assert sorted(all_at_once(app, 2, work)) == ["answered", "refused"]
