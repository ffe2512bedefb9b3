"""The order state machine, pure so that every path through it can be tested exhaustively.

From "awaiting payment" on, the order follows its escrow (``marketplace.escrow``): paid, shipped,
delivered, disputed, then completed; cancelled before shipment, with any payment refunded.
"""
import enum


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    DISPUTED = "disputed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# Before the goods leave either side may walk away (a payment is refunded); afterwards only a dispute may.
CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID})

MOVES = frozenset({
    (OrderStatus.PLACED, OrderStatus.CONFIRMED),
    (OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT),
    (OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID),
    (OrderStatus.PAID, OrderStatus.SHIPPED),
    (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
    (OrderStatus.DELIVERED, OrderStatus.COMPLETED),
    (OrderStatus.SHIPPED, OrderStatus.DISPUTED),
    (OrderStatus.DELIVERED, OrderStatus.DISPUTED),
    (OrderStatus.DISPUTED, OrderStatus.COMPLETED),
    *((status, OrderStatus.CANCELLED) for status in CANCELLABLE),
})

# The order status that mirrors each escrow status (a deposit does not apply to orders).
FOLLOWS_ESCROW = {
    "paid": OrderStatus.PAID,
    "shipped": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "disputed": OrderStatus.DISPUTED,
    "released": OrderStatus.COMPLETED,
    "resolved": OrderStatus.COMPLETED,
    "cancelled": OrderStatus.CANCELLED,
}


class IllegalMove(ValueError):
    pass


def check_move(current, target):
    """:raise IllegalMove: unless the machine allows ``current -> target``."""
    if (OrderStatus(current), OrderStatus(target)) not in MOVES:
        raise IllegalMove(f"an order cannot go from {current} to {target}")


def may_cancel(status):
    return OrderStatus(status) in CANCELLABLE
