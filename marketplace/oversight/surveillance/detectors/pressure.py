"""Who pushed the price: the enterprise whose aggressive orders took most of the volume in one direction.

Shared by marking the close and ramping, which differ only in which stretch of trades they weigh.
"""
from collections import defaultdict
from decimal import Decimal


def aggressor(trade):
    """The enterprise whose incoming order made the trade."""
    return trade.buyer if trade.aggressor == "buy" else trade.seller


def direction(before, after):
    """"buy" when the price rose from ``before`` to ``after``, "sell" when it fell, None when unchanged."""
    if after > before:
        return "buy"
    if after < before:
        return "sell"
    return None


def leader(trades, side):
    """(enterprise, its trades, its share of all the quantity) for the biggest aggressor on ``side``.

    Ties go to the smaller enterprise id, so the answer never depends on the order of ``trades``.
    """
    total = sum((trade.quantity for trade in trades), Decimal(0))
    pushed = defaultdict(list)
    for trade in trades:
        if trade.aggressor == side:
            pushed[aggressor(trade)].append(trade)
    if not pushed or not total:
        return None
    enterprise = min(pushed, key=lambda name: (-sum(trade.quantity for trade in pushed[name]), name))
    mine = pushed[enterprise]
    return enterprise, mine, sum((trade.quantity for trade in mine), Decimal(0)) / total


def move(before, after):
    """The relative change from ``before`` to ``after`` as a Decimal fraction (0.012 = 1.2 %)."""
    return (Decimal(after) - Decimal(before)) / Decimal(before)
