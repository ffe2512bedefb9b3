"""The grade → trading terms table, read from configuration and checked once. Pure: no Flask, no database.

One row per grade: the deposit share a floor contract asks at least (per cent), the most the
enterprise's open floor orders may be worth, and its open-account (deferred-payment) limit (both in
minor units of ``TERMS_CURRENCY``; settlement offers no deferred payment yet). Grade C may never
trade; the table cannot say otherwise.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from credit.scoring.model import GRADES

TERMS_CURRENCY = "CNY"
BARRED_GRADE = "C"
_FIELDS = {"deposit_percent", "max_open_order_minor", "open_account_minor", "may_trade"}


class TermsTableError(ValueError):
    """The configured table cannot be used; the message names the grade and the field."""


@dataclass(frozen=True)
class GradeTerms:
    """What one grade may do on the platform."""

    grade: str
    deposit_percent: Decimal
    max_open_order_minor: int
    open_account_minor: int
    may_trade: bool = True


def read_table(table):
    """``{grade: GradeTerms}`` for every grade AAA … C, from the configuration's ``CREDIT_TERMS`` mapping.

    :raise TermsTableError: for a missing or unknown grade, an unknown field, a deposit outside 0–100,
        a negative or non-whole limit, or a grade C that may trade.
    """
    if not isinstance(table, dict):
        raise TermsTableError("CREDIT_TERMS must map each grade to its terms")
    missing = [grade for grade in GRADES if grade not in table]
    unknown = sorted(set(table) - set(GRADES))
    if missing or unknown:
        raise TermsTableError(f"CREDIT_TERMS must give terms for exactly the grades {', '.join(GRADES)}"
                              + (f"; missing {', '.join(missing)}" if missing else "")
                              + (f"; unknown {', '.join(map(str, unknown))}" if unknown else ""))
    return {grade: _row(grade, table[grade]) for grade in GRADES}


def _row(grade, row):
    if not isinstance(row, dict):
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}] must be a mapping of its terms")
    unknown = sorted(set(row) - _FIELDS)
    if unknown:
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}] has unknown fields: {', '.join(map(str, unknown))}")
    may_trade = row.get("may_trade", True)
    if not isinstance(may_trade, bool):
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}]['may_trade'] must be true or false")
    if grade == BARRED_GRADE and may_trade:
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}]: grade {BARRED_GRADE} may not trade (may_trade: False)")
    return GradeTerms(grade, _percent(grade, row.get("deposit_percent")), _limit(grade, row, "max_open_order_minor"),
                      _limit(grade, row, "open_account_minor"), may_trade)


def _percent(grade, value):
    try:
        percent = Decimal(str(value)) if value is not None and not isinstance(value, (bool, float)) else None
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite() or not 0 <= percent <= 100:
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}]['deposit_percent'] must be a per cent from 0 to 100 "
                              f"written as a string or integer, not {value!r}")
    return percent


def _limit(grade, row, field):
    value = row.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TermsTableError(f"CREDIT_TERMS[{grade!r}][{field!r}] must be a whole number of minor units, "
                              f"0 or more, not {value!r}")
    return value


def terms_for(grade, table):
    """The terms of ``grade`` in a table ``read_table`` gave. :raise TermsTableError: for an unknown grade."""
    try:
        return table[grade]
    except KeyError:
        raise TermsTableError(f"no trading terms for grade {grade!r}") from None


WHOLE_AT_ONCE = Decimal(100)


def deposit_percent_of(floor_percent, terms):
    """The share (per cent, above 0, at most 100) of a floor contract the buyer pays first.

    In this escrow a floor's deposit of 0 means the whole is paid at once, so such a floor asks 100 %;
    the grade's ``deposit_percent`` is the least share it requires up front (AAA: none). The higher of
    the two applies, so a worse grade may raise the floor's share but no grade lowers it. A share of
    100 % is payment in full at once (the escrow stores it as a deposit of 0).
    """
    floor_share = Decimal(floor_percent) or WHOLE_AT_ONCE
    return max(floor_share, terms.deposit_percent)
