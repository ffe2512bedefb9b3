"""An enterprise contests an official entry; the operator corrects, removes or keeps it within 20 working days."""
from datetime import date

import pytest
from sqlalchemy import select

from credit.file.models import OfficialEntryStep
from credit.objections import services
from credit.objections.models import CreditEvidence, Objection
from marketplace.audit.models import AuditRecord
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.notifications import services as notifications
from tests.credit.objections.conftest import PDF, TODAY


def _steps(entry):
    return [step.step for step in db.session.scalars(
        select(OfficialEntryStep).where(OfficialEntryStep.entry_id == entry.id).order_by(OfficialEntryStep.id))]


def _actions(target):
    return [row.action for row in db.session.scalars(select(AuditRecord).where(AuditRecord.target == target))]


def test_an_objection_marks_the_entry_contested_and_is_due_in_twenty_working_days(penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "处罚决定已被行政复议撤销。", [PDF],
                                        today=TODAY)
    db.session.refresh(entry)
    assert entry.contested
    assert _steps(entry) == ["recorded", "contested"]
    # 20 mainland working days from 15 September 2026 skip the National Day week and count its make-up Saturday.
    assert objection.answer_due_on == date(2026, 10, 19)
    assert [(file.filename, file.content_type) for file in objection.evidence] == [
        ("decision-appeal.pdf", "application/pdf")]
    assert _actions(objection.public_id) == ["credit.objection_filed"]


def test_an_entry_has_one_open_objection_at_a_time(penalised):
    enterprise, owner, entry = penalised
    services.file_objection(owner, enterprise, entry.public_id, "第一次异议", today=TODAY)
    with pytest.raises(InvalidInput, match="already waiting"):
        services.file_objection(owner, enterprise, entry.public_id, "第二次异议", today=TODAY)
    assert db.session.scalar(select(db.func.count(Objection.id))) == 1


def test_another_enterprises_entry_cannot_be_contested(world, penalised):
    _enterprise, _owner, entry = penalised
    stranger = world.enterprise()
    with pytest.raises(NotFound):
        services.file_objection(world.person(), stranger, entry.public_id, "不是我们的", today=TODAY)


def test_a_refused_file_or_an_empty_statement_changes_nothing(penalised):
    enterprise, owner, entry = penalised
    with pytest.raises(InvalidInput, match="not a JPEG"):
        services.file_objection(owner, enterprise, entry.public_id, "见附件",
                                [("virus.pdf", "application/pdf", b"MZ\x90\x00\x03")], today=TODAY)
    with pytest.raises(InvalidInput) as refused:
        services.file_objection(owner, enterprise, entry.public_id, "   ", today=TODAY)
    assert "statement" in refused.value.errors
    db.session.refresh(entry)
    assert not entry.contested
    assert db.session.scalar(select(db.func.count(Objection.id))) == 0
    assert db.session.scalar(select(db.func.count(CreditEvidence.id))) == 0


def test_removing_ends_the_entry_today_and_clears_contested(world, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "已撤销", today=TODAY)
    operator = world.operator()
    services.answer_objection(operator, objection.public_id, "removed", "复议决定书撤销了原处罚。", today=TODAY)
    db.session.refresh(entry)
    assert (entry.contested, entry.ended_on) == (False, TODAY)
    assert _steps(entry) == ["recorded", "contested", "removed"]
    assert (objection.status, objection.answer, objection.answered_by_id) == (
        "removed", "复议决定书撤销了原处罚。", operator.id)
    assert _actions(objection.public_id) == ["credit.objection_filed", "credit.objection_answered"]


def test_keeping_needs_a_reason_and_leaves_the_entry_in_force(world, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "处罚过重", today=TODAY)
    operator = world.operator()
    with pytest.raises(InvalidInput) as refused:
        services.answer_objection(operator, objection.public_id, "kept", "", today=TODAY)
    assert "reason" in refused.value.errors
    services.answer_objection(operator, objection.public_id, "kept", "处罚决定合法有效。", today=TODAY)
    db.session.refresh(entry)
    assert (entry.contested, entry.ended_on) == (False, None)
    assert _steps(entry)[-1] == "kept"
    with pytest.raises(InvalidInput, match="already answered"):
        services.answer_objection(operator, objection.public_id, "removed", "改判", today=TODAY)


def test_a_correction_needs_the_corrected_fields(world, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "金额有误", today=TODAY)
    with pytest.raises(InvalidInput) as refused:
        services.answer_objection(world.operator(), objection.public_id, "corrected", "金额更正", {}, today=TODAY)
    assert "fields" in refused.value.errors


def test_unanswered_objections_past_their_day_are_overdue(world, penalised, record_entry):
    enterprise, owner, entry = penalised
    late = services.file_objection(owner, enterprise, entry.public_id, "逾期未答复", today=TODAY)
    answered_entry = record_entry(enterprise)
    answered = services.file_objection(owner, enterprise, answered_entry.public_id, "已答复", today=TODAY)
    services.answer_objection(world.operator(), answered.public_id, "kept", "维持", today=TODAY)
    assert services.overdue_objections(today=date(2026, 10, 19)) == []
    assert services.overdue_objections(today=date(2026, 10, 20)) == [late]
    assert services.is_overdue(late, date(2026, 10, 20)) and not services.is_overdue(answered, date(2026, 10, 20))


def test_an_ended_entry_cannot_be_contested(world, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "已撤销", today=TODAY)
    services.answer_objection(world.operator(), objection.public_id, "removed", "撤销", today=TODAY)
    with pytest.raises(InvalidInput, match="ended on 2026-09-15"):
        services.file_objection(owner, enterprise, entry.public_id, "再次异议", today=TODAY)


def test_the_enterprise_is_told_the_answer_in_the_app(world, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "处罚过重", today=TODAY)
    services.answer_objection(world.operator(), objection.public_id, "kept", "处罚决定合法有效。", today=TODAY)
    told = notifications.notifications_of(enterprise)
    assert [(note.topic, note.message["message"], note.details[0]["message"]) for note in told] == [
        ("credit.objection_answered", f"Your objection to entry {entry.public_id} is not upheld: the entry was kept.",
         "处罚决定合法有效。")]
