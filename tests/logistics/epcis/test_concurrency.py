"""The same event arriving at one instant from several readers or clients is stored once."""
import pytest
from sqlalchemy import func, select

from logistics.epcis import services
from logistics.epcis.models import EpcisEvent
from marketplace.extensions import db
from tests.builders import World
from tests.concurrency import all_at_once
from tests.logistics.epcis.samples import object_event


@pytest.mark.postgres_only
def test_one_event_recorded_at_the_same_moment_is_stored_once(app):
    with app.test_request_context():
        firm_id = World(app).enterprise(kinds=("logistics",)).id
        db.session.remove()

    def record(_number):
        event, created = services.record_event(firm_id, object_event(), source="sighting")
        return event.id, created

    results = all_at_once(app, 6, record)

    assert len({event_id for event_id, _created in results}) == 1
    assert sorted(created for _event_id, created in results) == [False] * 5 + [True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EpcisEvent)) == 1
        db.session.remove()
