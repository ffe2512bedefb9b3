"""Money in integer minor units with a currency, and quantities as Decimal with a unit. Never float.

Pure: no Flask, no database. Rounding of a line total (unit price × quantity) is half-up to the
currency's minor unit, the convention of Chinese commercial invoices.
"""
import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINOR_DIGITS = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0}
DEFAULT_CURRENCY = "CNY"


class MoneyError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self):
        if self.currency not in MINOR_DIGITS:
            raise MoneyError(f"unknown currency {self.currency!r}")
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise MoneyError("minor units must be an int")

    @classmethod
    def of(cls, amount, currency=DEFAULT_CURRENCY):
        """``Money.of("4100.50")``; refuses more decimals than the currency has (no silent rounding)."""
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            raise MoneyError(f"{amount!r} is not an amount") from None
        if not value.is_finite():
            raise MoneyError(f"{amount!r} is not an amount")
        scaled = value.scaleb(MINOR_DIGITS.get(currency, 2))
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"{amount} has more decimals than {currency} allows")
        return cls(int(scaled), currency)

    @property
    def amount(self):
        return Decimal(self.minor).scaleb(-MINOR_DIGITS[self.currency])

    def times(self, quantity):
        """The total of ``quantity`` units at this unit price, rounded half-up to a minor unit."""
        total = (Decimal(self.minor) * Decimal(quantity)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(total), self.currency)

    def __add__(self, other):
        self._same_currency(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other):
        self._same_currency(other)
        return Money(self.minor - other.minor, self.currency)

    def _same_currency(self, other):
        if not isinstance(other, Money) or other.currency != self.currency:
            raise MoneyError("amounts in different currencies cannot be combined")


class Unit(enum.StrEnum):
    """Units of trade. Codes are stored and sent in the API; pages show translated names."""

    TONNE = "t"
    KILOGRAM = "kg"
    CUBIC_METRE = "m3"
    LITRE = "L"
    TEU = "TEU"
    PIECE = "piece"
    SET = "set"
    SAMPLE = "sample"
    HOUR = "hour"
    DAY = "day"
    TRIP = "trip"
    PROJECT = "project"


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: Unit

    @classmethod
    def of(cls, value, unit):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise MoneyError(f"{value!r} is not a quantity") from None
        if not number.is_finite():
            raise MoneyError(f"{value!r} is not a quantity")
        return cls(number, Unit(unit))
