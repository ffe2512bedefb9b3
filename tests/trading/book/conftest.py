"""Rebar on the steel floor (reference 4,000.00 CNY/t: band 3,800.00–4,200.00, tick 1.00, lots of 10 t),
and API tokens of the enterprises trading it."""
import pytest

from tests.trading.market import list_instrument, trading_token


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


@pytest.fixture
def third(world):
    """A second verified seller."""
    return world.enterprise(kinds=("supplier",))


@pytest.fixture
def selling(world, seller):
    return trading_token(world, seller)


@pytest.fixture
def buying(world, buyer):
    return trading_token(world, buyer)
