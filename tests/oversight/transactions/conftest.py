"""A small market for the regulator to search: one rebar trade between a seller and a buyer on the steel floor."""
import pytest

from marketplace.accounts.services import create_staff_token
from tests.builders import owner_of
from tests.trading.market import list_instrument
from trading.book import services as book


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


@pytest.fixture
def traded(world, seller, buyer, rebar_2612):
    """20 t sold at 4,012.00 and bought by ``buyer`` with a market order for 10 t."""
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "20", 401200)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "market", "10")
    return rebar_2612


@pytest.fixture
def regulator_api(world):
    """``Authorization`` headers of a regulator's staff token that may read oversight data."""
    regulator = world.regulator()
    return {"Authorization": f"Bearer {create_staff_token(regulator, 'console', ['oversight:read'])[1]}"}
