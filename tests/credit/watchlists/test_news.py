"""Credit news reaches the enterprise and its watchers in the app and by signed webhooks, once each."""
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from credit.watchlists import delivery, reactions, services
from credit.watchlists.models import WebhookDelivery
from marketplace.database import transaction, utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.outbox import OutboxConsumption
from tests.builders import owner_of
from tests.credit.watchlists.conftest import announce_entry, announce_grade_change


def _watching(world, receiver=None):
    """``(subject, watcher)``: the watcher follows the subject and, given a receiver, posts news to it."""
    subject, watcher = world.enterprise(), world.enterprise()
    services.follow(owner_of(watcher), watcher, subject.credit_code)
    if receiver is not None:
        _endpoint, receiver.secret = services.register_endpoint(owner_of(watcher), watcher, receiver.url)
    return subject, watcher


def _make_due():
    with transaction() as session:
        session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def _deliveries():
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_a_watcher_reads_a_grade_change_with_its_reasons_in_the_app(app, world, client):
    subject, watcher = _watching(world)
    announce_grade_change(subject)

    assert reactions.react() == 1

    world.login(client, owner_of(watcher))
    page = client.get(f"/enterprises/{watcher.public_id}/notifications").get_data(as_text=True)
    assert f"The credit grade of {subject.name_en} changed from A to BB." in page
    assert "payments late by 12 days on average (payment index 64)" in page
    assert "1 unread" in page
    chinese = client.get(f"/enterprises/{watcher.public_id}/notifications",
                         headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert subject.name_zh in chinese and "付款平均逾期 12 天（付款指数 64）" in chinese


def test_the_enterprise_itself_is_told_its_grade_changed_and_why(world, client):
    subject, _watcher = _watching(world)
    announce_grade_change(subject, "BBB", "B")
    reactions.react()

    world.login(client, owner_of(subject))
    page = client.get(f"/enterprises/{subject.public_id}/notifications").get_data(as_text=True)
    assert "Your credit grade changed from BBB to B." in page
    assert "2 disputes lost" in page
    assert f'href="/enterprises/{subject.public_id}/credit"' in page


def test_a_new_official_entry_is_told_to_the_enterprise_and_its_watchers(world, client):
    subject, watcher = _watching(world)
    announce_entry(subject, title="虚假宣传", severity="serious")
    reactions.react()

    world.login(client, owner_of(watcher))
    page = client.get(f"/enterprises/{watcher.public_id}/notifications").get_data(as_text=True)
    assert f"A new official entry about {subject.name_en} was recorded: 虚假宣传 (serious, decided on 2026-03-02)." in page
    told = db.session.scalar(select(Notification).where(Notification.enterprise_id == subject.id))
    assert told.message["template"].startswith("A new official entry about your enterprise")


def test_a_watcher_gets_a_correctly_signed_webhook_it_can_deduplicate(world, receiver):
    subject, _watcher = _watching(world, receiver)
    announce_grade_change(subject)
    reactions.react()

    assert delivery.deliver_due() == 1

    [request] = receiver.received
    assert request.verified
    body = request.json
    assert body["type"] == "credit.grade_changed" and body["about"] == "watched"
    assert body["data"]["credit_code"] == subject.credit_code and body["data"]["to"] == "BB"
    assert body["data"]["reasons"][0]["text_zh"] == "付款平均逾期 12 天（付款指数 64）"
    assert request.headers["Idempotency-Key"] == body["id"]
    [sent] = _deliveries()
    assert (sent.status, sent.attempts, sent.last_status_code) == ("delivered", 1, 200)


def test_the_enterprise_own_endpoint_hears_about_itself(world, receiver):
    subject = world.enterprise()
    _endpoint, receiver.secret = services.register_endpoint(owner_of(subject), subject, receiver.url)
    announce_grade_change(subject)
    reactions.react()
    delivery.deliver_due()

    [request] = receiver.received
    assert request.verified and request.json["about"] == "self"


def test_a_failing_endpoint_is_retried_later_with_the_same_key_and_never_duplicated(world, receiver):
    subject, _watcher = _watching(world, receiver)
    receiver.answers = [503]
    announce_grade_change(subject)
    reactions.react()

    delivery.deliver_due()
    [waiting] = _deliveries()
    assert (waiting.status, waiting.attempts, waiting.last_status_code) == ("pending", 1, 503)
    assert "503" in waiting.last_error and waiting.next_attempt_at > utcnow()
    assert delivery.deliver_due() == 0, "not due again before its backoff"

    _make_due()
    delivery.deliver_due()
    assert reactions.react() == 0

    db.session.expire_all()
    [sent] = _deliveries()
    assert (sent.status, sent.attempts) == ("delivered", 2)
    first, second = receiver.received
    assert first.verified and second.verified
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.body == second.body


def test_an_unreachable_endpoint_is_given_up_after_the_last_attempt(world, receiver):
    subject, watcher = world.enterprise(), world.enterprise()
    services.follow(owner_of(watcher), watcher, subject.credit_code)
    services.register_endpoint(owner_of(watcher), watcher, "http://127.0.0.1:9/closed")
    announce_grade_change(subject)
    reactions.react()

    for _attempt in range(delivery.MAX_ATTEMPTS):
        _make_due()
        delivery.deliver_due()

    db.session.expire_all()
    [given_up] = _deliveries()
    assert (given_up.status, given_up.attempts, given_up.last_status_code) == ("failed", delivery.MAX_ATTEMPTS, None)
    assert given_up.last_error
    _make_due()
    assert delivery.deliver_due() == 0


def test_retries_wait_longer_each_time_up_to_a_limit():
    delays = [delivery.retry_delay(attempts) for attempts in range(1, 20)]
    assert delays[0] == timedelta(seconds=30) and delays[1] == timedelta(minutes=1)
    assert delays == sorted(delays) and max(delays) == timedelta(hours=6)


def test_an_event_handled_again_tells_nobody_twice(world, receiver):
    subject, _watcher = _watching(world, receiver)
    announce_grade_change(subject)
    reactions.react()
    with transaction() as session:  # as if the consumer crashed after its work but before recording it
        session.execute(delete(OutboxConsumption).where(OutboxConsumption.consumer == reactions.CONSUMER))

    assert reactions.react() == 1

    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert len(_deliveries()) == 1


def test_a_retired_endpoint_gets_nothing_more(world, receiver):
    subject, watcher = _watching(world, receiver)
    announce_grade_change(subject)
    reactions.react()
    [endpoint] = services.endpoints_of(watcher)

    services.retire_endpoint(owner_of(watcher), watcher, endpoint.public_id)
    announce_entry(subject)
    reactions.react()

    assert delivery.deliver_due() == 0
    assert receiver.received == []
    assert [d.status for d in _deliveries()] == ["failed"]


def test_an_unfollowed_enterprise_news_no_longer_reaches_the_former_watcher(world):
    subject, watcher = _watching(world)
    services.unfollow(owner_of(watcher), watcher, subject.credit_code)
    announce_grade_change(subject)
    reactions.react()

    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.enterprise_id == watcher.id)) == 0
