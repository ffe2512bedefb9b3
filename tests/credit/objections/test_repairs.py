"""Credit repair: applied for with evidence after the minimum publicity period, approved or refused by the operator."""
from datetime import date

import pytest
from sqlalchemy import select

from credit.file.models import OfficialEntryStep
from credit.objections import services
from credit.objections.models import RepairApplication
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.credit.objections.conftest import PDF, TODAY


def _steps(entry):
    return [step.step for step in db.session.scalars(
        select(OfficialEntryStep).where(OfficialEntryStep.entry_id == entry.id).order_by(OfficialEntryStep.id))]


def _applications():
    return db.session.scalar(select(db.func.count(RepairApplication.id)))


def test_repair_before_the_minimum_period_is_refused_naming_the_day(penalised):
    enterprise, owner, entry = penalised
    with pytest.raises(InvalidInput, match="Repair before the minimum period.*2026-06-02") as refused:
        services.apply_for_repair(owner, enterprise, entry.public_id, "已整改", [PDF], today=date(2026, 6, 1))
    assert "entry" in refused.value.errors
    assert _applications() == 0


def test_serious_listings_follow_the_same_rule(world, record_entry):
    enterprise = world.enterprise()
    listing = record_entry(enterprise, kind="serious_dishonesty", severity="serious", decided_on=date(2026, 1, 5),
                           publicity_min_until=date(2027, 1, 5), publicity_max_until=date(2029, 1, 5))
    with pytest.raises(InvalidInput, match="2027-01-05"):
        services.apply_for_repair(owner_of(enterprise), enterprise, listing.public_id, "已履行", today=TODAY)
    assert _applications() == 0


def test_licences_are_not_repaired(world, record_entry):
    enterprise = world.enterprise()
    licence = record_entry(enterprise, kind="licence", severity="minor", publicity_min_until=None)
    with pytest.raises(InvalidInput, match="Only penalties and listings"):
        services.apply_for_repair(owner_of(enterprise), enterprise, licence.public_id, "修复", today=TODAY)


def test_an_approved_repair_marks_the_entry_repaired(world, penalised):
    enterprise, owner, entry = penalised
    application = services.apply_for_repair(owner, enterprise, entry.public_id, "已缴纳罚款并完成整改。", [PDF],
                                            today=TODAY)
    assert application.decide_by == date(2026, 10, 19)
    assert [file.filename for file in application.evidence] == ["decision-appeal.pdf"]
    with pytest.raises(InvalidInput, match="already waiting"):
        services.apply_for_repair(owner, enterprise, entry.public_id, "再次申请", today=TODAY)
    services.decide_repair(world.operator(), application.public_id, "approved", "整改材料齐全。", today=TODAY)
    db.session.refresh(entry)
    assert entry.repaired_on == TODAY
    assert _steps(entry) == ["recorded", "repaired"]
    assert application.status == "approved"
    with pytest.raises(InvalidInput, match="repaired on 2026-09-15"):
        services.apply_for_repair(owner, enterprise, entry.public_id, "再次申请", today=TODAY)


def test_a_refused_repair_keeps_the_entry_and_says_why(world, penalised):
    enterprise, owner, entry = penalised
    application = services.apply_for_repair(owner, enterprise, entry.public_id, "已整改", today=TODAY)
    with pytest.raises(InvalidInput) as refused:
        services.decide_repair(world.operator(), application.public_id, "refused", " ", today=TODAY)
    assert "reason" in refused.value.errors
    services.decide_repair(world.operator(), application.public_id, "refused", "未提供缴款凭证。", today=TODAY)
    db.session.refresh(entry)
    assert entry.repaired_on is None
    assert _steps(entry)[-1] == "repair_refused"
    assert (application.status, application.decision_reason) == ("refused", "未提供缴款凭证。")


def test_undecided_applications_past_their_day_are_overdue(penalised):
    enterprise, owner, entry = penalised
    application = services.apply_for_repair(owner, enterprise, entry.public_id, "已整改", today=TODAY)
    assert services.overdue_repairs(today=date(2026, 10, 19)) == []
    assert services.overdue_repairs(today=date(2026, 10, 20)) == [application]
