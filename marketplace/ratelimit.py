"""Rate limits: whom a request counts against, and whether this app applies limits at all."""
import hashlib

from flask import current_app, request


def client_key():
    """Per API token (by its hash, so counters never hold the secret), else per client address.

    The limiter runs before the permission gate, so the key comes from the header itself.
    """
    scheme, _sep, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return "token:" + hashlib.sha256(credential.strip().encode()).hexdigest()
    return f"addr:{request.remote_addr}"


def limits_switched_off():
    """The limiter object is shared by every app in a process; each app's own RATE_LIMITS decides."""
    return not current_app.config["RATE_LIMITS"]
