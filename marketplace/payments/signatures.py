"""The ``Stripe-Signature`` webhook scheme: ``t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">``.

Pure (no Flask): the webhook view passes the raw body, the header, the secret and the clock. A
header may carry several ``v1`` values (the gateway signs with each live secret while one is being
rolled); any one matching is enough. The timestamp is signed too, so bounding its age refuses a
captured delivery replayed later; bounding it in the future refuses one signed with a wrong clock.
"""
import hashlib
import hmac

SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


class BadSignature(ValueError):
    """The delivery cannot be trusted; ``reason`` says why (for the log, never shown to the sender)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The header value the gateway would send with ``payload`` at ``timestamp``."""
    return f"t={int(timestamp)},{SCHEME}={_digest(payload, secret, int(timestamp))}"


def verify(payload: bytes, header: str | None, secret: str, now: float,
           tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> int:
    """Check ``header`` against ``payload``; :return: the signed timestamp; :raise BadSignature:."""
    timestamp, signatures = _parse(header)
    expected = _digest(payload, secret, timestamp).encode("ascii")
    # Compare with every value (no early exit) so timing tells nothing about which one was close;
    # as bytes, since compare_digest refuses str with non-ASCII characters.
    matched = [hmac.compare_digest(expected, candidate.encode("utf-8")) for candidate in signatures]
    if not any(matched):
        raise BadSignature("no v1 signature matches the payload")
    if abs(now - timestamp) > tolerance:
        raise BadSignature(f"timestamp {timestamp} is more than {tolerance} s away from now ({int(now)})")
    return timestamp


def _digest(payload: bytes, secret: str, timestamp: int) -> str:
    signed = str(timestamp).encode("ascii") + b"." + payload
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def _parse(header):
    if not header:
        raise BadSignature("no Stripe-Signature header")
    timestamps, signatures = [], []
    for item in header.split(","):
        key, separator, value = item.strip().partition("=")
        if not separator:
            raise BadSignature(f"malformed item {item.strip()!r} in the signature header")
        if key == "t":
            timestamps.append(value)
        elif key == SCHEME:
            signatures.append(value)
    if len(timestamps) != 1 or not timestamps[0].isascii() or not timestamps[0].isdigit():
        raise BadSignature("the signature header needs exactly one numeric t=")
    if not signatures:
        raise BadSignature("the signature header has no v1 signature")
    return int(timestamps[0]), signatures
