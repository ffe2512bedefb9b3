"""Notifying an enterprise in the app, and its members reading and marking what they were told.

A notification stores its words, not a rendered text, so each member reads it in their own language:
a :class:`~logistics.messages.Message` keeps its template and parameters (translated from the
catalogue when shown), and a text that arrived written in both languages (a grade change's reasons)
is kept as ``{"zh", "en"}``. A parameter may itself be ``{"zh", "en"}`` (an enterprise's names).
"""
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from logistics.messages import Message
from marketplace.accounts.models import Enterprise, Membership
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.i18n import in_reader_language, recorded_message
from marketplace.notifications.models import Notification

PAGE_SIZE = 50


def in_both_languages(zh, en):
    """A text (or a message parameter) given in Chinese and English, shown in the reader's language."""
    return {"zh": zh or en, "en": en or zh}


def _is_bilingual(value):
    return isinstance(value, dict) and set(value) == {"zh", "en"}


def _stored(text):
    """A Message or a ``{"zh", "en"}`` text as the JSON the table keeps."""
    if _is_bilingual(text):
        return {"message": text["zh"], **text}
    if isinstance(text, Message):
        chinese = {name: value["zh"] if _is_bilingual(value) else value for name, value in text.params.items()}
        return {"message": text.template % chinese, "template": text.template, "params": dict(text.params)}
    return {"message": str(text)}


def shown(entry):
    """A stored message in the reader's language (its bilingual parameters too)."""
    if "template" not in entry and "zh" in entry and "en" in entry:
        return in_reader_language(entry["zh"], entry["en"])
    params = {name: in_reader_language(value["zh"], value["en"]) if _is_bilingual(value) else value
              for name, value in (entry.get("params") or {}).items()}
    return recorded_message({**entry, "params": params})


def notify(enterprise, topic, message, details=(), link="", source_event_id=None):
    """Tell ``enterprise`` (all its members) ``message``, with ``details`` (further messages) and a ``link``.

    Joins the caller's transaction. Told once per ``(enterprise, source_event_id, topic)``: handling the
    same event again returns the first notification and stores nothing. :return: the Notification.
    """
    with transaction() as session:
        if source_event_id is not None:
            existing = session.scalar(select(Notification).where(
                Notification.enterprise_id == enterprise.id, Notification.source_event_id == source_event_id,
                Notification.topic == topic))
            if existing is not None:
                return existing
        notification = Notification(enterprise_id=enterprise.id, topic=topic, message=_stored(message),
                                    details=[_stored(detail) for detail in details], link=link,
                                    source_event_id=source_event_id, created_at=utcnow())
        session.add(notification)
        session.flush()
    return notification


def notifications_of(enterprise, limit=PAGE_SIZE):
    """The newest ``limit`` notifications of ``enterprise``, newest first."""
    return db.session.scalars(select(Notification).where(Notification.enterprise_id == enterprise.id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit)).all()


def unread_count(enterprise):
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.enterprise_id == enterprise.id, Notification.read_at.is_(None)))


def unread_by_enterprise(user):
    """:return: ``[(enterprise, unread count)]`` for each enterprise ``user`` belongs to with unread notifications,
    most unread first (the navigation's badge)."""
    rows = db.session.execute(
        select(Enterprise, func.count(Notification.id))
        .join(Membership, Membership.enterprise_id == Enterprise.id)
        .join(Notification, Notification.enterprise_id == Enterprise.id)
        .where(Membership.user_id == user.id, Notification.read_at.is_(None))
        .group_by(Enterprise.id).order_by(func.count(Notification.id).desc(), Enterprise.id)).all()
    return [(enterprise, count) for enterprise, count in rows]


def mark_read(user, enterprise, notification_public_id=None):
    """Mark one notification (or, with none named, all of them) of ``enterprise`` as read; safe to repeat.

    :raise NotFound: when the named notification is not ``enterprise``'s. :return: how many were marked.
    """
    with transaction() as session:
        statement = update(Notification).where(Notification.enterprise_id == enterprise.id,
                                               Notification.read_at.is_(None))
        if notification_public_id is not None:
            if session.scalar(select(Notification.id).where(Notification.enterprise_id == enterprise.id,
                                                            Notification.public_id == notification_public_id)) is None:
                raise NotFound(_("No such notification."))
            statement = statement.where(Notification.public_id == notification_public_id)
        marked = session.execute(statement.values(read_at=utcnow())).rowcount
        if marked:
            record("notifications.read", actor=user.public_id, enterprise=enterprise.public_id,
                   target=notification_public_id, after={"marked": marked})
    return marked
