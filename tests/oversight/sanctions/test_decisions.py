"""Proposing, approving under four eyes, rejecting and lifting sanctions, and what each does to the enterprise."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from credit.file import services as credit_file
from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.errors import Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.notifications.services import notifications_of
from marketplace.oversight import gate
from marketplace.oversight.sanctions import services as sanctions
from marketplace.oversight.sanctions.services import AlreadyDecided
from tests.oversight.sanctions.helpers import decided


def test_a_proposed_sanction_changes_nothing(world, seller):
    proposed = sanctions.propose(world.regulator(), seller, "trading_suspension", "Spoofing on the steel floor.")

    assert proposed.status == "proposed" and proposed.number.startswith("滨海监处〔")
    assert sanctions.trading_restriction(seller) is None
    gate.ensure_may_trade(seller)
    assert credit_file.entries_of(seller, "oversight") == []
    assert notifications_of(seller) == []


def test_the_proposer_cannot_approve_their_own_sanction(world, seller):
    proposer = world.regulator()
    proposed = sanctions.propose(proposer, seller, "trading_suspension", "Spoofing on the steel floor.")

    with pytest.raises(Forbidden, match="another regulator must approve"):
        sanctions.approve(proposer, proposed)

    assert sanctions.sanction_by_public_id(proposed.public_id).status == "proposed"
    assert sanctions.trading_restriction(seller) is None


def test_an_approved_suspension_refuses_trading_naming_the_sanction_until_lifted(world, seller):
    sanction, _proposer, approver = decided(world, seller, duration_days=30)

    with pytest.raises(gate.OversightRefusal) as refused:
        gate.ensure_may_trade(seller)
    assert f"Trading suspended by sanction {sanction.number} until" in refused.value.message
    assert refused.value.status == 422

    sanctions.lift(approver, sanction, "The enterprise unwound the wash trades.")
    gate.ensure_may_trade(seller)


def test_approval_enters_the_credit_file_and_tells_the_enterprise(world, seller):
    sanction, _proposer, _approver = decided(world, seller, kind="warning", reason="Misleading listing titles.")

    [entry] = credit_file.entries_of(seller, "oversight")
    assert (entry.kind, entry.decision_number, entry.source, entry.severity) == (
        "penalty", sanction.number, "sanction", "minor")
    assert entry.content == "Misleading listing titles." and sanction.credit_entry_public_id == entry.public_id
    [told] = notifications_of(seller)
    assert sanction.number in told.message["message"]
    assert gate.escrow_hold(seller) is None and sanctions.trading_restriction(seller) is None


def test_a_decided_sanction_is_not_decided_again(world, seller):
    sanction, _proposer, approver = decided(world, seller)

    with pytest.raises(AlreadyDecided):
        sanctions.approve(world.regulator(), sanction)
    with pytest.raises(AlreadyDecided):
        sanctions.reject(approver, sanction, "Changed my mind.")
    assert len(credit_file.entries_of(seller, "oversight")) == 1


def test_a_rejected_proposal_never_acts(world, seller):
    proposed = sanctions.propose(world.regulator(), seller, "termination", "Fake transactions.")

    with pytest.raises(InvalidInput):
        sanctions.reject(world.regulator(), proposed, "  ")
    rejected = sanctions.reject(world.regulator(), proposed, "The evidence does not show intent.")

    assert rejected.status == "rejected" and rejected.decision_note == "The evidence does not show intent."
    assert sanctions.trading_restriction(seller) is None
    with pytest.raises(AlreadyDecided):
        sanctions.approve(world.regulator(), rejected)


def test_a_suspension_ends_by_itself_after_its_days(world, seller):
    sanction, _proposer, _approver = decided(world, seller, duration_days=7)

    assert sanctions.trading_restriction(seller, at=utcnow() + timedelta(days=6)) is not None
    assert sanctions.trading_restriction(seller, at=utcnow() + timedelta(days=7, seconds=1)) is None
    assert sanction.effective_until - sanction.effective_from == timedelta(days=7)
    assert sanctions.state_of(sanction, at=utcnow() + timedelta(days=8)) == "expired"


def test_bad_proposals_name_every_field_and_store_nothing(world, seller):
    with pytest.raises(InvalidInput) as refused:
        sanctions.propose(world.regulator(), seller, "fine", "", duration_days=0)
    assert set(refused.value.errors) == {"kind", "reason", "duration_days"}
    with pytest.raises(InvalidInput) as refused:
        sanctions.propose(world.regulator(), seller, "warning", "Late answers.", duration_days=5)
    assert set(refused.value.errors) == {"duration_days"}
    with pytest.raises(InvalidInput) as refused:
        sanctions.propose(world.regulator(), seller, "listing_removal", "Banned goods.", target="lst_nosuch")
    assert set(refused.value.errors) == {"target"}
    with pytest.raises(InvalidInput) as refused:
        sanctions.propose(world.regulator(), None, "warning", "Late answers.")
    assert set(refused.value.errors) == {"enterprise"}
    assert sanctions.sanctions_of(seller) == []


def test_every_decision_is_audited(world, seller):
    sanction, _proposer, approver = decided(world, seller)
    sanctions.lift(approver, sanction, "Lifted after review.")

    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.target == sanction.public_id)).all()
    assert {"oversight.sanction_proposed", "oversight.sanction_approved", "oversight.sanction_lifted"} <= set(actions)


def test_numbers_run_per_year(world, seller, buyer):
    first = sanctions.propose(world.regulator(), seller, "warning", "One.")
    second = sanctions.propose(world.regulator(), buyer, "warning", "Two.")

    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


def test_the_enterprise_reads_the_sanction_in_its_credit_file(client, world, seller):
    from tests.builders import owner_of

    sanction, _proposer, _approver = decided(world, seller, reason="Spoofing on the steel floor.")
    world.login(client, owner_of(seller))

    [told] = notifications_of(seller)
    page = client.get(told.link)

    assert page.status_code == 200 and sanction.number in page.get_data(as_text=True)
