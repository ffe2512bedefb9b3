"""The order state machine, pure so that every path through it can be tested exhaustively.

This issue stops at "awaiting payment"; the settlement and logistics issues insert their states
(paid, shipped, delivered) between it and "completed" by adding moves here, nothing else.
"""
import enum


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    AWAITING_PAYMENT = "awaiting_payment"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# Before any money moves either side may walk away; afterwards only a dispute or refund may.
CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT})

MOVES = frozenset({
    (OrderStatus.PLACED, OrderStatus.CONFIRMED),
    (OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT),
    *((status, OrderStatus.CANCELLED) for status in CANCELLABLE),
})


class IllegalMove(ValueError):
    pass


def check_move(current, target):
    """:raise IllegalMove: unless the machine allows ``current -> target``."""
    if (OrderStatus(current), OrderStatus(target)) not in MOVES:
        raise IllegalMove(f"an order cannot go from {current} to {target}")


def may_cancel(status):
    return OrderStatus(status) in CANCELLABLE
