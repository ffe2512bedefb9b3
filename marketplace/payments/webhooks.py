"""The gateway's webhook endpoint: signature checked, each event stored once and acted on from the gateway's state.

An event is a hint, never the truth: delivered twice, late, or before an earlier one, it only makes
us re-read the gateway (``payments.recover``, ``payments.send_refund``), so every order of delivery
ends in the same books. The event row (unique by the gateway's id) is what makes a repeat harmless.
"""
import json
import logging
import time
from datetime import datetime, timedelta, timezone

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace import policy
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.errors import problem
from marketplace.extensions import db
from marketplace.payments import gateway as gateways
from marketplace.payments import services as payments
from marketplace.payments import signatures
from marketplace.payments.embedded import EmbeddedGatewayError
from marketplace.payments.models import GatewayEvent, Payment, Refund
from marketplace.permissions import requires

log = logging.getLogger(__name__)

bp = Blueprint("gateway_webhooks", __name__)

WEBHOOK_PATH = "/payments/gateway-webhook"
TOLERANCE_SECONDS = 300
FAILED = "failed: "  # an outcome starting so is tried again when the gateway delivers the event again
GATEWAY_DOWN = "the gateway could not be asked"
REFUND_EVENTS = ("charge.refunded", "charge.refund.updated", "refund.created", "refund.updated", "refund.failed")


@bp.post(WEBHOOK_PATH)
@requires(policy.GATEWAY_WEBHOOK)
def gateway_webhook():
    """Take one signed event from the gateway; 400 (and nothing changed) unless the signature holds."""
    payload = request.get_data(cache=False)
    try:
        signatures.verify(payload, request.headers.get("Stripe-Signature"),
                          current_app.config["STRIPE_WEBHOOK_SECRET"], now=time.time(),
                          tolerance=TOLERANCE_SECONDS)
    except signatures.BadSignature as bad:
        log.warning("webhook refused: %s", bad.reason)
        return problem(400, "Bad Request", _("The signature of this delivery does not match; it was ignored."))
    try:
        event = _event(json.loads(payload))
    except (ValueError, TypeError, KeyError):
        return problem(400, "Bad Request", _("The delivery is not a gateway event."))
    first, outcome = receive(event)
    if outcome.startswith(FAILED) and outcome.endswith(GATEWAY_DOWN):
        return problem(503, "Service Unavailable", outcome)  # the gateway delivers it again later
    return jsonify({"event": event["id"], "outcome": outcome if first else "already processed"})


def _event(body):
    """The parts of an event we rely on; :raise KeyError, TypeError, ValueError: when it has none of them."""
    if not isinstance(body, dict) or not isinstance(body["data"]["object"], dict):
        raise ValueError("not an event")
    for key, longest in (("id", 64), ("type", 60)):
        if not isinstance(body[key], str) or not 0 < len(body[key]) <= longest:
            raise ValueError(f"an event's {key} is a short string")
    if not isinstance(body.get("created", 0), int):
        raise ValueError("an event's time is a number of seconds")
    return body


def receive(event):
    """Store the event once and act on it; :return: (whether this delivery did the work, its outcome).

    A repeated delivery only counts itself, unless the earlier one failed (say, the gateway could not
    be asked) or never finished (its process died): then it is handled again, which the services
    make harmless.
    """
    if not _store(event):
        stored = db.session.scalar(select(GatewayEvent).where(GatewayEvent.event_id == event["id"]))
        if stored.outcome and not stored.outcome.startswith(FAILED):
            return False, stored.outcome
    outcome = handle(event)
    with transaction():
        db.session.execute(update(GatewayEvent).where(GatewayEvent.event_id == event["id"])
                           .values(outcome=outcome[:200]))
    return True, outcome


def _store(event):
    """Insert the event row; :return: False when the event was delivered before (its count goes up).

    Two deliveries at once both miss the row and both insert; the unique event id lets one through
    and the other's ``IntegrityError`` makes it a repeat.
    """
    if not _known(event["id"]):
        data = event["data"]["object"]
        try:
            with transaction() as session:
                session.add(GatewayEvent(
                    event_id=event["id"], type=event["type"], object_id=str(data.get("id") or "")[:64] or None,
                    payload=event,
                    created_at_gateway=datetime.fromtimestamp(int(event.get("created") or 0), timezone.utc),
                    outcome=""))
                record("payments.webhook_received", target=event["id"],
                       after={"type": event["type"], "object": data.get("id")})
            return True
        except IntegrityError:
            pass
    with transaction():
        db.session.execute(update(GatewayEvent).where(GatewayEvent.event_id == event["id"])
                           .values(deliveries=GatewayEvent.deliveries + 1))
    return False


def _known(event_id):
    return db.session.scalar(select(GatewayEvent.id).where(GatewayEvent.event_id == event_id)) is not None


def handle(event):
    """Act on one event by re-reading the gateway; :return: what was done, in a few words (kept on the event)."""
    kind, data = event["type"], event["data"]["object"]
    try:
        if kind.startswith("payment_intent."):
            return _intent_changed(data)
        if kind in REFUND_EVENTS:
            return _refunds_changed(data)
    except payments.GatewayDown:
        return FAILED + GATEWAY_DOWN
    except gateways.GatewayError as error:
        log.warning("webhook %s (%s) could not be handled: %s", event["id"], kind, error)
        return f"{FAILED}{error}"
    return "stored; not an event we act on"


def _intent_changed(intent):
    payment = _payment_of(intent)
    if payment is None:
        tagged = (intent.get("metadata") or {}).get("binhai_payment")
        return f"unknown payment {tagged}" if tagged else "not a payment of ours"
    if payment.status in payments.OPEN_PAYMENT and intent.get("status") == "requires_capture" and _recent(payment):
        return f"payment {payment.public_id} authorised; the request paying it captures it"
    payment = payments.recover(payment.public_id)
    return f"payment {payment.public_id} {payment.status}"


def _payment_of(intent):
    """Our payment of a PaymentIntent: by the public id in its metadata, else by the intent's id."""
    tagged = (intent.get("metadata") or {}).get("binhai_payment")
    if tagged:
        found = db.session.scalar(select(Payment).where(Payment.public_id == tagged))
        if found is not None:
            return found
    return db.session.scalar(select(Payment).where(Payment.intent_id == intent.get("id"))) if intent.get("id") else None


def _recent(payment):
    """Still within the time its own request may take; the recovery job finishes it after that."""
    delay = timedelta(seconds=current_app.config["GATEWAY_RECOVERY_AFTER_SECONDS"])
    return payment.updated_at > utcnow() - delay


def _refunds_changed(data):
    """A refund or a refunded charge: send (and so book) our pending refunds of that PaymentIntent."""
    intent_id = data.get("payment_intent")
    if not intent_id:
        return "no payment intent named"
    pending = db.session.scalars(select(Refund.public_id).join(Payment, Refund.payment_id == Payment.id).where(
        Payment.intent_id == intent_id, Refund.status == "pending").order_by(Refund.id)).all()
    if not pending:
        return "no pending refund of ours"
    done = [payments.send_refund(refund_id) for refund_id in pending]
    return "; ".join(f"refund {row.public_id} {row.status}" for row in done)


def configure_embedded_webhook(app):
    """At ``binhai serve`` start: have the embedded gateway post its events here, signed with our secret.

    Does nothing with a real gateway (its webhook is set up in its dashboard). A gateway that cannot
    be started or reached is logged, not fatal: the site serves and payments say the gateway is down.
    :return: the URL registered, or None.
    """
    try:
        gateways.gateway_for(app)
    except (gateways.GatewayError, EmbeddedGatewayError) as error:
        log.warning("no payment gateway at start: %s", error)
        return None
    embedded = app.extensions.get("payment_gateway_embedded")
    if embedded is None:
        return None
    url = app.config["PUBLIC_URL"].rstrip("/") + WEBHOOK_PATH
    try:
        embedded.configure_webhook(url, app.config["STRIPE_WEBHOOK_SECRET"])
    except EmbeddedGatewayError as error:
        log.warning("%s", error)
        return None
    return url
