"""The shipment's state machine over any sequence of moves and exceptions."""
from hypothesis import given
from hypothesis import strategies as st

from logistics.shipments.lifecycle import (
    Move, ShipmentException, ShipmentStatus, Why, after, first_move, may_report, why_not,
)

statuses = st.sampled_from(list(ShipmentStatus))
exceptions = st.one_of(st.none(), st.sampled_from(list(ShipmentException)))
moves = st.sampled_from(list(Move))


def run(sequence, status=ShipmentStatus.BOOKED):
    """Apply moves as the services do: one that changes nothing is skipped."""
    visited = [status]
    for move in sequence:
        status = after(status, None, move) or status
        visited.append(status)
    return visited


@given(exceptions, moves)
def test_delivered_is_final(exception, move):
    assert after(ShipmentStatus.DELIVERED, exception, move) is None
    assert why_not(ShipmentStatus.DELIVERED, exception, move) == Why.FINAL


@given(st.lists(moves.filter(lambda move: move != Move.DELIVER), max_size=30))
def test_only_a_delivery_delivers(sequence):
    assert ShipmentStatus.DELIVERED not in run(sequence)


@given(st.lists(moves, max_size=30))
def test_once_delivered_a_shipment_stays_delivered(sequence):
    visited = run(sequence)
    if ShipmentStatus.DELIVERED in visited:
        assert set(visited[visited.index(ShipmentStatus.DELIVERED):]) == {ShipmentStatus.DELIVERED}


@given(statuses, moves)
def test_a_delivery_delivers_from_anywhere_not_delivered(status, move):
    if status != ShipmentStatus.DELIVERED:
        assert after(status, None, Move.DELIVER) == ShipmentStatus.DELIVERED


@given(statuses, st.sampled_from([ShipmentException.DAMAGED, ShipmentException.LOST, ShipmentException.REFUSED]),
       moves)
def test_an_exception_holds_the_shipment_where_it_is(status, exception, move):
    assert after(status, exception, move) is None


@given(statuses, moves)
def test_a_delayed_shipment_can_only_be_delivered(status, move):
    target = after(status, ShipmentException.DELAYED, move)
    assert target is None or (move == Move.DELIVER and target == ShipmentStatus.DELIVERED)


def test_a_sea_route_in_order():
    visited = run([Move.PICK_UP, Move.DEPART, Move.ARRIVE, Move.DEPART, Move.ARRIVE, Move.HOLD_CUSTOMS,
                   Move.RELEASE_CUSTOMS, Move.OUT_FOR_DELIVERY, Move.DELIVER])
    assert visited == ["booked", "picked_up", "in_transit", "at_port", "in_transit", "at_port", "customs_hold",
                       "at_port", "out_for_delivery", "delivered"]


def test_late_events_change_nothing():
    assert after(ShipmentStatus.AT_PORT, None, Move.PICK_UP) is None
    assert why_not(ShipmentStatus.OUT_FOR_DELIVERY, None, Move.ARRIVE) == Why.NOT_FROM_HERE
    assert first_move(ShipmentStatus.PICKED_UP, None, [Move.PICK_UP, Move.DEPART]) == (Move.DEPART, "in_transit")
    assert first_move(ShipmentStatus.AT_PORT, None, [Move.PICK_UP]) is None


def test_one_exception_at_a_time_and_none_once_delivered():
    assert may_report("in_transit", None)
    assert not may_report("in_transit", "delayed")
    assert not may_report("delivered", None)
