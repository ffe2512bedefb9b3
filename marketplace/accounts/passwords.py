"""Argon2id password hashing (memory-hard); the test profile is cheaper but the same algorithm."""
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

PROFILES = {
    "standard": PasswordHasher(),  # argon2-cffi's RFC 9106 low-memory profile: 64 MiB, 3 passes
    "fast": PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
}

MIN_LENGTH = 10


def _hasher():
    return PROFILES[current_app.config["PASSWORD_HASH_COST"]]


def hash_password(plain):
    return _hasher().hash(plain)


def check_password(stored_hash, plain):
    try:
        return _hasher().verify(stored_hash, plain)
    except (VerificationError, InvalidHashError):
        return False


def waste_time_like_a_check():
    """Spend what a real check costs, so a login for an unknown email is not faster than a wrong password."""
    check_password(_dummy_hash(current_app.config["PASSWORD_HASH_COST"]), "not the password")


@functools.cache
def _dummy_hash(profile):
    return PROFILES[profile].hash("a password nobody has")
