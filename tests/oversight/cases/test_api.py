"""Cases through the API with a regulator's staff token: read, work, refusals as problems, evidence packages."""
import hashlib
import threading

import pytest

from marketplace.accounts.services import create_staff_token
from marketplace.oversight.cases import services
from tests.oversight.cases.alerts import raise_alert


@pytest.fixture
def regulator(world):
    return world.regulator()


@pytest.fixture
def headers(regulator):
    token = create_staff_token(regulator, "case desk", ["oversight:read", "oversight:write"])[1]
    return {"Authorization": f"Bearer {token}"}


def test_cases_are_listed_and_read_with_their_alerts_and_timeline(world, client, headers):
    alert, case = raise_alert(world.enterprise())
    listed = client.get("/api/v1/oversight/cases?status=open", headers=headers).get_json()
    assert [item["number"] for item in listed["items"]] == [case.number]
    one = client.get(f"/api/v1/oversight/cases/{case.public_id}", headers=headers).get_json()
    assert one["case"]["number"] == case.number and one["overdue"] is False
    assert one["alerts"][0]["id"] == alert.public_id
    assert one["alerts"][0]["sentence_zh"].startswith("同一控制组内双方成交")
    assert one["alerts"][0]["evidence"] == alert.evidence and one["alerts"][0]["parameters"] == {"min_trades": 2}
    assert [step["step"] for step in one["steps"]] == ["alert_filed"] and one["sanctions"] == []


def test_a_case_is_worked_through_the_api(world, client, headers, regulator):
    _, case = raise_alert(world.enterprise())
    base = f"/api/v1/oversight/cases/{case.public_id}"
    assigned = client.post(f"{base}/assign", json={"assignee": regulator.public_id}, headers=headers)
    assert assigned.status_code == 200 and assigned.get_json()["status"] == "investigating"
    assert client.post(f"{base}/notes", json={"note": "Seen"}, headers=headers).status_code == 200
    assert client.post(f"{base}/deadline", json={"deadline": "2099-03-02"}, headers=headers).get_json()[
        "deadline"] == "2099-03-02"
    assert client.post(f"{base}/escalate", json={}, headers=headers).get_json()["escalation_level"] == 1
    dismissed = client.post(f"{base}/dismiss", json={"reason": "Not a violation"}, headers=headers)
    assert dismissed.get_json()["status"] == "dismissed"
    again = client.post(f"{base}/close", json={"conclusion": "x"}, headers=headers)
    assert again.status_code == 409 and again.content_type == "application/problem+json"


def test_dismissal_without_a_reason_is_a_422_problem_and_changes_nothing(world, client, headers):
    _, case = raise_alert(world.enterprise())
    for body in ({}, {"reason": "  "}):
        refused = client.post(f"/api/v1/oversight/cases/{case.public_id}/dismiss", json=body, headers=headers)
        assert refused.status_code == 422 and refused.content_type == "application/problem+json"
        assert "reason" in refused.get_json()["errors"]
    assert services.case_named(case.public_id).status == "open"


def test_a_case_is_opened_by_hand_through_the_api(world, client, headers):
    enterprise = world.enterprise()
    opened = client.post("/api/v1/oversight/cases", json={"enterprise": enterprise.public_id, "title": "Buyer report"},
                         headers=headers)
    assert opened.status_code == 201 and opened.get_json()["enterprise"] == enterprise.public_id
    refused = client.post("/api/v1/oversight/cases", json={"enterprise": "ent_nobody", "title": "x"}, headers=headers)
    assert refused.status_code == 422 and "enterprise" in refused.get_json()["errors"]


def test_the_evidence_package_is_exported_and_downloaded_through_the_api(world, client, headers):
    _, case = raise_alert(world.enterprise())
    started = client.post(f"/api/v1/oversight/cases/{case.public_id}/evidence", headers=headers)
    assert started.status_code == 202
    for thread in threading.enumerate():
        if thread.name.startswith("evidence-package-"):
            thread.join(60)
    package = client.get(f"/api/v1/oversight/cases/{case.public_id}/evidence/{started.get_json()['id']}",
                         headers=headers).get_json()
    assert package["status"] == "ready" and package["files"] == ["case.pdf", "evidence.csv", "manifest.json"]
    pdf = client.get(f"/api/v1/oversight/cases/{case.public_id}/evidence/{package['id']}/files/case.pdf",
                     headers=headers)
    assert hashlib.sha256(pdf.get_data()).hexdigest() == package["manifest"]["case.pdf"]["sha256"]


def test_a_read_only_token_reads_but_does_not_work_and_enterprise_tokens_get_nothing(world, client, regulator):
    _, case = raise_alert(world.enterprise())
    reader = {"Authorization": f"Bearer {create_staff_token(regulator, 'reader', ['oversight:read'])[1]}"}
    assert client.get(f"/api/v1/oversight/cases/{case.public_id}", headers=reader).status_code == 200
    assert client.post(f"/api/v1/oversight/cases/{case.public_id}/notes", json={"note": "x"},
                       headers=reader).status_code == 403
    owner = world.person()
    member = {"Authorization": f"Bearer {world.token(owner, world.enterprise(owner=owner))}"}
    assert client.get("/api/v1/oversight/cases", headers=member).status_code in (401, 403)
