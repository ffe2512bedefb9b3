"""A contract's deposit follows the buyer's grade at the moment the contract is made: a worse grade raises the
floor's share, no grade lowers it, and a floor asking the whole at once keeps asking it of everyone."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.escrow import services as escrow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.settlement.fixtures import steel_contract
from trading.book import services as book
from trading.contracts.models import Contract
from trading.floors import services as floors


def _steel_deposit(percent):
    floors.floor_by_code("steel").deposit_percent = Decimal(percent)
    db.session.commit()


def _deposit_percent(contract):
    deal = escrow.escrow_of(contract.public_id)
    return Decimal(deal.deposit_minor * 100) / deal.due_minor


@pytest.fixture
def small_floor_deposit(ctx):
    """A steel floor asking 5 %, below every grade's share but AAA's, so the grade's share shows."""
    _steel_deposit("5")


def test_a_bb_buyer_s_next_contract_asks_a_20_per_cent_deposit(grades, buyer, seller, small_floor_deposit):
    grades[buyer] = "BB"
    assert _deposit_percent(steel_contract(buyer, seller)) == 20


def test_a_buyer_whose_grade_drops_pays_a_higher_deposit_on_its_next_contract(grades, buyer, seller,
                                                                             small_floor_deposit):
    first = steel_contract(buyer, seller)  # the neutral grade BBB: 10 %
    grades[buyer] = "B"
    second = steel_contract(buyer, seller)
    assert (_deposit_percent(first), _deposit_percent(second)) == (10, 30)


def test_a_floor_asking_more_than_the_grade_keeps_its_own_deposit(grades, buyer, seller):
    grades[buyer] = "BBB"  # 10 % against the steel floor's 20 %
    assert _deposit_percent(steel_contract(buyer, seller)) == 20


def test_a_deposit_of_the_whole_is_payment_in_full_at_once(grades, buyer, seller):
    grades[buyer] = "CC"
    deal = escrow.escrow_of(steel_contract(buyer, seller).public_id)
    assert deal.deposit_minor == 0
    assert escrow.amount_due(deal) == ("full", deal.due_minor)


def test_a_fill_on_the_book_asks_the_buyer_s_grade_deposit(grades, buyer, seller, rebar_2612, small_floor_deposit):
    grades[buyer] = "BB"
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("30"), 400_000)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("30"), 400_000)
    assert _deposit_percent(db.session.scalar(select(Contract))) == 20


def test_a_aaa_buyer_pays_the_floor_s_own_share(grades, buyer, seller, small_floor_deposit):
    grades[buyer] = "AAA"  # the grade requires nothing up front
    assert _deposit_percent(steel_contract(buyer, seller)) == 5


@pytest.mark.parametrize("grade", ["AAA", "BB", "CCC"])
def test_on_a_floor_asking_the_whole_at_once_every_buyer_pays_in_full_at_once(grades, buyer, seller, ctx, grade):
    _steel_deposit("0")
    grades[buyer] = grade
    deal = escrow.escrow_of(steel_contract(buyer, seller).public_id)
    assert deal.deposit_minor == 0
    assert escrow.amount_due(deal) == ("full", deal.due_minor)


def test_a_large_contract_of_a_buyer_with_a_deferred_payment_limit_still_asks_its_deposit(grades, buyer, seller):
    grades[buyer] = "A"  # deferred payment up to CNY 1,000,000.00, which settlement does not offer yet
    contracts = [steel_contract(buyer, seller, quantity="200") for _ in range(2)]
    assert [_deposit_percent(contract) for contract in contracts] == [20, 20]
