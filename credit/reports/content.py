"""What an issued credit report says, as one canonical JSON text, its SHA-256, and the report's number.

Pure: no Flask, no database. The same content always gives the same bytes (keys sorted, no
spaces, UTF-8 kept as is), so the hash printed on a PDF and shown on the verification page can be
recomputed by anyone holding the content.
"""
import hashlib
import json
from datetime import date

NUMBER_PREFIX = "BHCR"
# Crockford's base 32: no I, L, O or U, so a number read aloud or typed from paper is not misread.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_LENGTH = 8


def canonical_json(content: dict) -> bytes:
    """The content as canonical JSON bytes. :raise TypeError: for a value JSON cannot hold."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=_refuse).encode("utf-8")


def _refuse(value):
    raise TypeError(f"a report's content holds only JSON values, not {type(value).__name__}")


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def report_number(day: date, random_bytes: bytes) -> str:
    """``BHCR-20261126-7K3QX9M2``: the issue day (Asia/Shanghai) and eight characters no one can guess.

    ``random_bytes`` (at least five) come from the caller's source of randomness; numbers are not a
    sequence, so the public verification page cannot be walked report by report.
    """
    if len(random_bytes) < 5:
        raise ValueError("a report number needs at least five random bytes")
    value = int.from_bytes(random_bytes[:5], "big")
    characters = []
    for _position in range(NUMBER_LENGTH):
        value, index = divmod(value, len(NUMBER_ALPHABET))
        characters.append(NUMBER_ALPHABET[index])
    return f"{NUMBER_PREFIX}-{day:%Y%m%d}-{''.join(characters)}"


def normalised_number(text: str) -> str:
    """A number as typed (lower case, spaces, O for 0, I or L for 1) in the form it is stored."""
    cleaned = "".join(text.split()).upper()
    prefix, _dash, rest = cleaned.partition("-")
    day, _dash, code = rest.partition("-")
    code = code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return f"{prefix}-{day}-{code}" if code else cleaned
