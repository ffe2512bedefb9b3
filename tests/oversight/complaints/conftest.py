"""A seller with a published listing, a buyer's order of it, and a regulator to handle what is filed."""
from datetime import date

import pytest

from marketplace.orders import services as orders
from tests.builders import owner_of

# A Wednesday before the National Day holidays (1–7 Oct 2026; Saturday 10 Oct is a working day).
BEFORE_NATIONAL_DAY = date(2026, 9, 30)


@pytest.fixture
def order(buyer, rebar):
    """10 t of rebar the buyer ordered from the seller."""
    return orders.buy_listing(owner_of(buyer), buyer, rebar.public_id, "10", "天津市滨海新区 Binhai")


@pytest.fixture
def regulator(world):
    return world.regulator()


@pytest.fixture
def regulator_token(regulator):
    from marketplace.accounts.services import create_staff_token

    return create_staff_token(regulator, "complaints desk", ["oversight:read", "oversight:write"])[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}
