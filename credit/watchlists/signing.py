"""Signatures of outgoing credit webhooks: HMAC-SHA256 over ``"<timestamp>.<body>"`` under the endpoint's secret.

The header reads ``Binhai-Signature: t=<unix seconds>,v1=<hex digest>``. Signing the timestamp with
the body means a captured request cannot be replayed later with a fresh time, and a receiver refuses
one older than ``TOLERANCE_SECONDS``. Pure (standard library only), so a receiver may copy
:func:`verify` as it is.
"""
import hashlib
import hmac
import time

SIGNATURE_HEADER = "Binhai-Signature"
SCHEME = "v1"
TOLERANCE_SECONDS = 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under ``secret``."""
    signed = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The ``Binhai-Signature`` header value for ``body`` sent at ``timestamp`` (unix seconds)."""
    return f"t={int(timestamp)},{SCHEME}={signature(secret, body, timestamp)}"


def _parsed(header: str):
    """:return: ``(timestamp, [v1 signatures])``; ``(None, [])`` when the header is malformed."""
    timestamp, signatures = None, []
    for part in (header or "").split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    return timestamp, signatures


def verify(secret: str, body: bytes, header: str, now: float | None = None,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Whether ``header`` signs exactly ``body`` under ``secret`` and was made within ``tolerance`` seconds of
    ``now`` (default: the current time). Compares in constant time; any ``v1`` entry may match."""
    timestamp, signatures = _parsed(header)
    if timestamp is None or not signatures:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
