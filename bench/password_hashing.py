"""What a login costs the server: our argon2id profile against hashlib's scrypt at a similar memory cost.

Ours: argon2-cffi's default profile (RFC 9106 low-memory: 64 MiB, 3 passes, 4 lanes), verify one
password. Peer: ``hashlib.scrypt`` with n=2**16, r=8 (also 64 MiB), the standard library's
memory-hard function. The figure bounds logins per second per core.
"""
import hashlib
import os

from bench.measure import per_second, report
from marketplace.accounts.passwords import PROFILES

ROUNDS_OF = 10


def run(database_url, instance):
    hasher = PROFILES["standard"]
    stored = hasher.hash("correct horse battery staple")
    salt = os.urandom(16)

    def argon2_verify(count):
        for _ in range(count):
            hasher.verify(stored, "correct horse battery staple")

    def scrypt_derive(count):
        for _ in range(count):
            hashlib.scrypt(b"correct horse battery staple", salt=salt, n=2**16, r=8, p=1, maxmem=2**27)

    report(f"password check, {ROUNDS_OF} checks, 64 MiB each", [
        ("ours: argon2id verify (argon2-cffi default profile)", per_second(argon2_verify, ROUNDS_OF, rounds=3)),
        ("peer: hashlib.scrypt n=2^16 r=8 p=1", per_second(scrypt_derive, ROUNDS_OF, rounds=3)),
    ])
