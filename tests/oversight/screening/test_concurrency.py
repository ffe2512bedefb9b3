"""Two reviewers deciding the same listing at one instant: one decision stands, the other is told it was taken."""
import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.audit.models import AuditRecord
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.oversight.screening import hooks, services
from tests.concurrency import all_at_once
from tests.oversight.screening.test_publish_and_review import publish


@pytest.mark.postgres_only
def test_two_reviewers_at_once_decide_once(app, world, supplier):
    listing = publish(supplier)
    screening_id = hooks.screening_of("catalog", listing.public_id).public_id
    reviewers = [world.regulator().id, world.operator().id]
    db.session.commit()

    def decide(number):
        try:
            services.review(db.session.get(User, reviewers[number]), screening_id, cleared=number == 0,
                            note="两名审核人同时作出决定")
            return "decided"
        except InvalidInput:
            return "refused"

    outcomes = all_at_once(app, 2, decide)

    assert sorted(outcomes) == ["decided", "refused"]
    db.session.expire_all()
    status = hooks.screening_of("catalog", listing.public_id).status
    assert db.session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.action == "oversight.listing_reviewed")) == 1
    assert (status, db.session.get(type(listing), listing.id).status) in {("cleared", "published"),
                                                                        ("rejected", "paused")}
