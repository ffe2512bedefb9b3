"""The shipment's state machine, pure so that every event sequence can be checked by property tests.

A shipment goes booked → picked_up → in_transit → at_port → customs_hold → out_for_delivery →
delivered, and may loop between in_transit and at_port over several legs. It moves only by a
``Move`` derived from an event (a port event, an EPCIS event, a read at the buyer's dock, the
buyer's confirmation). Events arrive late and out of order, so a move that would go back, or that
does not apply to the current status, changes nothing instead of failing. Delivered is final. An
exception (delayed, damaged, lost, refused) holds the shipment where it is until it is cleared;
only a delayed shipment may still be delivered while held.
"""
import enum


class ShipmentStatus(enum.StrEnum):
    BOOKED = "booked"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    AT_PORT = "at_port"
    CUSTOMS_HOLD = "customs_hold"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"


class ShipmentException(enum.StrEnum):
    DELAYED = "delayed"
    DAMAGED = "damaged"
    LOST = "lost"
    REFUSED = "refused"


class Move(enum.StrEnum):
    """What an event says happened to the goods."""

    PICK_UP = "pick_up"  # the carrier has the goods (gate-out at origin, EPCIS shipping)
    DEPART = "depart"  # loaded and leaving (LOAD, DEPA, EPCIS departing/loading)
    ARRIVE = "arrive"  # at a port or terminal (ARRI, DISC, EPCIS arriving/unloading)
    HOLD_CUSTOMS = "hold_customs"  # held for inspection (INSP)
    RELEASE_CUSTOMS = "release_customs"  # inspected and released (RSEA)
    OUT_FOR_DELIVERY = "out_for_delivery"  # leaving the discharge port for the buyer (GTOT there)
    DELIVER = "deliver"  # read at the buyer's dock, or confirmed by the buyer


S = ShipmentStatus

# Move → (the statuses it applies from, the status it leads to).
MOVES = {
    Move.PICK_UP: (frozenset({S.BOOKED}), S.PICKED_UP),
    Move.DEPART: (frozenset({S.BOOKED, S.PICKED_UP, S.AT_PORT}), S.IN_TRANSIT),
    Move.ARRIVE: (frozenset({S.BOOKED, S.PICKED_UP, S.IN_TRANSIT}), S.AT_PORT),
    Move.HOLD_CUSTOMS: (frozenset({S.AT_PORT}), S.CUSTOMS_HOLD),
    Move.RELEASE_CUSTOMS: (frozenset({S.CUSTOMS_HOLD}), S.AT_PORT),
    Move.OUT_FOR_DELIVERY: (frozenset({S.PICKED_UP, S.IN_TRANSIT, S.AT_PORT}), S.OUT_FOR_DELIVERY),
    Move.DELIVER: (frozenset(set(S) - {S.DELIVERED}), S.DELIVERED),
}

# The only move a held shipment still takes, by exception.
MOVES_WHILE_HELD = {ShipmentException.DELAYED: frozenset({Move.DELIVER})}


class Why(enum.StrEnum):
    """Why a move changes nothing."""

    FINAL = "final"  # delivered already
    HELD = "held"  # an exception holds the shipment
    NOT_FROM_HERE = "not_from_here"  # the move does not apply to the current status (late or repeated)


def why_not(status, exception, move):
    """:return: why ``move`` leaves a shipment in ``status`` (held by ``exception`` or None) as it is, or None."""
    status, move = ShipmentStatus(status), Move(move)
    if status == S.DELIVERED:
        return Why.FINAL
    if exception is not None and move not in MOVES_WHILE_HELD.get(ShipmentException(exception), frozenset()):
        return Why.HELD
    if status not in MOVES[move][0]:
        return Why.NOT_FROM_HERE
    return None


def after(status, exception, move):
    """:return: the status ``move`` leads to, or None when it changes nothing (see ``why_not``)."""
    if why_not(status, exception, move) is not None:
        return None
    return MOVES[Move(move)][1]


def first_move(status, exception, moves):
    """:return: ``(move, new status)`` for the first of ``moves`` that changes something, or None."""
    for move in moves:
        target = after(status, exception, move)
        if target is not None:
            return move, target
    return None


def may_report(status, exception):
    """An exception can be reported on a shipment not delivered and not held by another one."""
    return ShipmentStatus(status) != S.DELIVERED and exception is None


def may_clear(status, exception):
    return exception is not None
