"""Payouts: a released seller is paid once, by a settlement batch or a gateway transfer, and the ledger follows."""
import csv
import io
from datetime import timedelta

import pytest

from marketplace.errors import Forbidden, InvalidInput
from marketplace.escrow import services as escrow
from marketplace.ledger import services as ledger
from marketplace.payments.gateway import GatewayTimeout, GatewayUnsupported, TransferResult
from marketplace.payments.models import GatewayCall
from marketplace.payouts import methods, services
from marketplace.payouts.models import Payout
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.settlement.fixtures import deliver_all, pay_in_full, steel_contract

BANK = ("中国工商银行天津滨海分行", "6222 0204 0200 1234 567")


def released(buyer, seller, public_id):
    """Pay a deal in full, deliver it, let the inspection window pass; :return: what the seller is owed."""
    pay_in_full(buyer, public_id)
    delivery = deliver_all(buyer, seller, public_id)
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))
    return ledger.balances_of(seller)[("payable", "CNY")]


def with_bank_account(enterprise):
    return services.save_payout_account(owner_of(enterprise), enterprise, BANK[0], enterprise.name_zh, BANK[1])


def books_hold(seller):
    balances = ledger.balances_of(seller)
    platform = ledger.platform_balances()
    return (balances.get(("payable", "CNY"), 0), platform.get(("payouts_in_transit", "CNY"), 0), ledger.verify())


# --- the payout account --------------------------------------------------------------------------------

def test_an_owner_saves_the_bank_account_with_its_digits_only(ctx, seller):
    account = with_bank_account(seller)

    assert (account.bank_name, account.account_number) == (BANK[0], "6222020402001234567")
    assert services.payout_account_of(seller).account_name == seller.name_zh


@pytest.mark.parametrize("number", ["1234 567", "1" * 31, "6222-0204-02AB-1234", ""])
def test_an_account_number_must_be_8_to_30_digits(ctx, seller, number):
    with pytest.raises(InvalidInput) as refused:
        services.save_payout_account(owner_of(seller), seller, BANK[0], seller.name_zh, number)

    assert "account_number" in refused.value.errors
    assert services.payout_account_of(seller) is None


def test_bank_and_account_name_are_required_and_a_connected_account_looks_like_one(ctx, seller):
    with pytest.raises(InvalidInput) as refused:
        services.save_payout_account(owner_of(seller), seller, " ", "", BANK[1], "not-an-account")

    assert set(refused.value.errors) == {"bank_name", "account_name", "connected_account_id"}


def test_only_an_owner_says_where_the_enterprise_is_paid(ctx, world, seller):
    trader = world.member(seller, "trader")

    with pytest.raises(Forbidden):
        services.save_payout_account(trader, seller, BANK[0], seller.name_zh, BANK[1])


# --- a settlement batch -----------------------------------------------------------------------------------

def test_a_batch_pays_the_released_seller_once_and_the_books_hold(steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_bank_account(seller)
    operator = world.operator()

    [payout] = services.start(operator, "CNY")
    batch = payout.batch

    assert (payout.amount_minor, payout.status, payout.method) == (owed, "in_transit", "bank_batch")
    assert books_hold(seller) == (0, owed, [])
    rows = list(csv.DictReader(io.StringIO(services.batch_csv(batch).decode("utf-8-sig"))))
    assert rows == [{"payee_name": seller.name_zh, "credit_code": seller.credit_code, "bank_name": BANK[0],
                     "account_number": "6222020402001234567", "amount": f"{owed / 100:.2f}", "currency": "CNY",
                     "reference": payout.public_id}]

    services.mark_paid(operator, batch.public_id, "ICBC-20260315-0001")
    services.mark_paid(operator, batch.public_id, "ICBC-20260315-0001")

    paid = services.batch_for(batch.public_id)
    assert (paid.status, paid.bank_reference, paid.payouts[0].status) == ("paid", "ICBC-20260315-0001", "paid")
    assert books_hold(seller) == (0, 0, [])
    assert ledger.booked(f"payout_paid:{payout.public_id}") is not None
    assert ledger.platform_balances()[("fee_income", "CNY")] == escrow.escrow_for(seller, steel_deal.public_id).fee_minor


def test_nobody_owed_or_nobody_reachable_makes_no_batch(steel_deal, world, buyer, seller):
    operator = world.operator()
    with pytest.raises(InvalidInput):
        services.start(operator, "CNY")

    released(buyer, seller, steel_deal.public_id)
    with pytest.raises(InvalidInput):  # owed, but no bank details on file
        services.start(operator, "CNY")

    [waiting] = services.payables_waiting()
    assert (waiting["enterprise"].id, waiting["reachable"]) == (seller.id, False)
    assert services.batches() == []


def test_a_second_batch_finds_nothing_left_to_move(steel_deal, world, buyer, seller):
    released(buyer, seller, steel_deal.public_id)
    with_bank_account(seller)
    operator = world.operator()
    services.start(operator, "CNY")

    with pytest.raises(InvalidInput):
        services.start(operator, "CNY")

    assert len(services.batches()) == 1


def test_a_line_the_bank_returns_is_payable_again_and_goes_in_the_next_batch(steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_bank_account(seller)
    operator = world.operator()
    [first] = services.start(operator, "CNY")

    services.mark_returned(operator, first.public_id, "账户已销户 / Account closed")
    services.mark_paid(operator, first.batch.public_id, "ICBC-1")

    assert services.payout_for(seller, first.public_id).status == "returned"
    assert books_hold(seller) == (owed, 0, [])
    assert services.batch_lines(services.batch_for(first.batch.public_id)) == []
    [second] = services.start(operator, "CNY")
    services.mark_paid(operator, second.batch.public_id, "ICBC-2")
    assert books_hold(seller) == (0, 0, [])
    assert [row["net_minor"] for row in services.released_into(second)] == [owed]


def test_a_paid_payout_cannot_be_returned_by_hand(steel_deal, world, buyer, seller):
    released(buyer, seller, steel_deal.public_id)
    with_bank_account(seller)
    operator = world.operator()
    [payout] = services.start(operator, "CNY")
    services.mark_paid(operator, payout.batch.public_id, "ICBC-1")

    with pytest.raises(InvalidInput):
        services.mark_returned(operator, payout.public_id, "too late")

    assert ledger.verify() == []


def test_a_payout_statement_lists_the_releases_it_pays(world, buyer, seller):
    first, second = steel_contract(buyer, seller), steel_contract(buyer, seller, quantity="50")
    owed = released(buyer, seller, first.public_id)
    owed_more = released(buyer, seller, second.public_id) - owed
    with_bank_account(seller)

    [payout] = services.start(world.operator(), "CNY")

    rows = services.released_into(payout)
    assert [(row["reference"], row["net_minor"]) for row in rows] == [
        (first.public_id, owed), (second.public_id, owed_more)]
    assert all(row["gross_minor"] - row["fee_minor"] == row["net_minor"] for row in rows)
    assert sum(row["net_minor"] for row in rows) == payout.amount_minor


@pytest.mark.postgres_only
def test_two_operators_creating_a_batch_at_once_move_each_payable_once(app, steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_bank_account(seller)
    operator_ids = [world.operator().id for _ in range(4)]

    def create(number):
        from marketplace.accounts.models import User
        from marketplace.extensions import db

        try:
            return len(services.start(db.session.get(User, operator_ids[number]), "CNY"))
        except InvalidInput:
            return 0

    made = all_at_once(app, 4, create)

    assert sorted(made) == [0, 0, 0, 1]
    assert [p.amount_minor for p in Payout.query.all()] == [owed]
    assert books_hold(seller) == (0, owed, [])


# --- gateway transfers ------------------------------------------------------------------------------------

class FakeConnect:
    """A gateway with Connect transfers, as Stripe has them (localstripe has none)."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.transfers = []

    def create_transfer(self, amount_minor, currency, destination, metadata, idempotency_key):
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, Exception):
            raise answer
        self.transfers.append((amount_minor, currency, destination, dict(metadata), idempotency_key))
        return TransferResult(f"tr_{len(self.transfers)}", amount_minor, currency, destination)


def with_connected_account(enterprise):
    return services.save_payout_account(owner_of(enterprise), enterprise, BANK[0], enterprise.name_zh, BANK[1],
                                        "acct_1Binhai0Seller")


def test_a_gateway_transfer_pays_the_connected_account_once(steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_connected_account(seller)
    gateway = FakeConnect()

    [payout] = methods.GatewayTransferPayouts(gateway).start(world.operator(), "CNY")

    assert gateway.transfers == [(owed, "CNY", "acct_1Binhai0Seller", {"binhai_payout": payout.public_id},
                                  f"{payout.public_id}:transfer")]
    payout = services.payout_for(seller, payout.public_id)
    assert (payout.status, payout.transfer_id, payout.batch_id) == ("paid", "tr_1", None)
    assert books_hold(seller) == (0, 0, [])
    assert methods.GatewayTransferPayouts(gateway).send(payout.public_id).status == "paid"
    assert len(gateway.transfers) == 1
    assert [call.outcome for call in GatewayCall.query.filter_by(subject=payout.public_id)] == ["ok"]


def test_a_transfer_without_an_answer_stays_in_transit_and_is_sent_again(steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_connected_account(seller)
    gateway = FakeConnect([GatewayTimeout("no answer")])

    [payout] = methods.GatewayTransferPayouts(gateway).start(world.operator(), "CNY")

    assert services.payout_for(seller, payout.public_id).status == "in_transit"
    assert books_hold(seller) == (0, owed, [])
    assert [p.public_id for p in services.transfers_in_transit()] == [payout.public_id]
    methods.GatewayTransferPayouts(gateway).dispatch([])
    assert services.payout_for(seller, payout.public_id).status == "paid"
    assert books_hold(seller) == (0, 0, [])


def test_a_gateway_without_transfers_returns_the_payout_to_the_payable(steel_deal, world, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    with_connected_account(seller)
    gateway = FakeConnect([GatewayUnsupported("the payment gateway has no such API")])

    [payout] = methods.GatewayTransferPayouts(gateway).start(world.operator(), "CNY")

    payout = services.payout_for(seller, payout.public_id)
    assert payout.status == "returned" and "no such API" in payout.failure_message
    assert books_hold(seller) == (owed, 0, [])


def test_the_installation_pays_out_the_way_it_is_configured(app, ctx):
    assert isinstance(methods.configured(), methods.BankBatchPayouts)
    app.config["PAYOUT_METHOD"] = "gateway_transfer"
    try:
        assert isinstance(methods.configured(), methods.GatewayTransferPayouts)
    finally:
        app.config["PAYOUT_METHOD"] = "bank_batch"
