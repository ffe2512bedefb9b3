"""``ledger.verify`` and ``binhai ledger verify``: the books hold after real movements and not after tampering."""
from sqlalchemy import insert, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from tests.settlement.fixtures import pay_in_full


def tamper(key="tampered:1", amounts=(500, -400)):
    """A transaction written straight into the tables, past ``book`` and its balance check."""
    with db.engine.begin() as connection:
        transaction_id = connection.execute(insert(LedgerTransaction).values(
            public_id="ltx_tampered", key=key, kind="capture", memo="", created_at=utcnow())
            .returning(LedgerTransaction.id)).scalar_one()
        connection.execute(insert(LedgerEntry), [
            {"transaction_id": transaction_id, "account": "platform:gateway_clearing",
             "account_kind": "gateway_clearing", "currency": "CNY", "amount_minor": amount} for amount in amounts])


def test_the_books_hold_after_a_deal_is_paid(steel_deal, buyer, runner):
    pay_in_full(buyer, steel_deal.public_id)

    assert ledger.verify() == []
    result = runner.invoke("ledger", "verify")
    assert result.exit_code == 0, result.output
    transactions = db.session.scalars(select(LedgerTransaction)).all()
    assert result.output.strip() == (f"The ledger holds: {len(transactions)} transactions, "
                                     f"{sum(len(t.entries) for t in transactions)} entries")


def test_an_unbalanced_transaction_written_past_the_service_is_found(steel_deal, buyer, runner):
    pay_in_full(buyer, steel_deal.public_id)
    tamper()

    problems = ledger.verify()

    assert "transaction tampered:1 does not balance in CNY: off by 100" in problems
    assert "the ledger does not balance in CNY: off by 100" in problems
    result = runner.invoke("ledger", "verify")
    assert result.exit_code == 1
    assert result.output.splitlines() == problems


def test_an_overdrawn_escrow_account_is_found(ctx, buyer, runner):
    with db.engine.begin() as connection:
        transaction_id = connection.execute(insert(LedgerTransaction).values(
            public_id="ltx_overdrawn", key="refund:rfd_made_up", kind="refund", memo="", created_at=utcnow())
            .returning(LedgerTransaction.id)).scalar_one()
        connection.execute(insert(LedgerEntry), [
            {"transaction_id": transaction_id, "account": f"{buyer.public_id}:in_escrow", "account_kind": "in_escrow",
             "enterprise_id": buyer.id, "currency": "CNY", "amount_minor": 700},
            {"transaction_id": transaction_id, "account": "platform:gateway_clearing",
             "account_kind": "gateway_clearing", "enterprise_id": None, "currency": "CNY", "amount_minor": -700}])

    assert ledger.verify() == [f"account {buyer.public_id}:in_escrow is overdrawn: -700 CNY"]
    assert runner.invoke("ledger", "verify").exit_code == 1


def test_an_empty_ledger_holds(app, runner):
    result = runner.invoke("ledger", "verify")

    assert (result.exit_code, result.output.strip()) == (0, "The ledger holds: 0 transactions, 0 entries")
