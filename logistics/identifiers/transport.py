"""Transport identifiers: ISO 6346 container numbers, IMO ship numbers, UN/LOCODEs.

Pure functions (no Flask, no database). Each returns the normalised identifier or raises
:class:`InvalidIdentifier` naming the field and what is wrong with it.
"""

from __future__ import annotations

import re

from stdnum import imo as _imo
from stdnum import iso6346 as _iso6346
from logistics.messages import message

__all__ = ["InvalidIdentifier", "container_number", "imo_number", "unlocode"]


class InvalidIdentifier(ValueError):
    """An identifier that cannot be accepted; ``field`` names it, ``message`` says why."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(f"{field}: {text}")
        self.field = field
        self.message = text


_SEPARATORS = re.compile(r"[\s\-./]+")
_CONTAINER = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")
_UNLOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")


def container_number(text: str) -> str:
    """Return an ISO 6346 container number as 11 characters (``CSQU3054383``).

    Spaces, hyphens and case are normalised (``csqu 305438-3`` is accepted).
    """
    if not isinstance(text, str):
        raise InvalidIdentifier("container_number", message("a container number is text"))
    number = _SEPARATORS.sub("", text).upper()
    if not number:
        raise InvalidIdentifier("container_number", message("a container number is required"))
    if len(number) != 11:
        raise InvalidIdentifier(
            "container_number",
            message("%(number)r has %(length)s characters; an ISO 6346 number has 11 "
                    "(owner code, category U/J/Z, 6 digits, check digit)", number=number, length=len(number)),
        )
    if not re.fullmatch(r"[A-Z]{3}", number[:3]):
        raise InvalidIdentifier(
            "container_number", message("owner code %(owner)r must be three letters", owner=number[:3])
        )
    if number[3] not in "UJZ":
        raise InvalidIdentifier(
            "container_number", message("equipment category %(category)r must be U, J or Z", category=number[3])
        )
    if not number[4:].isdigit() or not _CONTAINER.fullmatch(number):
        raise InvalidIdentifier(
            "container_number", message("%(serial)r must be 6 serial digits and a check digit", serial=number[4:])
        )
    expected = _iso6346.calc_check_digit(number[:10])
    if number[10] != expected:
        raise InvalidIdentifier(
            "container_number",
            message("check digit of %(number)s is wrong: expected %(expected)s, got %(got)s",
                    number=number, expected=expected, got=number[10]),
        )
    return _iso6346.validate(number)


def imo_number(text: str) -> str:
    """Return an IMO ship number as its 7 digits (``IMO 9074729`` → ``9074729``)."""
    if not isinstance(text, str):
        raise InvalidIdentifier("imo_number", message("an IMO number is text"))
    number = _SEPARATORS.sub("", text).upper()
    if number.startswith("IMO"):
        number = number[3:]
    if not number:
        raise InvalidIdentifier("imo_number", message("an IMO number is required"))
    if not number.isdigit() or not number.isascii():
        raise InvalidIdentifier(
            "imo_number", message("%(number)r must be 7 digits (optionally after 'IMO')", number=number)
        )
    if len(number) != 7:
        raise InvalidIdentifier("imo_number", message("%(number)r has %(length)s digits; an IMO number has 7",
                                                number=number, length=len(number)))
    expected = _imo.calc_check_digit(number[:6])
    if number[6] != expected:
        raise InvalidIdentifier(
            "imo_number", message("check digit of IMO %(number)s is wrong: expected %(expected)s, got %(got)s",
                                  number=number, expected=expected, got=number[6])
        )
    return _imo.validate(number)


def unlocode(text: str) -> str:
    """Return a UN/LOCODE as 5 upper-case characters (``CN TXG`` → ``CNTXG``).

    Shape check only: 2-letter country code, then 3 characters from A–Z and 2–9.
    """
    if not isinstance(text, str):
        raise InvalidIdentifier("unlocode", message("a UN/LOCODE is text"))
    code = _SEPARATORS.sub("", text).upper()
    if not _UNLOCODE.fullmatch(code):
        raise InvalidIdentifier(
            "unlocode",
            message("%(text)r is not a UN/LOCODE: 2-letter country code then 3 characters "
                    "from A-Z and 2-9 (e.g. CNTXG)", text=text),
        )
    return code
