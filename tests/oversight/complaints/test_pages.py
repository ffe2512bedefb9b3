"""The web pages: anyone reports, a buyer complains, parties follow without the reporter, regulators handle."""
from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.models import Complaint
from marketplace.oversight.exports.models import OversightAccess
from tests.builders import owner_of

REPORTER = {"reporter_name": "李明举报人", "reporter_contact": "13800138000"}


def _count():
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_a_visitor_reports_a_listing_and_gets_a_number(client, rebar, seller):
    assert client.get("/reports/new").status_code == 200
    response = client.post("/reports/new", data={"subject_kind": "listing", "subject_id": rebar.public_id,
                                                 "category": "false_advertising", "description": "宣称全国第一",
                                                 **REPORTER})
    assert response.status_code == 200
    report = db.session.scalar(select(Complaint))
    assert report.number in response.text and report.respondent_enterprise_id == seller.id
    assert report.reporter_name == REPORTER["reporter_name"]


def test_a_report_without_a_respondent_shows_the_form_again_and_stores_nothing(world, client):
    response = client.post("/reports/new", data={"subject_kind": "enterprise", "subject_id": "",
                                                 "category": "fraud", "description": "刷单"})
    assert response.status_code == 422
    assert "without a respondent nothing can be filed" in response.text
    assert _count() == 0


def test_the_report_form_reads_in_chinese(client):
    response = client.get("/reports/new", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 200 and 'lang="zh' in response.text


def test_a_buyer_complains_and_follows_it_while_the_seller_never_sees_who_reported(world, client, buyer, seller,
                                                                                  order, rebar):
    services.file_report(world.person(), "listing", rebar.public_id, "fraud", "刷单嫌疑", **REPORTER)
    world.login(client, owner_of(buyer))
    response = client.post(f"/enterprises/{buyer.public_id}/complaints/new", data={
        "subject_kind": "order", "subject_id": order.public_id, "category": "product_quality",
        "description": "钢筋屈服强度不达标", "desired_outcome": "退货"})
    assert response.status_code == 302
    listed = client.get(f"/enterprises/{buyer.public_id}/complaints").text
    assert "TS-" in listed and 'id="filed"' in listed
    client.post("/auth/logout")
    world.login(client, owner_of(seller))
    against = client.get(f"/enterprises/{seller.public_id}/complaints").text
    assert "TS-" in against and "JB-" in against
    for complaint in db.session.scalars(select(Complaint)):
        page = client.get(f"/enterprises/{seller.public_id}/complaints/{complaint.public_id}")
        assert page.status_code == 200
        assert REPORTER["reporter_name"] not in page.text and REPORTER["reporter_contact"] not in page.text


def test_a_complaint_without_an_order_is_refused_on_the_page(world, client, buyer):
    world.login(client, owner_of(buyer))
    response = client.post(f"/enterprises/{buyer.public_id}/complaints/new", data={
        "subject_kind": "order", "subject_id": "", "category": "delivery", "description": "未发货"})
    assert response.status_code == 422 and _count() == 0


def test_the_regulator_sees_the_reporter_and_takes_steps(world, client, regulator, rebar):
    report = services.file_report(world.person(), "listing", rebar.public_id, "fraud", "刷单嫌疑", **REPORTER)
    world.login(client, regulator)
    desk = client.get("/oversight/complaints?kind=report")
    assert desk.status_code == 200 and report.number in desk.text
    page = client.get(f"/oversight/complaints/{report.public_id}").text
    assert REPORTER["reporter_name"] in page and REPORTER["reporter_contact"] in page
    refused = client.post(f"/oversight/complaints/{report.public_id}", data={"action": "refuse", "note": ""})
    assert refused.status_code == 422
    accepted = client.post(f"/oversight/complaints/{report.public_id}", data={"action": "accept", "note": ""})
    assert accepted.status_code == 302
    db.session.refresh(report)
    assert report.status == "accepted"
    views = db.session.scalars(select(OversightAccess.view).where(OversightAccess.user_id == regulator.id)).all()
    assert {"complaints", "complaint"} <= set(views)


def test_the_overdue_filter_and_badge(world, client, regulator, seller):
    late = services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单", today=date(2026, 1, 5))
    world.login(client, regulator)
    page = client.get("/oversight/complaints?overdue=1").text
    assert late.number in page and "Overdue" in page
    assert "1 overdue" in client.get("/oversight/complaints").text


def test_the_regulator_pages_read_in_chinese(world, client, regulator, seller):
    report = services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单")
    world.login(client, regulator)
    chinese = {"Accept-Language": "zh-CN"}
    assert client.get("/oversight/complaints", headers=chinese).status_code == 200
    page = client.get(f"/oversight/complaints/{report.public_id}", headers=chinese)
    assert page.status_code == 200 and report.number in page.text


def test_a_signed_in_reporter_reads_what_they_were_told(world, client, regulator, rebar):
    person = world.person()
    report = services.file_report(person, "listing", rebar.public_id, "fraud", "刷单嫌疑")
    for action, note in (("accept", ""), ("investigate", ""), ("no_case", ""), ("tell_reporter", "经核查不予立案")):
        services.handle(regulator, report.public_id, action, note)
    world.login(client, person)
    page = client.get("/reports").text
    assert report.number in page and "经核查不予立案" in page


def test_the_statistics_page_charts_a_period_with_its_figures(world, client, regulator, seller):
    services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单", today=date(2026, 3, 2))
    services.file_report(None, "enterprise", seller.public_id, "pricing", "价格欺诈", today=date(2026, 3, 3))
    world.login(client, regulator)
    page = client.get("/oversight/complaints/statistics?from=2026-03-01&to=2026-03-31")
    assert page.status_code == 200
    assert "data-oversight-chart" in page.text and "2026-03-31" in page.text
    assert "Fraud or fake transactions" in page.text and "Prices and charges" in page.text
    backwards = client.get("/oversight/complaints/statistics?from=2026-03-31&to=2026-03-01")
    assert backwards.status_code == 422


def test_the_respondent_answers_on_its_page(world, client, buyer, seller, order):
    complaint = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "delivery", "未发货")
    world.login(client, owner_of(seller))
    url = f"/enterprises/{seller.public_id}/complaints/{complaint.public_id}"
    assert 'id="answer-title"' in client.get(url).text
    assert client.post(url, data={"statement": ""}).status_code == 422
    assert client.post(url, data={"statement": "货物已发出"}).status_code == 302
    assert "货物已发出" in client.get(url).text
