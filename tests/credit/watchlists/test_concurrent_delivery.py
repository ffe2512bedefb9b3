"""Several workers sending webhooks at once post each delivery once."""
import pytest

from credit.watchlists import delivery, reactions, services
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.credit.watchlists.conftest import announce_entry, announce_grade_change


@pytest.mark.postgres_only
def test_workers_sending_at_once_post_each_delivery_once(app, world, receiver):
    subject, watcher = world.enterprise(), world.enterprise()
    services.follow(owner_of(watcher), watcher, subject.credit_code)
    _endpoint, receiver.secret = services.register_endpoint(owner_of(watcher), watcher, receiver.url)
    for grade in ("A", "BBB", "BB"):
        announce_grade_change(subject, "AA", grade)
    announce_entry(subject)
    reactions.react()

    attempted = all_at_once(app, 4, lambda _number: delivery.deliver_due())

    assert sum(attempted) == 4
    keys = [request.headers["Idempotency-Key"] for request in receiver.received]
    assert len(keys) == 4 == len(set(keys)) and all(request.verified for request in receiver.received)
