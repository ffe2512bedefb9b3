"""Escrow arithmetic and the inspection clock. Pure: no Flask, no database.

Amounts are minor units. ``due`` is what the buyer pays in all (goods plus the buyer's fee);
``fee`` is the platform's whole fee on the deal (both sides). Pro-rata shares are cumulative and
the last delivery takes the remainder, so rounding never loses or creates a fen.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from marketplace.bookings.calendar import SHANGHAI
from marketplace.workdays import add_working_days


class EscrowRuleBroken(ValueError):
    """A movement the escrow cannot make (more out than in, a split that does not add up)."""


@dataclass(frozen=True)
class Position:
    captured: int = 0
    released: int = 0  # gross out of escrow to the seller, fee included
    refunded: int = 0
    fee_taken: int = 0

    @property
    def held(self):
        return self.captured - self.released - self.refunded

    def check(self):
        """:raise EscrowRuleBroken: when more left the escrow than came in, or a part is negative."""
        if min(self.captured, self.released, self.refunded, self.fee_taken) < 0:
            raise EscrowRuleBroken(f"negative part in {self}")
        if self.held < 0:
            raise EscrowRuleBroken(f"{self.released} released and {self.refunded} refunded of {self.captured}")
        if self.fee_taken > self.released:
            raise EscrowRuleBroken(f"fee {self.fee_taken} above the {self.released} released")
        return self

    def after(self, captured=0, released=0, refunded=0, fee=0):
        return Position(self.captured + captured, self.released + released, self.refunded + refunded,
                        self.fee_taken + fee).check()


def share(total, part, whole):
    """``total × part / whole``, half-up, and exactly ``total`` when ``part`` is the whole."""
    if whole <= 0 or not 0 <= part <= whole:
        raise EscrowRuleBroken(f"a share of {part} in {whole}")
    if part == whole:
        return total
    return int((Decimal(total) * Decimal(part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def release_for_delivery(due, fee, quantity, delivered_total, position):
    """``(gross, fee)`` to release now that ``delivered_total`` of ``quantity`` is delivered and inspected.

    Cumulative: what should have left escrow by now, less what already has; never more than is held.
    """
    gross = share(due, delivered_total, quantity) - position.released
    fee_now = share(fee, delivered_total, quantity) - position.fee_taken
    gross = min(gross, position.held)
    fee_now = max(0, min(fee_now, gross))
    position.after(released=gross, fee=fee_now)
    return gross, fee_now


def split(held, fee_left, refund_to_buyer):
    """``(refund, gross release, fee)`` of a decision refunding ``refund_to_buyer`` of what is held.

    The platform's fee follows the seller's part; a full refund takes no fee.
    """
    if not 0 <= refund_to_buyer <= held:
        raise EscrowRuleBroken(f"a refund of {refund_to_buyer} from {held} held")
    release = held - refund_to_buyer
    return refund_to_buyer, release, share(fee_left, release, held) if held else 0


def inspection_ends(delivered_at, working_days):
    """The end (UTC) of the ``working_days``-th mainland working day after delivery, at midnight Beijing time.

    Weekends and public holidays do not count and make-up working weekends do, as people expect;
    for a year whose schedule ``chinese_calendar`` does not know yet, Monday to Friday count.
    """
    if working_days <= 0:
        return delivered_at
    last_day = add_working_days(delivered_at.astimezone(SHANGHAI).date(), working_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), SHANGHAI).astimezone(delivered_at.tzinfo)
