"""Alerts of one control group on one day end in one case, numbered BHJG-YYYYMMDD-NNNN; manual cases join it."""
from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise
from marketplace.audit.models import AuditRecord
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.oversight.cases import services
from marketplace.oversight.cases.models import CaseStep, OversightCase
from marketplace.oversight.surveillance.models import SurveillanceAlert
from tests.concurrency import all_at_once
from tests.oversight.cases.alerts import new_alert, raise_alert, rule_version

DAY = date(2026, 11, 20)


def test_alerts_of_one_group_and_day_share_a_case(world):
    first, second = world.enterprise(), world.enterprise()
    alert_a, case_a = raise_alert(first, group_key="grp_steel", other=second)
    alert_b, case_b = raise_alert(second, group_key="grp_steel", other=first)
    assert case_a.id == case_b.id
    assert case_a.number == "BHJG-20261120-0001"
    assert {alert_a.case_id, alert_b.case_id} == {case_a.id}
    assert alert_a.status == alert_b.status == "in_case"
    assert [step.step for step in case_a.steps] == ["alert_filed", "alert_filed"]
    assert db.session.scalar(select(func.count()).select_from(AuditRecord)
                             .where(AuditRecord.action == "oversight.alert_filed")) == 2


def test_another_group_or_another_day_gets_its_own_numbered_case(world):
    enterprise = world.enterprise()
    _, first = raise_alert(enterprise, group_key="grp_a")
    _, other_group = raise_alert(enterprise, group_key="grp_b")
    _, next_day = raise_alert(enterprise, group_key="grp_a", day=date(2026, 11, 21))
    assert len({first.id, other_group.id, next_day.id}) == 3
    assert [first.number, other_group.number, next_day.number] == [
        "BHJG-20261120-0001", "BHJG-20261120-0002", "BHJG-20261121-0001"]


def test_a_new_case_is_due_after_the_configured_working_days(world, app):
    _, case = raise_alert(world.enterprise(), day=date(2026, 9, 28))
    # 15 working days from Monday 28 September 2026 skip the National Day week (1–7 October).
    assert case.deadline == date(2026, 10, 23)
    assert case.status == "open"


def test_an_alert_reopens_a_finished_case_of_its_day(world):
    enterprise = world.enterprise()
    _, case = raise_alert(enterprise)
    with transaction():
        db.session.get(OversightCase, case.id).status = "dismissed"
    _, again = raise_alert(enterprise)
    assert again.id == case.id and again.status == "open"
    assert [step.step for step in again.steps][-2:] == ["reopened", "alert_filed"]


def test_a_manual_case_is_opened_with_a_title_and_a_note(world):
    regulator, enterprise = world.regulator(), world.enterprise()
    case = services.open_case(regulator, enterprise, "Complaint about short weight", note="From complaint 12", day=DAY)
    assert case.title == "Complaint about short weight" and case.opened_by_id == regulator.id
    assert case.number == "BHJG-20261120-0001"
    assert [(step.step, step.note) for step in case.steps] == [("opened", "From complaint 12")]


def test_a_manual_case_joins_the_case_its_group_already_has_that_day(world):
    regulator, enterprise = world.regulator(), world.enterprise()
    _, from_alert = raise_alert(enterprise, day=DAY)
    manual = services.open_case(regulator, enterprise, "Reported by a buyer", day=DAY)
    assert manual.id == from_alert.id
    assert [step.step for step in manual.steps] == ["alert_filed", "joined"]


def test_a_manual_case_without_a_title_is_refused_and_changes_nothing(world):
    with pytest.raises(services.InvalidInput) as refused:
        services.open_case(world.regulator(), world.enterprise(), "  ")
    assert "title" in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(OversightCase)) == 0


@pytest.mark.postgres_only
def test_two_alerts_of_one_group_and_day_raised_at_once_end_in_one_case(app, world):
    first, second = world.enterprise(), world.enterprise()
    ids = {0: first.id, 1: second.id}
    with transaction() as session:
        rule_version(session)

    def raise_one(number):
        with transaction() as session:
            alert = new_alert(session.get(Enterprise, ids[number % 2]), group_key="grp_race", day=DAY)
            return services.file_alert(alert).id

    case_ids = all_at_once(app, 4, raise_one)
    assert len(set(case_ids)) == 1
    assert db.session.scalar(select(func.count()).select_from(OversightCase)) == 1
    assert db.session.scalar(select(func.count()).select_from(CaseStep)) == 4
    assert set(db.session.scalars(select(SurveillanceAlert.case_id))) == {case_ids[0]}


@pytest.mark.postgres_only
def test_cases_of_different_groups_opened_at_once_get_distinct_numbers(app, world):
    enterprise_id = world.enterprise().id
    with transaction() as session:
        rule_version(session)

    def raise_one(number):
        with transaction() as session:
            alert = new_alert(session.get(Enterprise, enterprise_id), group_key=f"grp_{number}", day=DAY)
            return services.file_alert(alert).number

    numbers = all_at_once(app, 4, raise_one)
    assert sorted(numbers) == [f"BHJG-20261120-000{n}" for n in range(1, 5)]
