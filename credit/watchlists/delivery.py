"""Sending queued credit webhooks: signed POSTs, retried with exponential backoff until delivered or given up.

A delivery is first leased (its next attempt moved past the request's timeout, in a short transaction
that skips rows another worker holds), then posted with no transaction open, then its outcome is
recorded. So several workers never post the same delivery at once, and a worker that dies mid-way
only delays it. A 2xx answer delivers it; anything else (another status, a redirect, a timeout, a
refused connection) is an attempt that failed: it is tried again after ``retry_delay(attempts)``, and
after ``MAX_ATTEMPTS`` it is failed for good. Receivers deduplicate by the ``Idempotency-Key`` header,
which is the same on every attempt of one delivery.
"""
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from credit.watchlists import signing
from credit.watchlists.models import WebhookDelivery, WebhookEndpoint
from marketplace.database import transaction, utcnow

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 6 * 3600
LEASE_MARGIN_SECONDS = 30
ERROR_CHARACTERS = 500
USER_AGENT = "Binhai-Credit-Webhooks/1"


def retry_delay(attempts):
    """How long to wait after ``attempts`` failed attempts: 30 s, 1 min, 2 min, … at most 6 hours."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS))


def body_of(delivery):
    """The exact bytes posted (and signed): the stored payload as compact JSON, the same on every attempt."""
    return json.dumps({"id": delivery.public_id, **delivery.payload}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def deliver_due(limit=50):
    """Post up to ``limit`` deliveries that are due. :return: how many were attempted."""
    timeout = current_app.config["CREDIT_WEBHOOK_TIMEOUT_SECONDS"]
    leased = _lease(limit, timedelta(seconds=timeout + LEASE_MARGIN_SECONDS))
    for delivery_id, key, url, secret, body in leased:
        status, error = _post(url, secret, body, key, timeout)
        _record_outcome(delivery_id, status, error)
    return len(leased)


def _lease(limit, lease):
    """Take due deliveries of live endpoints for ``lease``; :return: what to post, read inside the lease."""
    now = utcnow()
    with transaction() as session:
        deliveries = session.scalars(
            select(WebhookDelivery).join(WebhookEndpoint)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
                   WebhookEndpoint.retired_at.is_(None))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)
            .with_for_update(skip_locked=True, of=WebhookDelivery)).all()
        for delivery in deliveries:
            delivery.next_attempt_at = now + lease
        return [(d.id, d.public_id, d.endpoint.url, d.endpoint.secret, body_of(d)) for d in deliveries]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to record, not one to follow: the signed body goes only where it was registered."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url, secret, body, idempotency_key, timeout):
    """:return: ``(HTTP status or None, error text or None)``; never raises for the receiver's faults."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
        signing.SIGNATURE_HEADER: signing.sign(secret, body, int(time.time())), "Idempotency-Key": idempotency_key})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        answer = error.read(ERROR_CHARACTERS).decode(errors="replace") if error.fp else ""
        return error.code, f"HTTP {error.code} {answer}".strip()
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:ERROR_CHARACTERS]


def _record_outcome(delivery_id, status, error):
    now = utcnow()
    with transaction() as session:
        delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
        if delivery.status != "pending":
            return
        delivery.attempts += 1
        delivery.last_status_code = status
        if status is not None and 200 <= status < 300:
            delivery.status, delivery.delivered_at, delivery.last_error = "delivered", now, None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.last_error = "failed", error
        else:
            delivery.last_error = error
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
