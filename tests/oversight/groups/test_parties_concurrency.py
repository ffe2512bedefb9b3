"""Two owners recording shareholders at one instant never take the shares past 100 %."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Enterprise, EnterpriseParty, User
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.oversight.groups import services
from tests.builders import credit_code, owner_of
from tests.concurrency import all_at_once


@pytest.mark.postgres_only
def test_two_sixty_percent_shareholders_recorded_at_once_leave_one_refused(app, world):
    enterprise = world.enterprise()
    owner_id, enterprise_id = owner_of(enterprise).id, enterprise.id
    db.session.commit()

    def record(number):
        actor, target = db.session.get(User, owner_id), db.session.get(Enterprise, enterprise_id)
        try:
            services.register_party(actor, target, role="shareholder", party_kind="enterprise", name=f"股东{number}",
                                    identifier=credit_code(7000 + number), share_percent=Decimal("60"))
        except InvalidInput:
            return "refused"
        return "recorded"

    outcomes = all_at_once(app, 2, record)

    assert sorted(outcomes) == ["recorded", "refused"]
    db.session.expire_all()
    assert len(db.session.scalars(select(EnterpriseParty)).all()) == 1
