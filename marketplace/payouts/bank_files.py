"""The bank-transfer file of a settlement batch and the bank details it carries. Pure: no Flask, no database.

A bank imports the CSV as it stands, so every cell is plain text: amounts in the currency's major
unit with its exact minor digits, account numbers as digits only, and no cell that a spreadsheet
would run as a formula (a payee name may begin with "=").
"""
import csv
import io
import re
from dataclasses import dataclass

from marketplace.money import Money

ACCOUNT_DIGITS = (8, 30)
HEADER = ("payee_name", "credit_code", "bank_name", "account_number", "amount", "currency", "reference")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GROUPING = re.compile(r"[\s-]+")


class BadAccountNumber(ValueError):
    """Not 8 to 30 digits once the spaces and hyphens people group them with are taken out."""


def account_number(raw):
    """The digits of a bank account number as written on a form (``6222 0204-0200 1234``).

    :raise BadAccountNumber: unless 8 to 30 digits remain and nothing else.
    """
    digits = _GROUPING.sub("", raw or "")
    low, high = ACCOUNT_DIGITS
    if not (digits.isascii() and digits.isdigit() and low <= len(digits) <= high):
        raise BadAccountNumber(raw)
    return digits


@dataclass(frozen=True)
class Line:
    """One transfer of the batch: to whom, where, how much, and the reference the bank statement shows."""

    payee_name: str
    credit_code: str
    bank_name: str
    account_number: str
    amount_minor: int
    currency: str
    reference: str


def amount_text(amount_minor, currency):
    """``123456`` CNY as ``1234.56``: the major unit with the currency's minor digits, no grouping."""
    return str(Money(amount_minor, currency).amount)


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def batch_csv(lines):
    """The CSV text (header first) of ``lines``; the caller encodes it (UTF-8 with a BOM for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow([_cell(line.payee_name), _cell(line.credit_code), _cell(line.bank_name),
                         _cell(line.account_number), amount_text(line.amount_minor, line.currency),
                         line.currency, _cell(line.reference)])
    return out.getvalue()
