"""The order state machine, walked along every path hypothesis can think of."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.orders.lifecycle import CANCELLABLE, MOVES, IllegalMove, OrderStatus, check_move, may_cancel

statuses = st.sampled_from(list(OrderStatus))
FINAL = {OrderStatus.COMPLETED, OrderStatus.CANCELLED}


def walk(targets):
    """Apply ``targets`` from "placed", skipping refused moves; :return: the statuses passed through."""
    path = [OrderStatus.PLACED]
    for target in targets:
        try:
            check_move(path[-1], target)
        except IllegalMove:
            continue
        path.append(target)
    return path


@given(st.lists(statuses, max_size=20))
def test_an_order_never_returns_to_a_status_it_left(targets):
    path = walk(targets)
    assert len(path) == len(set(path))


@given(st.lists(statuses, max_size=20))
def test_nothing_follows_a_final_status(targets):
    path = walk(targets)
    assert all(status not in FINAL for status in path[:-1])


@given(st.lists(statuses, max_size=20))
def test_payment_is_awaited_only_after_the_sellers_confirmation(targets):
    path = walk(targets)
    if OrderStatus.AWAITING_PAYMENT in path:
        assert path.index(OrderStatus.CONFIRMED) < path.index(OrderStatus.AWAITING_PAYMENT)


@given(statuses, statuses)
def test_cancelling_is_allowed_exactly_before_shipment(current, target):
    allowed = (current, target) in MOVES
    if target is OrderStatus.CANCELLED:
        assert allowed == may_cancel(current) == (current in CANCELLABLE)


def test_an_order_completes_only_after_payment_shipment_and_delivery():
    assert walk([OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT, OrderStatus.COMPLETED]) == [
        OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT]
    assert walk([OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED,
                 OrderStatus.DELIVERED, OrderStatus.COMPLETED])[-1] == OrderStatus.COMPLETED


@given(st.lists(statuses, max_size=20))
def test_no_order_is_shipped_before_it_is_paid(targets):
    path = walk(targets)
    if OrderStatus.SHIPPED in path:
        assert path.index(OrderStatus.PAID) < path.index(OrderStatus.SHIPPED)


@pytest.mark.parametrize("current", sorted(FINAL))
def test_no_move_leaves_a_final_status(current):
    for target in OrderStatus:
        with pytest.raises(IllegalMove):
            check_move(current, target)
