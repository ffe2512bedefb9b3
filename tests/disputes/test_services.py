"""Disputes from opening to the operator's decision, with the money read back from the ledger and the gateway."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.disputes import services as disputes
from marketplace.disputes.models import Dispute, DisputeEvidence
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.escrow import rules
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.outbox import OutboxEvent
from marketplace.payments.models import Refund
from tests.builders import owner_of
from tests.disputes.conftest import EXE_BYTES, PDF_BYTES, png_bytes
from tests.settlement.fixtures import deliver_all, pay_in_full, steel_contract


def open_about(buyer, payable_public_id, reason="quantity", evidence=(), now=None):
    return disputes.open_dispute(owner_of(buyer), buyer, payable_public_id, reason,
                                 "过磅短少 / Short on the weighbridge.", evidence, now=now)


def refunds_of(deal):
    return db.session.scalars(select(Refund).where(Refund.escrow_id == deal.id)).all()


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_disputed_contract_is_frozen_answered_and_split_by_the_operator(world, steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id, evidence=[("ticket.png", "image/png", png_bytes())])
    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    held = deal.due_minor
    assert (deal.status, dispute.status, dispute.frozen_minor) == ("disputed", "open", held)

    with pytest.raises(InvalidInput, match="Nothing can be released"):
        escrow.release_delivery(delivered.public_id, now=delivered.inspection_ends_at + timedelta(seconds=1))
    assert ledger.position_of(deal).released == 0
    assert escrow.deliveries_due(now=delivered.inspection_ends_at + timedelta(days=1)) == []

    disputes.answer(owner_of(seller), seller, dispute.public_id, "承认部分短少 / Part of the shortfall is accepted.")
    refund = held // 10
    decided = disputes.decide(world.operator(), dispute.public_id, "split",
                              "The weighbridge tickets show about 10 per cent short.", refund_minor=refund)

    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    release = held - refund
    fee = rules.share(deal.fee_minor, release, held)
    assert (decided.status, decided.decision, decided.refund_minor, decided.release_minor) == (
        "decided", "split", refund, release)
    assert deal.status == "resolved"
    assert [(r.amount_minor, r.status) for r in refunds_of(deal)] == [(refund, "succeeded")]
    assert ledger.position_of(deal) == rules.Position(captured=held, released=release, refunded=refund, fee_taken=fee)
    assert ledger.balances_of(seller)[("payable", "CNY")] == release - fee
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0
    assert ledger.verify() == []
    event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "dispute.decided"))
    assert (event.payload["decision"], event.payload["refund_minor"], event.payload["release_minor"],
            event.payload["fee_minor"]) == ("split", refund, release, fee)


def test_a_release_decision_pays_the_seller_everything_held_less_the_fee(world, steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id, reason="quality")

    disputes.decide(world.operator(), dispute.public_id, "release", "The mill certificate and a retest pass.")

    deal = escrow.escrow_for(seller, steel_deal.public_id)
    assert ledger.balances_of(seller)[("payable", "CNY")] == deal.due_minor - deal.fee_minor
    assert refunds_of(deal) == []
    assert ledger.verify() == []


def test_a_refund_decision_returns_everything_held_to_the_buyer_with_no_fee(world, steel_deal, buyer, seller,
                                                                            delivered):
    dispute = open_about(buyer, steel_deal.public_id, reason="wrong_goods")

    disputes.decide(world.operator(), dispute.public_id, "refund", "HPB300 was delivered instead of HRB400E.")

    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    assert sum(r.amount_minor for r in refunds_of(deal) if r.status == "succeeded") == deal.due_minor
    assert ledger.position_of(deal) == rules.Position(captured=deal.due_minor, refunded=deal.due_minor)
    assert ledger.balances_of(seller).get(("payable", "CNY"), 0) == 0
    assert ledger.verify() == []


def test_after_the_inspection_window_a_dispute_is_refused_and_nothing_freezes(steel_deal, buyer, delivered):
    with pytest.raises(InvalidInput, match="inspection window has closed"):
        open_about(buyer, steel_deal.public_id, now=delivered.inspection_ends_at + timedelta(seconds=1))

    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "delivered"
    assert count(Dispute) == 0


def test_a_released_deal_can_no_longer_be_disputed(steel_deal, buyer, delivered):
    escrow.release_delivery(delivered.public_id, now=delivered.inspection_ends_at + timedelta(seconds=1))

    with pytest.raises(InvalidInput, match="Released to the seller"):
        open_about(buyer, steel_deal.public_id)


def test_goods_shipped_but_not_arrived_are_disputed_only_as_not_delivered(steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    escrow.mark_shipped(owner_of(seller), seller, steel_deal.public_id)

    with pytest.raises(InvalidInput, match="have not arrived yet") as refused:
        open_about(buyer, steel_deal.public_id, reason="quality")
    assert "reason" in refused.value.errors

    assert open_about(buyer, steel_deal.public_id, reason="not_delivered").frozen_minor > 0


def test_a_deal_not_yet_shipped_is_cancelled_rather_than_disputed(steel_deal, buyer):
    pay_in_full(buyer, steel_deal.public_id)

    with pytest.raises(InvalidInput, match="once the goods are shipped"):
        open_about(buyer, steel_deal.public_id)


def test_only_the_buyer_opens_and_only_once(world, steel_deal, buyer, seller, delivered):
    with pytest.raises(Forbidden):
        open_about(seller, steel_deal.public_id)
    with pytest.raises(NotFound):
        open_about(world.enterprise(), steel_deal.public_id)

    open_about(buyer, steel_deal.public_id)
    with pytest.raises(InvalidInput, match="already has an open dispute"):
        open_about(buyer, steel_deal.public_id)
    assert count(Dispute) == 1


def test_only_the_operator_decides(world, steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id)

    for person in (owner_of(buyer), owner_of(seller), world.regulator()):
        with pytest.raises(Forbidden):
            disputes.decide(person, dispute.public_id, "refund", "I say so.")

    assert disputes.dispute_for(None, dispute.public_id).status == "open"
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "disputed"


@pytest.mark.parametrize("refund", [None, 0, -1, "held"])
def test_a_split_refunds_more_than_nothing_and_less_than_all(world, steel_deal, buyer, delivered, refund):
    dispute = open_about(buyer, steel_deal.public_id)

    with pytest.raises(InvalidInput) as refused:
        disputes.decide(world.operator(), dispute.public_id, "split", "Half each.",
                        refund_minor=dispute.frozen_minor if refund == "held" else refund)

    assert "refund" in refused.value.errors
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "disputed"


def test_a_decision_needs_a_written_reason_and_is_made_once(world, steel_deal, buyer, delivered):
    dispute = open_about(buyer, steel_deal.public_id)
    operator = world.operator()
    with pytest.raises(InvalidInput) as refused:
        disputes.decide(operator, dispute.public_id, "refund", "   ")
    assert "reason" in refused.value.errors

    disputes.decide(operator, dispute.public_id, "refund", "Goods rejected by the third-party inspection.")
    with pytest.raises(InvalidInput, match="already decided"):
        disputes.decide(operator, dispute.public_id, "release", "Changed my mind.")
    assert sum(r.amount_minor for r in refunds_of(dispute.escrow)) == dispute.frozen_minor


def test_the_seller_answers_once_and_the_buyer_does_not_answer(steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id)
    with pytest.raises(Forbidden):
        disputes.answer(owner_of(buyer), buyer, dispute.public_id, "We answer ourselves.")

    disputes.answer(owner_of(seller), seller, dispute.public_id, "The weighbridge was not calibrated.")
    with pytest.raises(InvalidInput, match="already answered"):
        disputes.answer(owner_of(seller), seller, dispute.public_id, "And another thing.")

    assert disputes.dispute_for(buyer, dispute.public_id).seller_answer == "The weighbridge was not calibrated."


def test_evidence_is_judged_by_its_content_and_stored_with_its_digest(steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id, evidence=[("检验报告.pdf", "application/pdf", PDF_BYTES)])

    added = disputes.add_evidence(owner_of(seller), seller, dispute.public_id, "../../质保书", "application/octet-stream",
                                  "出厂质保书合格\n".encode("gb18030"))
    with pytest.raises(InvalidInput, match="not a JPEG, PNG or WebP picture") as refused:
        disputes.add_evidence(owner_of(seller), seller, dispute.public_id, "photo.jpg", "image/jpeg", EXE_BYTES)
    assert "file" in refused.value.errors

    files = {f.filename: f for f in disputes.dispute_for(seller, dispute.public_id).evidence}
    assert set(files) == {"检验报告.pdf", "质保书.txt"}
    assert files["质保书.txt"].content_type == "text/plain; charset=gb18030"
    assert disputes.evidence_file(buyer, added.public_id).content == "出厂质保书合格\n".encode("gb18030")
    assert len(files["检验报告.pdf"].sha256) == 64


def test_a_refused_file_refuses_the_whole_opening(steel_deal, buyer, delivered):
    with pytest.raises(InvalidInput, match="“setup.png” is not a JPEG"):
        open_about(buyer, steel_deal.public_id, evidence=[("ticket.png", "image/png", png_bytes()),
                                                          ("setup.png", "image/png", EXE_BYTES)])

    assert (count(Dispute), count(DisputeEvidence)) == (0, 0)
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "delivered"


def test_each_side_adds_at_most_ten_files_and_none_after_the_decision(world, steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id, evidence=[(f"note{n}.txt", "text/plain", b"short")
                                                                for n in range(10)])
    with pytest.raises(InvalidInput, match="at most 10 files"):
        disputes.add_evidence(owner_of(buyer), buyer, dispute.public_id, "note11.txt", "text/plain", b"one more")
    disputes.add_evidence(owner_of(seller), seller, dispute.public_id, "reply.txt", "text/plain", b"our side")

    disputes.decide(world.operator(), dispute.public_id, "release", "The delivery matched the contract.")
    with pytest.raises(InvalidInput, match="is decided"):
        disputes.add_evidence(owner_of(seller), seller, dispute.public_id, "late.txt", "text/plain", b"too late")


def test_evidence_is_for_the_parties_and_oversight_only(world, steel_deal, buyer, seller, delivered):
    dispute = open_about(buyer, steel_deal.public_id, evidence=[("ticket.png", "image/png", png_bytes())])
    file_id = dispute.evidence[0].public_id

    assert disputes.evidence_file(seller, file_id).content_type == "image/png"
    assert disputes.evidence_file(None, file_id).size == len(png_bytes())
    with pytest.raises(NotFound):
        disputes.evidence_file(world.enterprise(), file_id)


def test_outcomes_say_who_won_from_each_side(world, buyer, seller):
    operator = world.operator()
    decided = []
    for decision, refund in (("refund", None), ("release", None), ("split", 100_00)):
        contract = steel_contract(buyer, seller)
        pay_in_full(buyer, contract.public_id)
        deliver_all(buyer, seller, contract.public_id)
        dispute = open_about(buyer, contract.public_id)
        decided.append(disputes.decide(operator, dispute.public_id, decision, "Decided on the tickets.", refund))
    contract = steel_contract(buyer, seller)
    pay_in_full(buyer, contract.public_id)
    deliver_all(buyer, seller, contract.public_id)
    still_open = open_about(buyer, contract.public_id)

    buyer_side, seller_side = disputes.outcomes_of(buyer), disputes.outcomes_of(seller)

    assert [(o["role"], o["decision"], o["won"]) for o in buyer_side] == [
        ("buyer", "refund", "yes"), ("buyer", "release", "no"), ("buyer", "split", "partly"), ("buyer", None, None)]
    assert [o["won"] for o in seller_side] == ["no", "yes", "partly", None]
    split = buyer_side[2]
    assert (split["dispute"], split["refund_minor"], split["release_minor"]) == (
        decided[2].public_id, 100_00, decided[2].frozen_minor - 100_00)
    assert split["decided_at"] is not None and buyer_side[3]["dispute"] == still_open.public_id
    assert disputes.outcomes_of(world.enterprise()) == []


def test_the_operators_queue_holds_undecided_disputes_oldest_first(world, buyer, seller):
    opened = []
    for _ in range(3):
        contract = steel_contract(buyer, seller)
        pay_in_full(buyer, contract.public_id)
        deliver_all(buyer, seller, contract.public_id)
        opened.append(open_about(buyer, contract.public_id))
    disputes.decide(world.operator(), opened[1].public_id, "release", "Nothing wrong with it.")

    assert [d.public_id for d in disputes.open_disputes()] == [opened[0].public_id, opened[2].public_id]
    assert [d.public_id for d in disputes.disputes_of(seller)] == [d.public_id for d in reversed(opened)]
