"""Filing: anyone reports (named or anonymously), a buyer complains about its order; bad input stores nothing."""
import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.oversight.complaints import services, steps
from marketplace.oversight.complaints.models import Complaint
from tests.builders import owner_of
from tests.oversight.complaints.conftest import BEFORE_NATIONAL_DAY


def _stored():
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_a_report_against_a_listing_is_against_its_seller_with_the_holiday_counted(world, seller, rebar):
    person = world.person()
    report = services.file_report(person, "listing", rebar.public_id, "false_advertising", "全国第一，虚假宣传",
                                  reporter_name="李明", reporter_contact="13800000000", today=BEFORE_NATIONAL_DAY)
    assert report.respondent_enterprise_id == seller.id
    assert report.number == "JB-20260930-0001"
    assert report.accept_due_on.isoformat() == "2026-10-15"
    assert report.filer_user_id == person.id and not report.anonymous


def test_an_anonymous_report_keeps_no_name_contact_or_person(world, seller):
    report = services.file_report(world.person(), "enterprise", seller.public_id, "fraud", "刷单", anonymous=True,
                                  reporter_name="李明", reporter_contact="13800000000")
    assert report.anonymous
    assert (report.filer_user_id, report.reporter_name, report.reporter_contact) == (None, "", "")


def test_a_visitor_who_gives_no_name_reports_anonymously(seller):
    report = services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单")
    assert report.anonymous and not steps.has_named_reporter(report)


def test_a_report_on_an_order_is_against_the_seller(world, seller, order):
    report = services.file_report(world.person(), "order", order.public_id, "delivery", "未发货")
    assert report.respondent_enterprise_id == seller.id


def test_a_buyer_complains_about_its_order_and_the_seller_answers(buyer, seller, order):
    complaint = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "product_quality",
                                        "钢筋屈服强度不达标", "退货退款", today=BEFORE_NATIONAL_DAY)
    assert (complaint.complainant_enterprise_id, complaint.respondent_enterprise_id) == (buyer.id, seller.id)
    assert complaint.number == "TS-20260930-0001"
    second = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "delivery", "迟延交货",
                                     today=BEFORE_NATIONAL_DAY)
    assert second.number == "TS-20260930-0002"


@pytest.mark.parametrize("subject_id", ["", "   ", "lst_doesnotexist"])
def test_without_a_respondent_nothing_is_filed(world, subject_id):
    with pytest.raises(InvalidInput) as refused:
        services.file_report(world.person(), "listing", subject_id, "fraud", "刷单")
    assert "subject_id" in refused.value.errors
    assert _stored() == 0


def test_a_complaint_about_an_order_the_enterprise_did_not_buy_is_refused(world, order):
    stranger = world.enterprise(kinds=("buyer",))
    with pytest.raises(InvalidInput) as refused:
        services.file_complaint(owner_of(stranger), stranger, "order", order.public_id, "delivery", "未发货")
    assert "subject_id" in refused.value.errors
    assert _stored() == 0


@pytest.mark.parametrize(("category", "description", "field"), [
    ("nonsense", "刷单", "category"), ("fraud", "  ", "description"), ("fraud", "x" * 5001, "description")],
    ids=["unknown category", "blank description", "too long"])
def test_an_unknown_category_or_no_description_is_refused(world, seller, category, description, field):
    with pytest.raises(InvalidInput) as refused:
        services.file_report(world.person(), "enterprise", seller.public_id, category, description)
    assert field in refused.value.errors
    assert _stored() == 0
