"""The regulator's handling: every path with its clocks across National Day, overdue flags, credit reached."""
from datetime import date

import pytest
from sqlalchemy import select

from credit.file.models import PlatformFact
from credit.grading.services import standing_of
from marketplace.audit.models import AuditRecord
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.oversight.cases.models import OversightCase
from marketplace.oversight.complaints import services
from tests.builders import owner_of
from marketplace.oversight.complaints.jobs import ComplaintClocks
from tests.oversight.complaints.conftest import BEFORE_NATIONAL_DAY, contract_between


@pytest.fixture
def complaint(buyer, order):
    return services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "product_quality",
                                   "钢筋屈服强度不达标", "退货退款", today=BEFORE_NATIONAL_DAY)


@pytest.fixture
def report(world, seller, rebar):
    return services.file_report(world.person(), "listing", rebar.public_id, "false_advertising", "全国第一",
                                reporter_name="李明", reporter_contact="13800000000", today=BEFORE_NATIONAL_DAY)


def _step(regulator, complaint, action, note="", outcome=None, today=None):
    return services.handle(regulator, complaint.public_id, action, note, outcome, today=today)


def _told(enterprise):
    return db.session.scalars(select(Notification.topic).where(Notification.enterprise_id == enterprise.id)).all()


def test_mediation_agreed_closes_the_complaint_with_clocks_across_the_holiday(regulator, complaint, buyer, seller):
    _step(regulator, complaint, "accept", today=date(2026, 10, 9))
    assert complaint.accepted_on == date(2026, 10, 9) and complaint.status == "accepted"
    _step(regulator, complaint, "mediate", today=date(2026, 10, 9))
    assert complaint.mediation_due_on == date(2026, 12, 10)
    _step(regulator, complaint, "mediation_agreed", "卖方同意退货退款", today=date(2026, 10, 20))
    assert (complaint.status, complaint.outcome) == ("closed", "agreed")
    assert "oversight.complaint_closed" in _told(buyer) and "oversight.complaint_closed" in _told(seller)
    assert services.overdue_stages(complaint, date(2027, 1, 1)) == []


def test_failed_mediation_tells_both_parties_within_seven_working_days(regulator, complaint, buyer, seller):
    _step(regulator, complaint, "accept")
    _step(regulator, complaint, "mediate", today=date(2026, 9, 30))
    _step(regulator, complaint, "mediation_failed", "双方未达成一致", today=date(2026, 9, 30))
    assert complaint.status == "mediation_failed"
    assert complaint.parties_told_due_on == date(2026, 10, 15)
    assert services.overdue_stages(complaint, date(2026, 10, 16)) == ["tell_parties"]
    with pytest.raises(InvalidInput):
        _step(regulator, complaint, "close", "结案", "no_agreement")
    _step(regulator, complaint, "tell_parties", "调解未成，可依法提起诉讼", today=date(2026, 10, 12))
    assert "oversight.complaint_mediation_failed" in _told(buyer)
    assert "oversight.complaint_mediation_failed" in _told(seller)
    _step(regulator, complaint, "close", "调解不成", "no_agreement")
    assert complaint.status == "closed"


def test_a_lapsed_mediation_ends_on_its_due_day(regulator, complaint):
    _step(regulator, complaint, "accept")
    _step(regulator, complaint, "mediate", today=date(2026, 9, 30))
    assert services.end_lapsed_mediations(today=complaint.mediation_due_on) == 0
    assert services.end_lapsed_mediations(today=date(2027, 1, 4)) == 1
    db.session.refresh(complaint)
    assert complaint.status == "mediation_failed" and complaint.mediation_ended_on == complaint.mediation_due_on
    assert services.end_lapsed_mediations(today=date(2027, 1, 4)) == 0


def test_an_upheld_report_opens_a_case_tells_the_reporter_and_reaches_credit(regulator, report, seller):
    _step(regulator, report, "accept", today=date(2026, 10, 8))
    _step(regulator, report, "investigate", today=date(2026, 10, 8))
    assert report.verification_due_on == date(2026, 10, 28)
    _step(regulator, report, "extend", "需调取物流记录", today=date(2026, 10, 20))
    assert report.verification_due_on == date(2026, 11, 18) and report.extension_reason == "需调取物流记录"
    with pytest.raises(InvalidInput):
        _step(regulator, report, "extend", "再次延期")
    with pytest.raises(InvalidInput):
        _step(regulator, report, "close", "违法事实成立", "upheld")
    _step(regulator, report, "open_case", "虚假宣传", today=date(2026, 10, 30))
    case = db.session.get(OversightCase, report.case_id)
    assert report.case_opened and case.enterprise_id == seller.id
    assert report.reporter_told_due_on == date(2026, 11, 6)
    _step(regulator, report, "tell_reporter", "已立案调查", today=date(2026, 11, 2))
    _step(regulator, report, "close", "违法事实成立", "upheld", today=date(2026, 11, 20))
    fact = db.session.scalar(select(PlatformFact).where(PlatformFact.enterprise_id == seller.id,
                                                        PlatformFact.kind == "complaint_upheld"))
    assert fact.reference == report.number
    assert standing_of(seller) is not None
    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.target == report.public_id)).all()
    assert {"oversight.complaint_filed", "oversight.complaint_accept", "oversight.complaint_open_case",
            "oversight.complaint_close"} <= set(actions)


def test_an_anonymous_report_has_no_reporter_to_tell(regulator, world, seller):
    anonymous = services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单")
    for action in ("accept", "investigate", "no_case"):
        _step(regulator, anonymous, action)
    assert anonymous.reporter_told_due_on is None
    with pytest.raises(InvalidInput) as refused:
        _step(regulator, anonymous, "tell_reporter", "不予立案")
    assert "action" in refused.value.errors


def test_a_refusal_needs_a_reason_and_then_nothing_else_is_open(regulator, complaint, buyer):
    with pytest.raises(InvalidInput) as refused:
        _step(regulator, complaint, "refuse")
    assert "note" in refused.value.errors and complaint.status == "submitted"
    _step(regulator, complaint, "refuse", "不属于本部门管辖")
    assert (complaint.status, complaint.outcome) == ("refused", "refused")
    assert services.open_actions(complaint) == []
    assert "oversight.complaint_refused" in _told(buyer)
    with pytest.raises(InvalidInput):
        _step(regulator, complaint, "accept")


def test_overdue_items_are_flagged_and_filtered(regulator, complaint, report):
    assert complaint.accept_due_on == date(2026, 10, 15)
    assert services.overdue_stages(complaint, date(2026, 10, 15)) == []
    assert services.overdue_stages(complaint, date(2026, 10, 16)) == ["accept"]
    _step(regulator, report, "accept")
    late = db.session.scalars(services.regulator_statement(overdue=True, today=date(2026, 10, 16))).all()
    assert late == [complaint]
    assert db.session.scalars(services.regulator_statement(overdue=True, today=date(2026, 10, 15))).all() == []


def test_the_periodic_job_ends_lapsed_mediations(app, regulator, complaint):
    _step(regulator, complaint, "accept")
    _step(regulator, complaint, "mediate", today=date(2026, 9, 30))
    assert ComplaintClocks(app).run_once(today=date(2027, 1, 4)) == 1
    db.session.refresh(complaint)
    assert complaint.status == "mediation_failed"


def test_a_complaint_about_a_contract_is_against_its_seller(world, buyer, seller):
    contract = contract_between(seller, buyer)
    complaint = services.file_complaint(owner_of(buyer), buyer, "contract", contract.public_id, "contract_breach",
                                        "未按合同交货")
    assert complaint.respondent_enterprise_id == seller.id and complaint.subject_kind == "contract"
