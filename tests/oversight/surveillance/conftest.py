"""Builders of the surveillance tests: two regulators, their staff tokens, and a wash pair trading rebar.

The wash pair are two enterprises sharing a legal representative (one control group) that trade
with each other on the steel floor's book; the real ``wash_trades`` detector judges them.
"""
import pytest

from marketplace.accounts.models import EnterpriseParty
from marketplace.accounts.services import create_staff_token
from marketplace.extensions import db
from marketplace.oversight.groups.identity import identity_key
from tests.builders import owner_of
from tests.trading.market import list_instrument
from trading.book import services as book

SHARED_REPRESENTATIVE = "11010519491231002X"


@pytest.fixture
def author(world):
    return world.regulator()


@pytest.fixture
def approver(world):
    return world.regulator()


def staff_headers(user, scopes=("oversight:read", "oversight:write")):
    _token, plain = create_staff_token(user, "surveillance desk", list(scopes))
    return {"Authorization": f"Bearer {plain}"}


def share_representative(*enterprises):
    """Give the enterprises one legal representative (and phones of their own), making them one control group."""
    for n, enterprise in enumerate(enterprises):
        enterprise.contact_phone = f"022-6620-{n + 1:04d}"
        db.session.add(EnterpriseParty(enterprise_id=enterprise.id, role="legal_representative", party_kind="person",
                                       name="Li Lei", identifier_masked="", identity_key=identity_key(SHARED_REPRESENTATIVE)))
    db.session.commit()


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


@pytest.fixture
def wash_pair(world, rebar_2612):
    """Two enterprises of one control group; the first sells 20 t of rebar to the second on the book."""
    seller, buyer = world.enterprise(kinds=("supplier",)), world.enterprise(kinds=("buyer",))
    share_representative(seller, buyer)
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "20", 400000)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", "20", 400000)
    return seller, buyer
