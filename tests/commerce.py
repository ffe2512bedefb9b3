"""Fixtures shared by the order and sourcing tests: a seller, a buyer and a published rebar listing."""
import pytest

from tests.orders.listings import publish_product


@pytest.fixture
def seller(world):
    return world.enterprise(kinds=("supplier",))


@pytest.fixture
def buyer(world):
    return world.enterprise(kinds=("buyer",))


@pytest.fixture
def rebar(seller):
    """500 t of rebar: 4100.50/t from 5 t, 3980/t from 50 t, 3890/t from 200 t."""
    return publish_product(seller)
