"""Regulators and filers racing each other: the row lock lets one step through, numbers never collide."""
import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.audit.models import AuditRecord
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.models import Complaint
from tests.concurrency import all_at_once

pytestmark = pytest.mark.postgres_only


def test_two_regulators_accepting_at_once_accept_once(app, world, seller):
    complaint_id = services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单").public_id
    regulator_ids = [world.regulator().id, world.regulator().id]

    def work(number):
        try:
            services.handle(db.session.get(User, regulator_ids[number]), complaint_id,
                            ("accept", "refuse")[number], "理由")
            return "done"
        except InvalidInput:
            return "refused"

    assert sorted(all_at_once(app, 2, work)) == ["done", "refused"]
    steps = db.session.scalars(select(AuditRecord.action).where(AuditRecord.target == complaint_id)).all()
    assert len([step for step in steps if step != "oversight.complaint_filed"]) == 1


def test_reports_filed_at_once_get_distinct_numbers(app, seller):
    seller_public_id = seller.public_id

    def work(number):
        return services.file_report(None, "enterprise", seller_public_id, "fraud", f"刷单 {number}").number

    numbers = all_at_once(app, 4, work)
    assert len(set(numbers)) == 4
    assert len(db.session.scalars(select(Complaint.number)).all()) == 4
