"""Order entry on the steel floor through the services: checks, fills, contracts, restart."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import cached_book_snapshot, list_instrument
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
    before = cached_book_snapshot(app, rebar_2612.id)

    app.extensions.pop("trading_books")
    assert book.committed_book(rebar_2612).snapshot() == before
    assert book.market_depth(rebar_2612) == book.committed_book(rebar_2612).depth(book.DEPTH_LEVELS)


def test_a_crash_after_matching_loses_nothing_and_the_next_order_trades_on_the_committed_book(
        app, world, seller, buyer, rebar_2612, monkeypatch):
    ask = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("50"), 400000)
    committed = cached_book_snapshot(app, rebar_2612.id)

    def contract_store_down(trade, **options):
        raise RuntimeError("database connection lost")

    monkeypatch.setattr(book.contracts, "from_trade", contract_store_down)
    with pytest.raises(RuntimeError):
        book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("50"), 400000)
    monkeypatch.undo()

    assert book.committed_book(rebar_2612).snapshot() == committed
    assert cached_book_snapshot(app, rebar_2612.id) in (None, committed)  # the half-matched book is gone
    db.session.refresh(ask)
    assert (ask.status, ask.remaining_lots) == ("open", 5)
    retry = book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("50"), 400000)
    assert retry.status == "filled"
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1


@pytest.mark.parametrize("side, kind, quantity, price, field, words", [
    ("sell", "limit", "10", 400050, "price", "multiple of the tick"),
    ("sell", "limit", "15", 400000, "quantity", "whole number of lots"),
    ("buy", "limit", "10", 379900, "price", "band"),
    ("buy", "limit", "5010", 400000, "quantity", "at most"),
])
def test_orders_breaking_a_floor_rule_are_refused_with_the_reason(world, seller, rebar_2612, side, kind, quantity,
                                                                    price, field, words):
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, side, kind, Decimal(quantity), price)
    assert words in refused.value.errors[field][0]
    assert db.session.scalar(select(func.count()).select_from(FloorOrder)) == 0


def test_an_unverified_enterprise_and_a_closed_floor_are_refused(world, buyer, rebar_2612):
    pending = world.enterprise(verified=False)
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(pending), pending, rebar_2612.public_id, "buy", "limit", Decimal("10"), 400000)
    assert "verified" in refused.value.message

    rebar_2612.floor.sessions = []
    db.session.commit()
    with pytest.raises(InvalidInput) as closed:
        book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("10"), 400000)
    assert "closed" in closed.value.message
    assert db.session.scalar(select(func.count()).select_from(BookCommand)) == 0


def test_an_order_that_would_trade_only_with_its_own_enterprise_is_refused_and_changes_nothing(
        world, seller, buyer, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 400000)
    before = book.committed_book(rebar_2612).snapshot()
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, "buy", "limit", Decimal("10"), 400000)
    assert "your own enterprise" in refused.value.message
    assert book.committed_book(rebar_2612).snapshot() == before
    assert db.session.scalar(select(func.count()).select_from(FloorOrder)) == 1


def test_fills_with_others_stand_when_an_own_order_is_met_after_them(world, seller, buyer, rebar_2612):
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "sell", "limit", Decimal("10"), 400000)
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 400100)
    bid = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "buy", "limit", Decimal("20"), 400100)
    assert (bid.status, bid.filled_lots, bid.reason) == ("cancelled", 1, "self_trade_prevented")
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1


def test_the_band_follows_the_previous_days_settlement_price(world, seller, buyer, rebar_2612):
    from datetime import datetime, timezone
    yesterday = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)  # 11:00 in Beijing
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 410000,
                     now=yesterday)
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("30"), 420000,
                     now=yesterday)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("40"), 420000,
                     now=yesterday)
    today = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)
    # settlement = (4,100 × 1 + 4,200 × 3) / 4 = 4,175.00; ± 5 % → 3,966.25 … 4,383.75, inward to whole yuan
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("10"), 396600,
                         now=today)
    assert "3,967.00" in refused.value.errors["price"][0] and "4,383.00" in refused.value.errors["price"][0]
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("10"), 396700, now=today)
