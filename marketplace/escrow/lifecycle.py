"""The escrow's state machine, pure so that every path can be checked exhaustively.

Money moves only on some edges (capture into "paid", release out of "delivered", refund into
"cancelled" or "resolved"); the machine says which edges exist, the services move the money.
"""
import enum


class EscrowStatus(enum.StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    DEPOSIT_PAID = "deposit_paid"
    PAID = "paid"  # in full, held in escrow
    SHIPPED = "shipped"
    DELIVERED = "delivered"  # at least one delivery confirmed; inspection running
    DISPUTED = "disputed"  # frozen: nothing is released while a dispute is open
    RELEASED = "released"  # everything delivered, inspected and paid out to the seller
    RESOLVED = "resolved"  # a dispute was decided: released, refunded or split
    CANCELLED = "cancelled"  # before shipment; whatever was paid is refunded


# Before the goods leave, either side may still walk away (paid money is refunded).
CANCELLABLE = frozenset({EscrowStatus.AWAITING_PAYMENT, EscrowStatus.DEPOSIT_PAID, EscrowStatus.PAID})
DISPUTABLE = frozenset({EscrowStatus.SHIPPED, EscrowStatus.DELIVERED})
CLOSED = frozenset({EscrowStatus.RELEASED, EscrowStatus.RESOLVED, EscrowStatus.CANCELLED})

MOVES = frozenset({
    (EscrowStatus.AWAITING_PAYMENT, EscrowStatus.DEPOSIT_PAID),
    (EscrowStatus.AWAITING_PAYMENT, EscrowStatus.PAID),
    (EscrowStatus.DEPOSIT_PAID, EscrowStatus.PAID),
    (EscrowStatus.PAID, EscrowStatus.SHIPPED),
    (EscrowStatus.SHIPPED, EscrowStatus.DELIVERED),
    (EscrowStatus.DELIVERED, EscrowStatus.RELEASED),
    *((status, EscrowStatus.DISPUTED) for status in DISPUTABLE),
    (EscrowStatus.DISPUTED, EscrowStatus.RESOLVED),
    *((status, EscrowStatus.CANCELLED) for status in CANCELLABLE),
})


class IllegalMove(ValueError):
    pass


def check_move(current, target):
    """:raise IllegalMove: unless the machine allows ``current -> target``."""
    if (EscrowStatus(current), EscrowStatus(target)) not in MOVES:
        raise IllegalMove(f"an escrow cannot go from {current} to {target}")


def next_part(status, deposit_minor, due_minor, captured_minor):
    """``(part, amount)`` the buyer pays next, or None when nothing is due in this status."""
    if status == EscrowStatus.AWAITING_PAYMENT:
        return ("deposit", deposit_minor) if deposit_minor else ("full", due_minor)
    if status == EscrowStatus.DEPOSIT_PAID:
        return "balance", due_minor - captured_minor
    return None
