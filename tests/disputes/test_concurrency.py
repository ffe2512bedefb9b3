"""Disputes racing releases and each other: the escrow's row lock lets exactly one through."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise, User
from marketplace.disputes import services as disputes
from marketplace.disputes.models import Dispute
from marketplace.errors import InvalidInput
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.payments.models import Refund
from tests.builders import owner_of
from tests.concurrency import all_at_once

pytestmark = pytest.mark.postgres_only


def test_a_release_and_a_dispute_at_the_same_instant_never_both_happen(app, steel_deal, buyer, delivered):
    buyer_id, user_id = buyer.id, owner_of(buyer).id
    delivery_id, ends = delivered.public_id, delivered.inspection_ends_at

    def work(number):
        try:
            if number == 0:
                return escrow.release_delivery(delivery_id, now=ends + timedelta(seconds=1)) and "released"
            return disputes.open_dispute(db.session.get(User, user_id), db.session.get(Enterprise, buyer_id),
                                         steel_deal.public_id, "quality", "Rust.", now=ends - timedelta(seconds=1)) \
                and "disputed"
        except InvalidInput:
            return "refused"

    results = all_at_once(app, 2, work)

    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    position = ledger.position_of(deal)
    assert sorted(results) in (["refused", "released"], ["disputed", "refused"])
    if "released" in results:
        assert (deal.status, position.released, position.held) == ("released", deal.due_minor, 0)
    else:
        assert (deal.status, position.released, position.held) == ("disputed", 0, deal.due_minor)
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == results.count("disputed")
    assert ledger.verify() == []


def test_two_decisions_at_once_settle_the_escrow_once(app, world, steel_deal, buyer, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "1.4 t short.")
    operator_ids = [world.operator().id, world.operator().id]

    def work(number):
        decision, refund = (("refund", None), ("split", 5_602_80))[number]
        try:
            return disputes.decide(db.session.get(User, operator_ids[number]), dispute.public_id, decision,
                                   "Decided on the tickets.", refund).decision
        except InvalidInput:
            return "refused"

    results = all_at_once(app, 2, work)

    assert results.count("refused") == 1
    refunded = db.session.scalar(select(func.sum(Refund.amount_minor)).where(Refund.escrow_id == dispute.escrow_id))
    assert refunded == (dispute.frozen_minor if "refund" in results else 5_602_80)
    assert ledger.position_of(escrow.escrow_for(buyer, steel_deal.public_id)).held == 0
    assert ledger.verify() == []
