"""A payment index in the style of Dun & Bradstreet's PAYDEX: 100 pays early, 80 on time, 50 late.

The index is a straight line through three anchors of amount-weighted days beyond terms:
30 days early → 100, on the due date → 80, 30 days late → 50. Beyond the anchors the line goes on
with the same slope on each side and is clamped to 0..100, so paying more than 30 days early earns
nothing more (100), and lateness keeps costing one point a day until 80 days late reaches 0.
"""
import math

EARLY_SLOPE = 20 / 30   # points per day early, up to 100
LATE_SLOPE = 30 / 30    # points per day late, down to 0


def days_beyond_terms(payment, day):
    """Days between due and paid (negative when early), or None if nothing can be judged yet at ``day``.

    An unpaid payment is late by the days it has been overdue; one not yet due (and not paid) or paid
    after ``day`` but not yet overdue says nothing yet.
    """
    if payment.paid is not None and payment.paid <= day:
        return (payment.paid - payment.due).days
    if payment.due < day:
        return (day - payment.due).days
    return None


def average_days_beyond_terms(payments, day):
    """Amount-weighted mean days beyond terms of the payments that can be judged at ``day``; None if none."""
    judged = [(p.amount_minor, days) for p in payments if (days := days_beyond_terms(p, day)) is not None]
    if not judged:
        return None
    return sum(amount * days for amount, days in judged) / sum(amount for amount, _days in judged)


def index_for_days(days):
    """The index for a mean of ``days`` beyond terms, rounded half up; it never rises as days grow."""
    raw = 80 - days * (EARLY_SLOPE if days < 0 else LATE_SLOPE)
    return max(0, min(100, math.floor(raw + 0.5)))


def payment_index(payments, day):
    """The index over ``payments`` as of ``day``; None when there is nothing to judge."""
    days = average_days_beyond_terms(payments, day)
    return None if days is None else index_for_days(days)
