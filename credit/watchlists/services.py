"""Watchlist and webhook use cases: following counterparties' credit and registering where news is posted.

An enterprise follows other verified enterprises by their unified social credit code (never itself);
following twice keeps the one watch. A webhook endpoint's secret is made here and shown once, in the
answer to registering it; retiring an endpoint gives up what was still waiting for it. Every change
is audited.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from credit.grading import services as grading
from credit.watchlists.models import Watch, WebhookDelivery, WebhookEndpoint
from marketplace.accounts import lifecycle
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import validate_credit_code
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent

MAX_LIVE_ENDPOINTS = 5
SECRET_PREFIX = "whsec_"
RECENT_DELIVERIES = 20


@dataclass(frozen=True)
class GradeChange:
    """A grade change as its ``credit.grade_changed`` event announced it."""

    grade_from: str
    grade_to: str
    at: datetime


@dataclass(frozen=True)
class WatchedCredit:
    """One line of a watchlist: who is followed, their grade now, since when, and its last announced change."""

    watch: Watch
    enterprise: Enterprise
    grade: str
    grade_since: datetime | None
    last_change: GradeChange | None = None


def _own(enterprise):
    """:raise Forbidden: for a caller acting for no enterprise (a staff token), which has no watchlist."""
    if enterprise is None:
        raise Forbidden(_("Watchlists and webhooks belong to an enterprise; this token acts for none."))
    return enterprise


def _followable(enterprise, credit_code):
    """:return: the verified enterprise with ``credit_code``. :raise InvalidInput: on the ``credit_code`` field."""
    code = validate_credit_code((credit_code or "").strip().upper())
    watched = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
    if watched is None or watched.status != lifecycle.EnterpriseStatus.VERIFIED:
        message = _("No verified enterprise on the platform has this unified social credit code.")
        raise InvalidInput(message, {"credit_code": [message]})
    if watched.id == enterprise.id:
        message = _("An enterprise cannot follow its own credit; its own changes are told to it anyway.")
        raise InvalidInput(message, {"credit_code": [message]})
    return watched


def follow(user, enterprise, credit_code):
    """``enterprise`` follows the verified enterprise with ``credit_code``; following again changes nothing.

    :raise InvalidInput: for a malformed or unknown code, or the enterprise's own. :return: the Watch.
    """
    with transaction() as session:
        watched = _followable(_own(enterprise), credit_code)
        watch = session.scalar(select(Watch).where(Watch.watcher_enterprise_id == enterprise.id,
                                                   Watch.watched_enterprise_id == watched.id))
        if watch is None:
            watch = Watch(watcher_enterprise_id=enterprise.id, watched_enterprise_id=watched.id,
                          created_by_id=user.id, created_at=utcnow())
            session.add(watch)
            session.flush()
            record("credit.watch_added", actor=user.public_id, enterprise=enterprise.public_id,
                   target=watched.public_id, after={"credit_code": watched.credit_code})
    return watch


def unfollow(user, enterprise, credit_code):
    """Stop following the enterprise with ``credit_code``. :raise NotFound: when it is not followed."""
    with transaction() as session:
        watch = session.scalar(lock_for_update(
            select(Watch).join(Enterprise, Enterprise.id == Watch.watched_enterprise_id)
            .where(Watch.watcher_enterprise_id == _own(enterprise).id,
                   Enterprise.credit_code == (credit_code or "").strip().upper())))
        if watch is None:
            raise NotFound(_("This enterprise is not on the watchlist."))
        watched = watch.watched
        session.delete(watch)
        record("credit.watch_removed", actor=user.public_id, enterprise=enterprise.public_id,
               target=watched.public_id, before={"credit_code": watched.credit_code})
    return watched


def watchlist_of(enterprise):
    """Every enterprise ``enterprise`` follows, by Chinese name, with its grade now and since when."""
    watches = db.session.scalars(
        select(Watch).join(Enterprise, Enterprise.id == Watch.watched_enterprise_id)
        .where(Watch.watcher_enterprise_id == _own(enterprise).id).order_by(Enterprise.name_zh, Watch.id)).all()
    changes = last_grade_changes([watch.watched for watch in watches])
    return [_line(watch, changes.get(watch.watched.public_id)) for watch in watches]


def line_of(watch):
    """One watch as its watchlist line."""
    return _line(watch, last_grade_changes([watch.watched]).get(watch.watched.public_id))


def _line(watch, last_change):
    standing = grading.standing_of(watch.watched)
    return WatchedCredit(watch=watch, enterprise=watch.watched, grade=grading.grade_of(watch.watched),
                         grade_since=standing.grade_since if standing else None, last_change=last_change)


def last_grade_changes(enterprises):
    """``{public id: GradeChange}``: the newest ``credit.grade_changed`` event of each enterprise that has one,
    read from the events grading announced (two queries whatever the number of enterprises)."""
    ids = [enterprise.public_id for enterprise in enterprises]
    if not ids:
        return {}
    newest = (select(func.max(OutboxEvent.id)).where(OutboxEvent.topic == grading.GRADE_CHANGED,
                                                     OutboxEvent.aggregate_id.in_(ids))
              .group_by(OutboxEvent.aggregate_id))
    events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(newest))).all()
    return {event.aggregate_id: GradeChange(event.payload.get("from"), event.payload.get("to"), event.created_at)
            for event in events}


def watchers_of(enterprise):
    """The enterprises following ``enterprise``."""
    return db.session.scalars(select(Enterprise).join(Watch, Watch.watcher_enterprise_id == Enterprise.id)
                              .where(Watch.watched_enterprise_id == enterprise.id).order_by(Enterprise.id)).all()


def is_following(enterprise, watched):
    return db.session.scalar(select(Watch.id).where(Watch.watcher_enterprise_id == enterprise.id,
                                                    Watch.watched_enterprise_id == watched.id)) is not None


# --- webhook endpoints -------------------------------------------------------------------------------

def _webhook_url(url):
    """:return: ``url`` stripped. :raise InvalidInput: unless it is an absolute http(s) URL with a host."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = _("Give an absolute http:// or https:// address, e.g. https://erp.example.cn/credit-news.")
        raise InvalidInput(message, {"url": [message]})
    if len(url) > 500:
        message = _("An address has at most 500 characters.")
        raise InvalidInput(message, {"url": [message]})
    return url


def register_endpoint(user, enterprise, url):
    """Register where ``enterprise``'s credit news is posted, signed with a new secret.

    :raise InvalidInput: for an address that is not http(s), or beyond ``MAX_LIVE_ENDPOINTS`` live ones.
    :return: ``(endpoint, secret)``; show the secret once.
    """
    url = _webhook_url(url)
    with transaction() as session:
        live = session.scalar(select(func.count()).select_from(WebhookEndpoint).where(
            WebhookEndpoint.enterprise_id == _own(enterprise).id, WebhookEndpoint.retired_at.is_(None)))
        if live >= MAX_LIVE_ENDPOINTS:
            message = _("An enterprise has at most %(count)d live webhook endpoints; retire one first.",
                        count=MAX_LIVE_ENDPOINTS)
            raise InvalidInput(message, {"url": [message]})
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        endpoint = WebhookEndpoint(enterprise_id=enterprise.id, url=url, secret=secret, created_at=utcnow())
        session.add(endpoint)
        session.flush()
        record("credit.webhook_registered", actor=user.public_id, enterprise=enterprise.public_id,
               target=endpoint.public_id, after={"url": url})
    return endpoint, secret


def endpoint_of(enterprise, public_id, *, lock=False):
    """:raise NotFound: unless ``enterprise`` has an endpoint with this public id."""
    statement = select(WebhookEndpoint).where(WebhookEndpoint.public_id == public_id,
                                              WebhookEndpoint.enterprise_id == _own(enterprise).id)
    endpoint = db.session.scalar(lock_for_update(statement) if lock else statement)
    if endpoint is None:
        raise NotFound(_("No such webhook endpoint."))
    return endpoint


def retire_endpoint(user, enterprise, public_id):
    """Nothing more is posted to the endpoint; what still waited for it is given up. Safe to repeat."""
    with transaction() as session:
        endpoint = endpoint_of(enterprise, public_id, lock=True)
        if endpoint.retired_at is None:
            endpoint.retired_at = utcnow()
            given_up = session.execute(
                update(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id,
                                              WebhookDelivery.status == "pending")
                .values(status="failed", last_error="endpoint retired")).rowcount
            record("credit.webhook_retired", actor=user.public_id, enterprise=enterprise.public_id,
                   target=endpoint.public_id, after={"deliveries_given_up": given_up})
    return endpoint


def endpoints_of(enterprise):
    """``enterprise``'s endpoints, live ones first, newest first."""
    return db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enterprise_id == _own(enterprise).id)
                              .order_by(WebhookEndpoint.retired_at.is_not(None), WebhookEndpoint.created_at.desc(),
                                        WebhookEndpoint.id.desc())).all()


def recent_deliveries_of(enterprise, limit=RECENT_DELIVERIES):
    """The newest deliveries to ``enterprise``'s endpoints: what was sent, how often tried, the last error."""
    return db.session.scalars(select(WebhookDelivery).join(WebhookEndpoint)
                              .where(WebhookEndpoint.enterprise_id == _own(enterprise).id)
                              .order_by(WebhookDelivery.id.desc()).limit(limit)).all()
