"""Order entry on the steel floor through the services: checks, fills, contracts, restart."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import list_instrument
from trading.book import services as book
from trading.book.models import BookCommand, FloorOrder
from trading.contracts.models import Contract


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


def test_a_market_order_partly_fills_a_resting_limit_order_and_makes_a_contract(world, seller, buyer, rebar_2612):
    ask = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("100"), 400000)
    assert (ask.status, ask.remaining_lots) == ("open", 10)

    hit = book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "market", Decimal("30"))

    assert (hit.status, hit.filled_lots) == ("filled", 3)
    db.session.refresh(ask)
    assert (ask.status, ask.remaining_lots, ask.filled_lots) == ("partially_filled", 7, 3)
    contract = db.session.scalar(select(Contract))
    assert (contract.buyer, contract.seller, contract.quantity, contract.price_minor) == (
        buyer, seller, Decimal("30"), 400000)
    assert contract.amount_minor == 12_000_000 and contract.status == "awaiting_payment"


def test_an_order_outside_the_band_is_refused_and_changes_nothing(world, seller, rebar_2612):
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 430000)
    assert "band" in refused.value.errors["price"][0]
    assert db.session.scalar(select(func.count()).select_from(FloorOrder)) == 0
    assert db.session.scalar(select(func.count()).select_from(BookCommand)) == 0


def test_a_restart_rebuilds_the_same_book(app, world, seller, buyer, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("50"), 401000)
    order = book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("20"), 399000)
    book.amend_order(owner_of(buyer), buyer, order.public_id, price_minor=400000)
    before = book.current_book(rebar_2612).snapshot()

    app.extensions.pop("trading_books")
    assert book.current_book(rebar_2612).snapshot() == before
