"""A real re-scoring (not an event made by hand) reaches a watcher with its reasons, in the app and signed."""
from credit.grading import services as grading
from credit.watchlists import delivery, reactions, services
from marketplace.database import transaction
from tests.builders import owner_of
from tests.credit.grading.helpers import conduct, late_payer  # noqa: F401 - conduct is a fixture


def test_a_late_payer_grade_drop_reaches_its_watcher(world, client, conduct, receiver):  # noqa: F811
    payer, watcher = world.enterprise(), world.enterprise()
    services.follow(owner_of(watcher), watcher, payer.credit_code)
    _endpoint, receiver.secret = services.register_endpoint(owner_of(watcher), watcher, receiver.url)
    with transaction():
        before = grading.rescore(payer, "fact").grade
    conduct[payer.id] = late_payer(20)
    with transaction():
        after = grading.rescore(payer, "fact").grade

    reactions.react()
    delivery.deliver_due()

    assert after != before
    world.login(client, owner_of(watcher))
    page = client.get(f"/enterprises/{watcher.public_id}/notifications").get_data(as_text=True)
    assert f"changed from {before} to {after}." in page and "payments late by" in page
    [request] = [r for r in receiver.received if r.json["data"]["to"] == after]
    assert request.verified and request.json["data"]["credit_code"] == payer.credit_code
    watchlist = client.get(f"/enterprises/{watcher.public_id}/credit/watchlist").get_data(as_text=True)
    assert f"<strong>{after}</strong>" in watchlist
