"""Secrets handed to people once (reset links, invitations, API tokens) and stored only as hashes.

They carry 256 random bits, so a plain SHA-256 is enough at rest: there is nothing to brute-force,
and lookup by hash stays a single indexed query.
"""
import hashlib
import secrets

TOKEN_PREFIX = "bhk"
DEVICE_TOKEN_PREFIX = "bhr"  # RFID readers' device tokens


def new_secret():
    """:return: ``(plain, sha256_hex)``; show ``plain`` once, keep the hash."""
    plain = secrets.token_urlsafe(32)
    return plain, fingerprint(plain)


def new_api_token(prefix=TOKEN_PREFIX):
    """:return: ``(plain, display_prefix, sha256_hex)`` for a token such as ``bhk_Ab12…`` (``bhr_…`` for readers)."""
    plain = f"{prefix}_{secrets.token_urlsafe(32)}"
    return plain, plain[:12], fingerprint(plain)


def fingerprint(plain):
    return hashlib.sha256(plain.encode()).hexdigest()
