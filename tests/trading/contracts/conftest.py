"""Two fills of rebar on the steel floor between a verified seller and buyer: two contracts."""
import pytest

from tests.builders import owner_of
from tests.trading.market import list_instrument
from trading.book import services as book


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


@pytest.fixture
def two_fills(seller, buyer, rebar_2612):
    """30 t at 4,000.00 then 20 t at 4,010.00; returns the buyer's two filled orders, oldest first."""
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "30", 400000)
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "20", 401000)
    return [book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "market", quantity)
            for quantity in ("30", "20")]
