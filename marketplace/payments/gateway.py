"""The payment gateway adapter: the official ``stripe`` SDK behind a few calls that return plain values.

One ``stripe.StripeClient`` per ``Gateway`` (no module-level ``stripe.api_key``), so tests and the
embedded gateway can point at different bases. The SDK never retries (``max_network_retries=0``):
our own records decide what happens after a failure, and every error is mapped to one of ours so
the caller knows whether the request can have reached the gateway:

* ``GatewayUnavailable``: it certainly did not (refused, DNS, connect timeout, rate limited) —
  retrying is safe.
* ``GatewayTimeout``: it may have (read timeout, dropped connection, a 5xx) — look the object up
  (``find_intent_by_metadata``, ``refunds_of``) before trying again.

Idempotency keys are sent on every write but never relied on: localstripe ignores them.
"""
import atexit
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests
import stripe
from urllib3.exceptions import ConnectTimeoutError

from marketplace.payments.embedded import API_KEY as EMBEDDED_API_KEY
from marketplace.payments.embedded import EmbeddedGateway

DEFAULT_TIMEOUT_SECONDS = 10
PAGE_SIZE = 100
ENTERPRISE_TAG = "binhai_enterprise"


class GatewayError(Exception):
    """The gateway call did not give the answer we asked for."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CardDeclined(GatewayError):
    """The card was refused (on attaching it or on charging it); ``code`` is the gateway's reason.

    ``intent_id`` names the failed PaymentIntent when the gateway reports it (Stripe does in the
    error, localstripe does not: find it by metadata).
    """

    def __init__(self, code, message, intent_id=None):
        super().__init__(message)
        self.code = code
        self.intent_id = intent_id


class GatewayUnavailable(GatewayError):
    """The request certainly did not reach the gateway: nothing happened there, retrying is safe."""


class GatewayTimeout(GatewayError):
    """The request may have reached the gateway and its outcome is unknown: look it up before retrying."""


class GatewayRejected(GatewayError):
    """The gateway refused the request as invalid (a 4xx): nothing happened there, retrying won't help."""


class GatewayUnsupported(GatewayError):
    """The gateway has no such API (localstripe has no Connect transfers): use another way."""


@dataclass(frozen=True)
class IntentResult:
    """A PaymentIntent as we need it; ``amount_captured`` is 0 until captured, then what was taken."""

    id: str
    status: str
    amount: int
    currency: str
    amount_captured: int
    latest_charge: str | None
    failure_code: str | None
    failure_message: str | None
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: int
    currency: str
    status: str
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class TransferResult:
    id: str
    amount: int
    currency: str
    destination: str


class Gateway:
    """A Stripe-compatible gateway at ``api_base``; every method is one or a few HTTP calls."""

    def __init__(self, api_key: str, api_base: str, timeout: float = DEFAULT_TIMEOUT_SECONDS):
        self.api_base = api_base
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base},
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=timeout),
        )
        self._v1 = self._client.v1

    def ensure_customer(self, enterprise_public_id: str, name: str) -> str:
        """The customer tagged with this enterprise, created if there is none; :return: its id.

        Found by listing (search is eventually consistent, and localstripe has none); the caller
        keeps the id so this runs once per enterprise.
        """
        with _translated_errors():
            for customer in self._v1.customers.list(params={"limit": PAGE_SIZE}).auto_paging_iter():
                if _metadata(customer).get(ENTERPRISE_TAG) == enterprise_public_id:
                    return customer.id
            customer = self._v1.customers.create(
                params={"name": name, "metadata": {ENTERPRISE_TAG: enterprise_public_id}},
                options={"idempotency_key": f"binhai-customer-{enterprise_public_id}"},
            )
        return customer.id

    def create_payment_method_from_card(self, number: str, exp_month: int, exp_year: int, cvc: str) -> str:
        """A card payment method from raw card details: for the embedded and test gateways only.

        Production never sees card numbers: the browser tokenises them and sends us the ``pm_`` id.
        """
        card = {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc}
        with _translated_errors():
            return self._v1.payment_methods.create(params={"type": "card", "card": card}).id

    def attach_payment_method(self, payment_method: str, customer: str) -> None:
        """Save the card on the customer; a card refused here raises ``CardDeclined``."""
        with _translated_errors():
            self._v1.payment_methods.attach(payment_method, params={"customer": customer})

    def authorise(self, amount_minor: int, currency: str, payment_method: str, customer: str | None,
                  metadata: Mapping[str, str], idempotency_key: str) -> IntentResult:
        """Hold ``amount_minor`` on the card (a manual-capture PaymentIntent, confirmed at once).

        :return: the intent in ``requires_capture``; :raise CardDeclined: when the charge fails,
            whether the gateway says so with a 402 or in ``last_payment_error``, and when the card
            asks for authentication (3-D Secure), which a server-side payment cannot give.
        """
        params = {
            "amount": amount_minor,
            "currency": currency.lower(),
            "payment_method": payment_method,
            "payment_method_types": ["card"],  # no redirect-based methods, so no return_url needed
            "capture_method": "manual",
            "confirm": True,
            "metadata": _strings(metadata),
        }
        if customer:
            params["customer"] = customer
        with _translated_errors():
            intent = self._intent(self._v1.payment_intents.create(params=params, options=_key(idempotency_key)))
        if intent.status == "requires_action":
            raise CardDeclined("authentication_required", "The card asks for authentication.", intent.id)
        if intent.status == "requires_payment_method":
            raise CardDeclined(intent.failure_code or "card_declined",
                               intent.failure_message or "The card was declined.", intent.id)
        return intent

    def capture(self, intent_id: str, amount_minor: int, idempotency_key: str) -> IntentResult:
        """Take ``amount_minor`` (at most the amount held); the rest of the hold is released."""
        with _translated_errors():
            return self._intent(self._v1.payment_intents.capture(
                intent_id, params={"amount_to_capture": amount_minor}, options=_key(idempotency_key)))

    def cancel(self, intent_id: str, idempotency_key: str) -> IntentResult:
        """Release the whole hold of an uncaptured intent."""
        with _translated_errors():
            return self._intent(self._v1.payment_intents.cancel(intent_id, options=_key(idempotency_key)))

    def refund(self, intent_id: str, amount_minor: int, metadata: Mapping[str, str],
               idempotency_key: str) -> RefundResult:
        """Return ``amount_minor`` of a captured intent to the card.

        The gateway is not trusted to refuse refunding more than was captured (localstripe does
        not check): the ledger must.
        """
        params = {"payment_intent": intent_id, "amount": amount_minor, "metadata": _strings(metadata)}
        with _translated_errors():
            return _refund(self._v1.refunds.create(params=params, options=_key(idempotency_key)).to_dict())

    def retrieve_intent(self, intent_id: str) -> IntentResult:
        with _translated_errors():
            return self._intent(self._v1.payment_intents.retrieve(intent_id))

    def refunds_of(self, intent_id: str) -> list[RefundResult]:
        """The refunds of a captured intent (not localstripe's stand-in for an uncaptured remainder)."""
        with _translated_errors():
            pages = self._v1.refunds.list(params={"payment_intent": intent_id, "limit": PAGE_SIZE})
            refunds = [refund.to_dict() for refund in pages.auto_paging_iter()]
        return [_refund(refund) for refund in refunds if refund.get("payment_intent")]

    def find_intent_by_metadata(self, key: str, value: str) -> IntentResult | None:
        """The intent tagged ``key=value``: how a create whose answer was lost is found again.

        Pages through all intents (the list takes no filters on localstripe, and Stripe's search is
        eventually consistent), so tag every attempt with an id of its own: the first match is
        returned.
        """
        return next((intent for intent in self.list_intents() if intent.metadata.get(key) == value), None)

    def list_intents(self) -> Iterator[IntentResult]:
        """Every PaymentIntent the gateway holds, page by page (for the reconciliation)."""
        with _translated_errors():
            for intent in self._v1.payment_intents.list(params={"limit": PAGE_SIZE}).auto_paging_iter():
                yield self._intent(intent)

    def create_transfer(self, amount_minor: int, currency: str, destination: str,
                        metadata: Mapping[str, str], idempotency_key: str) -> TransferResult:
        """Pay a seller's connected account (Stripe Connect); ``GatewayUnsupported`` where there is none."""
        params = {"amount": amount_minor, "currency": currency.lower(), "destination": destination,
                  "metadata": _strings(metadata)}
        with _translated_errors():
            transfer = self._v1.transfers.create(params=params, options=_key(idempotency_key))
        return TransferResult(transfer.id, transfer.amount, transfer.currency.upper(), transfer.destination)

    def _intent(self, intent) -> IntentResult:
        data = intent.to_dict()
        charge = data.get("latest_charge")
        error = data.get("last_payment_error") or {}
        return IntentResult(
            id=data["id"],
            status=data["status"],
            amount=data["amount"],
            currency=data["currency"].upper(),
            amount_captured=self._amount_captured(data),
            latest_charge=charge["id"] if isinstance(charge, dict) else charge,
            failure_code=error.get("code"),
            failure_message=error.get("message"),
            metadata=data.get("metadata") or {},
        )

    def _amount_captured(self, intent: dict) -> int:
        """Stripe says it in ``amount_received``; localstripe has no such field, so work it out.

        localstripe keeps the charge at the full amount held and records the part a partial capture
        did not take as a refund of the charge that names no PaymentIntent.
        """
        if intent["status"] != "succeeded":
            return 0
        if intent.get("amount_received") is not None:
            return intent["amount_received"]
        charge = intent["latest_charge"]
        if isinstance(charge, str):
            charge = self._v1.charges.retrieve(charge).to_dict()
        if charge.get("amount_captured") is not None:
            return charge["amount_captured"]
        refunds = charge.get("refunds") or {}
        if refunds.get("has_more") is False:
            listed = refunds["data"]
        else:
            pages = self._v1.refunds.list(params={"charge": charge["id"], "limit": PAGE_SIZE})
            listed = [refund.to_dict() for refund in pages.auto_paging_iter()]
        return charge["amount"] - sum(refund["amount"] for refund in listed if not refund.get("payment_intent"))


_build_lock = threading.Lock()


def gateway_for(app) -> Gateway:
    """The app's one gateway, built on first use.

    ``STRIPE_API_KEY`` (and ``STRIPE_API_BASE``) when set; otherwise the embedded localstripe: started
    now and stopped at exit in the process that runs it (``GATEWAY_EMBEDDED``, the serving process),
    reached on ``GATEWAY_EMBEDDED_PORT`` from the others (commands).

    :raise GatewayUnavailable: when there is no gateway this process may start or reach.
    """
    gateway = app.extensions.get("payment_gateway")
    if gateway is not None:
        return gateway
    with _build_lock:
        if "payment_gateway" not in app.extensions:
            app.extensions["payment_gateway"] = _build(app)
    return app.extensions["payment_gateway"]


def _build(app) -> Gateway:
    config = app.config
    timeout = float(config.get("GATEWAY_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)
    if config.get("STRIPE_API_KEY"):
        return Gateway(config["STRIPE_API_KEY"], config.get("STRIPE_API_BASE") or stripe.DEFAULT_API_BASE, timeout)
    if config.get("GATEWAY_EMBEDDED", True):
        embedded = EmbeddedGateway()
        base_url = embedded.start(config)
        app.extensions["payment_gateway_embedded"] = embedded  # for configure_webhook
        if not config.get("GATEWAY_EMBEDDED_PORT"):  # the installation's gateway outlives this process
            atexit.register(embedded.stop)
        return Gateway(embedded.api_key, base_url, timeout)
    if config.get("GATEWAY_EMBEDDED_PORT"):
        return Gateway(EMBEDDED_API_KEY, f"http://127.0.0.1:{int(config['GATEWAY_EMBEDDED_PORT'])}", timeout)
    raise GatewayUnavailable("no payment gateway: set STRIPE_API_KEY, or GATEWAY_EMBEDDED_PORT to reach the "
                             "embedded gateway of the serving process")


@contextmanager
def _translated_errors():
    """Turn the SDK's errors into ours, deciding whether the request can have arrived."""
    try:
        yield
    except stripe.CardError as error:
        reported = getattr(error.error, "payment_intent", None)
        raise CardDeclined(error.code or "card_declined", error.user_message or "The card was declined.",
                           getattr(reported, "id", None)) from error
    except stripe.APIConnectionError as error:
        if _never_sent(error):
            raise GatewayUnavailable(f"the payment gateway cannot be reached: {error.user_message}") from error
        raise GatewayTimeout(f"no answer from the payment gateway: {error.user_message}") from error
    except stripe.RateLimitError as error:
        raise GatewayUnavailable(f"the payment gateway is busy: {error.user_message}") from error
    except stripe.StripeError as error:
        status = error.http_status or 0
        if status == 404 and error.error is None:
            # A 404 without a Stripe error body: the route itself is missing, not an object.
            raise GatewayUnsupported(f"the payment gateway has no such API: {error.user_message}") from error
        if status >= 500 or not status:
            raise GatewayTimeout(f"the payment gateway failed ({status}): {error.user_message}") from error
        raise GatewayRejected(error.user_message or f"refused by the payment gateway ({status})") from error


def _never_sent(error: stripe.APIConnectionError) -> bool:
    """Whether the connection was never made (so the gateway saw nothing).

    requests raises ``ConnectionError`` both for a refused connection and for one the server closed
    after reading our request, and the SDK marks both ``should_retry``; only urllib3's reason tells
    them apart: a connect timeout (refused and DNS failures are subclasses of it) means no request left.
    """
    cause = error.__cause__
    if not isinstance(cause, requests.exceptions.ConnectionError) or not cause.args:
        return False
    return isinstance(getattr(cause.args[0], "reason", None), ConnectTimeoutError)


def _key(idempotency_key):
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


def _strings(metadata):
    return {str(key): str(value) for key, value in metadata.items()}


def _metadata(stripe_object) -> dict:
    return stripe_object.to_dict().get("metadata") or {}


def _refund(data: dict) -> RefundResult:
    return RefundResult(data["id"], data["amount"], data["currency"].upper(), data["status"],
                        data.get("metadata") or {})
