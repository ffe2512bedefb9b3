"""A seller with a published listing, a buyer's order of it, and a regulator to handle what is filed."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.services import create_staff_token
from marketplace.database import transaction
from marketplace.orders import services as orders
from tests.builders import owner_of
from trading.contracts.models import Contract
from trading.floors.models import Floor

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
    return create_staff_token(regulator, "complaints desk", ["oversight:read", "oversight:write"])[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def contract_between(seller, buyer):
    """A negotiated spot contract stored as the trading floor would have stored it (its making is tested there)."""
    with transaction() as session:
        floor = session.scalar(select(Floor).order_by(Floor.id))
        contract = Contract(source="listing", floor_id=floor.id, buyer_enterprise_id=buyer.id,
                            seller_enterprise_id=seller.id, title_zh="螺纹钢现货", title_en="Rebar spot",
                            quantity=Decimal("100"), unit="t", price_minor=390000, amount_minor=39000000,
                            currency="CNY", delivery_place="天津港", delivery_month="2026-12", status="open")
        session.add(contract)
    return contract
