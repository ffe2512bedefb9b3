"""Credit news: a grade change or a new official entry is told to the enterprise and everyone following it.

The "credit-news" consumer of the outbox reads each ``credit.grade_changed`` and
``credit.entry_recorded`` event once, and in that event's transaction notifies the enterprise itself
and each watcher in the app, and queues one signed webhook delivery for each live endpoint of them
(``credit.watchlists.delivery`` sends it). Handling an event again tells nobody twice: notifications
are unique per (enterprise, event, topic) and deliveries per (endpoint, event).
"""
from sqlalchemy import select

from credit.grading.services import GRADE_CHANGED
from credit.scoring.reasons import SEVERITY_WORDS
from credit.watchlists import services
from credit.watchlists.models import WebhookDelivery, WebhookEndpoint
from logistics.messages import message
from marketplace.accounts.models import Enterprise
from marketplace.extensions import db
from marketplace.notifications.services import in_both_languages, notify
from marketplace.outbox import drain

CONSUMER = "credit-news"
ENTRY_RECORDED = "credit.entry_recorded"
SELF, WATCHED = "self", "watched"


def react(batch_size=100):
    """Tell the credit news not told yet. :return: how many events were handled."""
    return drain(CONSUMER, (GRADE_CHANGED, ENTRY_RECORDED), _handle, batch_size)


def _handle(event):
    subject = db.session.scalar(select(Enterprise).where(Enterprise.public_id == event.payload.get("enterprise")))
    if subject is None:
        return
    news = NEWS[event.topic]
    notify(subject, event.topic, news(event.payload, SELF), details=_reasons(event.payload),
           link=f"/enterprises/{subject.public_id}/credit", source_event_id=event.id)
    _queue_webhooks(subject, event, SELF)
    for watcher in services.watchers_of(subject):
        notify(watcher, event.topic, news(event.payload, WATCHED, subject), details=_reasons(event.payload),
               link=f"/enterprises/{subject.public_id}", source_event_id=event.id)
        _queue_webhooks(watcher, event, WATCHED)


def _grade_changed(payload, about, subject=None):
    grades = {"before": payload["from"], "after": payload["to"]}
    if about == SELF:
        return message("Your credit grade changed from %(before)s to %(after)s.", **grades)
    return message("The credit grade of %(name)s changed from %(before)s to %(after)s.",
                   name=in_both_languages(subject.name_zh, subject.name_en), **grades)


def _entry_recorded(payload, about, subject=None):
    english, chinese = SEVERITY_WORDS.get(payload.get("severity"), (payload.get("severity"),) * 2)
    params = {"title": payload.get("title", ""), "severity": in_both_languages(chinese, english),
              "day": payload.get("decided_on", "")}
    if about == SELF:
        return message("A new official entry about your enterprise was recorded: %(title)s (%(severity)s, "
                       "decided on %(day)s).", **params)
    return message("A new official entry about %(name)s was recorded: %(title)s (%(severity)s, decided on %(day)s).",
                   name=in_both_languages(subject.name_zh, subject.name_en), **params)


NEWS = {GRADE_CHANGED: _grade_changed, ENTRY_RECORDED: _entry_recorded}


def _reasons(payload):
    """A grade change's reasons, each in both languages as the event carries them."""
    return [in_both_languages(reason.get("text_zh"), reason.get("text_en")) for reason in payload.get("reasons", ())]


def webhook_body(event, about):
    """What an endpoint receives: the event's payload, which news it is and whether it is about the receiver."""
    return {"type": event.topic, "about": about, "occurred_at": event.created_at.isoformat(), "data": event.payload}


def _queue_webhooks(enterprise, event, about):
    """One delivery per live endpoint of ``enterprise`` that has none for this event yet."""
    endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enterprise_id == enterprise.id,
                                                                 WebhookEndpoint.retired_at.is_(None))).all()
    queued = set(db.session.scalars(select(WebhookDelivery.endpoint_id).where(
        WebhookDelivery.event_id == event.id, WebhookDelivery.endpoint_id.in_([e.id for e in endpoints]))))
    for endpoint in endpoints:
        if endpoint.id not in queued:
            db.session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=event.id, topic=event.topic,
                                           payload=webhook_body(event, about), next_attempt_at=event.created_at))
    db.session.flush()
