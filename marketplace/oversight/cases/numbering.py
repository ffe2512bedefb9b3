"""Case numbers ``BHJG-YYYYMMDD-NNNN``: the Shanghai day a case gathers and its place among that day's cases.

Pure, so the format and its parsing are tested by properties; the database keeps the numbers unique.
"""
from datetime import date

PREFIX = "BHJG"
WIDTH = 4


def day_prefix(day: date) -> str:
    """What every number of ``day`` starts with (``BHJG-20261126-``)."""
    return f"{PREFIX}-{day:%Y%m%d}-"


def case_number(day: date, sequence: int) -> str:
    """The ``sequence``-th case number of ``day`` (1-based); sequences past 9999 keep all their digits."""
    if sequence < 1:
        raise ValueError("a case sequence starts at 1")
    return f"{day_prefix(day)}{sequence:0{WIDTH}d}"


def sequence_of(number: str) -> int:
    """The day's sequence within ``number`` (inverse of ``case_number``)."""
    return int(number.rsplit("-", 1)[1])


def next_sequence(numbers_of_day) -> int:
    """The sequence after the highest one among the day's ``numbers_of_day`` (1 on a day without cases)."""
    return max((sequence_of(number) for number in numbers_of_day), default=0) + 1
