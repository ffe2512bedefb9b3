"""Working a case: assign, note, deadline, escalate, dismiss (reason required), close; every step audited."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditRecord
from marketplace.errors import DomainError, InvalidInput
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.cases import services
from marketplace.workdays import add_working_days
from tests.oversight.cases.alerts import raise_alert


@pytest.fixture
def case(world):
    return raise_alert(world.enterprise())[1]


def _actions(case):
    return [row.action for row in db.session.scalars(select(AuditRecord).where(AuditRecord.target == case.public_id)
                                                     .order_by(AuditRecord.sequence))]


def test_assigning_puts_an_open_case_under_investigation(world, case):
    lead, investigator = world.regulator(), world.regulator()
    worked = services.assign(lead, case.public_id, investigator.public_id)
    assert worked.status == "investigating" and worked.assignee_id == investigator.id
    assert worked.steps[-1].step == "assigned" and worked.steps[-1].actor_id == lead.id
    assert _actions(case)[-1] == "oversight.case_assigned"


def test_a_case_is_assigned_only_to_a_regulator(world, case):
    with pytest.raises(InvalidInput) as refused:
        services.assign(world.regulator(), case.public_id, world.operator().public_id)
    assert "assignee" in refused.value.errors
    assert services.case_named(case.public_id).assignee_id is None


def test_notes_go_into_the_timeline(world, case):
    services.add_note(world.regulator(), case.public_id, "Called the seller's compliance officer.")
    assert services.case_named(case.public_id).steps[-1].note == "Called the seller's compliance officer."
    with pytest.raises(InvalidInput):
        services.add_note(world.regulator(), case.public_id, "   ")


def test_the_deadline_moves_forward_and_never_into_the_past(world, case):
    regulator, later = world.regulator(), shanghai_day() + timedelta(days=30)
    assert services.set_deadline(regulator, case.public_id, later).deadline == later
    assert services.set_deadline(regulator, case.public_id, None).deadline == add_working_days(shanghai_day(), 15)
    with pytest.raises(InvalidInput) as refused:
        services.set_deadline(regulator, case.public_id, date(2020, 1, 1))
    assert "deadline" in refused.value.errors


def test_escalation_raises_the_level_each_time(world, case):
    regulator = world.regulator()
    services.escalate(regulator, case.public_id, "Ring across three floors")
    escalated = services.escalate(regulator, case.public_id)
    assert escalated.status == "escalated" and escalated.escalation_level == 2


def test_dismissal_needs_a_reason_and_then_ends_the_work(world, case):
    regulator = world.regulator()
    with pytest.raises(InvalidInput) as refused:
        services.dismiss(regulator, case.public_id, "")
    assert "reason" in refused.value.errors and services.case_named(case.public_id).status == "open"
    dismissed = services.dismiss(regulator, case.public_id, "Trades were a documented inventory transfer.")
    assert dismissed.status == "dismissed" and dismissed.closed_at is not None
    assert dismissed.dismissal_reason == "Trades were a documented inventory transfer."
    with pytest.raises(DomainError) as finished:
        services.escalate(regulator, case.public_id)
    assert finished.value.status == 409
    assert _actions(case)[-1] == "oversight.case_dismissed"


def test_closing_keeps_the_conclusion(world, case):
    closed = services.close(world.regulator(), case.public_id, "Wash trades confirmed; warning proposed.")
    assert closed.status == "closed" and closed.conclusion == "Wash trades confirmed; warning proposed."
    with pytest.raises(InvalidInput):
        services.close(world.regulator(), raise_alert(world.enterprise(), group_key="other")[1].public_id, " ")


def test_overdue_cases_are_found_by_the_filter(world):
    first, second = raise_alert(world.enterprise(), group_key="late", day=date(2026, 1, 5))[1], \
        raise_alert(world.enterprise(), group_key="fresh", day=shanghai_day())[1]
    assert [case.id for case in services.list_cases(overdue=True)] == [first.id]
    assert services.is_overdue(first) and not services.is_overdue(second)
    services.close(world.regulator(), first.public_id, "Done")
    assert services.list_cases(overdue=True) == []


def test_cases_are_filtered_by_status_and_assignee(world):
    regulator = world.regulator()
    mine = raise_alert(world.enterprise(), group_key="mine")[1]
    raise_alert(world.enterprise(), group_key="theirs")
    services.assign(regulator, mine.public_id, regulator.public_id)
    assert [case.id for case in services.list_cases(assignee=regulator)] == [mine.id]
    assert [case.id for case in services.list_cases(status="investigating")] == [mine.id]
    assert len(services.list_cases(status="open")) == 1
