"""The API: enterprise tokens file and follow (never seeing the reporter); regulators' staff tokens handle."""
from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.models import Complaint
from tests.builders import owner_of
from tests.oversight.complaints.conftest import bearer

REPORTER = {"reporter_name": "李明举报人", "reporter_contact": "13800138000"}


def _token(world, enterprise, write=True):
    scopes = ["complaints:read", "complaints:write"] if write else ["complaints:read"]
    return world.token(owner_of(enterprise), enterprise, scopes)


def test_a_buyer_files_a_complaint_and_reads_its_progress(world, client, buyer, seller, order):
    token = _token(world, buyer)
    response = client.post("/api/v1/oversight/complaints/enterprise", headers=bearer(token), json={
        "subject_kind": "order", "subject_id": order.public_id, "category": "product_quality",
        "description": "钢筋屈服强度不达标", "desired_outcome": "退货退款"})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["role"] == "complainant" and body["respondent"]["id"] == seller.public_id
    assert body["number"].startswith("TS-") and body["status"] == "submitted"
    listed = client.get("/api/v1/oversight/complaints/enterprise", headers=bearer(token)).json
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_a_complaint_without_a_respondent_is_a_problem_and_stores_nothing(world, client, buyer):
    response = client.post("/api/v1/oversight/complaints/enterprise", headers=bearer(_token(world, buyer)), json={
        "subject_kind": "order", "category": "delivery", "description": "未发货"})
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert "subject_id" in response.json["errors"]
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0


def test_the_respondent_reads_a_report_against_it_without_the_reporter(world, client, seller, rebar):
    reporter_enterprise = world.enterprise(kinds=("buyer",))
    filed = client.post("/api/v1/oversight/complaints/reports", headers=bearer(_token(world, reporter_enterprise)),
                        json={"subject_kind": "listing", "subject_id": rebar.public_id, "category": "fraud",
                              "description": "刷单嫌疑", **REPORTER})
    assert filed.status_code == 201, filed.json
    token = _token(world, seller, write=False)
    listed = client.get("/api/v1/oversight/complaints/enterprise", headers=bearer(token))
    one = client.get(f"/api/v1/oversight/complaints/enterprise/{filed.json['id']}", headers=bearer(token))
    assert one.json["role"] == "respondent"
    for text in (listed.text, one.text):
        assert REPORTER["reporter_name"] not in text and REPORTER["reporter_contact"] not in text
        assert owner_of(reporter_enterprise).email not in text and reporter_enterprise.public_id not in text


def test_a_stranger_cannot_read_a_complaint(world, client, buyer, order):
    complaint = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "delivery", "未发货")
    stranger = world.enterprise()
    response = client.get(f"/api/v1/oversight/complaints/enterprise/{complaint.public_id}",
                          headers=bearer(_token(world, stranger, write=False)))
    assert response.status_code == 404


def test_the_regulator_handles_a_complaint_to_an_upheld_close(client, regulator_token, buyer, order):
    complaint = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "product_quality", "不达标")
    url = f"/api/v1/oversight/complaints/{complaint.public_id}"
    assert client.get(url, headers=bearer(regulator_token)).json["open_actions"] == ["accept", "refuse"]
    for step in ({"action": "accept"}, {"action": "investigate"}, {"action": "open_case", "note": "质量违法"},
                 {"action": "tell_reporter", "note": "已立案"}, {"action": "close", "note": "属实", "outcome": "upheld"}):
        response = client.post(f"{url}/steps", headers=bearer(regulator_token), json=step)
        assert response.status_code == 200, (step, response.json)
    body = response.json
    assert (body["status"], body["outcome"], body["case_opened"]) == ("closed", "upheld", True)
    again = client.post(f"{url}/steps", headers=bearer(regulator_token), json={"action": "accept"})
    assert again.status_code == 422 and "action" in again.json["errors"]


def test_the_regulator_lists_overdue_ones_and_reads_statistics(client, regulator_token, world, seller):
    services.file_report(None, "enterprise", seller.public_id, "fraud", "刷单", today=date(2026, 1, 5))
    services.file_report(world.person(), "enterprise", seller.public_id, "pricing", "价格欺诈",
                         today=date(2026, 1, 6), **REPORTER)
    overdue = client.get("/api/v1/oversight/complaints?overdue=true", headers=bearer(regulator_token)).json
    assert len(overdue["items"]) == 2 and overdue["items"][0]["overdue"] == ["accept"]
    assert REPORTER["reporter_name"] in {item["reporter_name"] for item in overdue["items"]}
    stats = client.get("/api/v1/oversight/complaints/statistics?start=2026-01-01&end=2026-01-31",
                       headers=bearer(regulator_token)).json
    assert stats["filed"] == 2 and stats["by_kind"] == {"report": 2} and stats["overdue"] == 2
    assert stats["top_respondents"][0]["count"] == 2 and len(stats["by_day"]) == 31
    assert [row["total"] for row in stats["by_day"][4:6]] == [1, 1]
    backwards = client.get("/api/v1/oversight/complaints/statistics?start=2026-02-01&end=2026-01-01",
                           headers=bearer(regulator_token))
    assert backwards.status_code == 422


def test_the_respondent_states_its_side_and_the_complainant_reads_it(world, client, buyer, seller, order):
    complaint = services.file_complaint(owner_of(buyer), buyer, "order", order.public_id, "delivery", "未发货")
    answered = client.post(f"/api/v1/oversight/complaints/enterprise/{complaint.public_id}/answer",
                           headers=bearer(_token(world, seller)), json={"statement": "货物已于9月28日发出"})
    assert answered.status_code == 200, answered.json
    read = client.get(f"/api/v1/oversight/complaints/enterprise/{complaint.public_id}",
                      headers=bearer(_token(world, buyer, write=False))).json
    assert "货物已于9月28日发出" in [step["note"] for step in read["steps"]]
    by_complainant = client.post(f"/api/v1/oversight/complaints/enterprise/{complaint.public_id}/answer",
                                 headers=bearer(_token(world, buyer)), json={"statement": "冒充"})
    assert by_complainant.status_code == 404
    empty = client.post(f"/api/v1/oversight/complaints/enterprise/{complaint.public_id}/answer",
                        headers=bearer(_token(world, seller)), json={"statement": " "})
    assert empty.status_code == 422 and "statement" in empty.json["errors"]
