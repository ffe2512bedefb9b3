"""A regulator works a case from the web pages, in English and Chinese; bad input shows the form again."""
from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from marketplace.oversight.cases import packages, services
from marketplace.oversight.cases.models import OversightCase
from tests.oversight.cases.alerts import raise_alert


def test_the_case_list_shows_cases_and_logs_the_view(world, client):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise(), day=date(2026, 1, 5))
    world.login(client, regulator)
    page = client.get("/oversight/cases?overdue=y")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and case.number in html and "Overdue" in html
    assert db.session.scalar(select(func.count()).select_from(OversightAccess)
                             .where(OversightAccess.view == "cases", OversightAccess.user_id == regulator.id)) == 1


def test_the_case_page_shows_the_frozen_evidence_and_sentence(world, client):
    first, second = world.enterprise(), world.enterprise()
    alert, case = raise_alert(first, other=second, quantity="40")
    world.login(client, world.regulator())
    html = client.get(f"/oversight/cases/{case.public_id}").get_data(as_text=True)
    assert "Both sides in one group traded 40 t, limit 2 trades" in html
    assert alert.evidence[0]["trade"] in html and "3850.00" in html
    assert "Alert filed" in html
    chinese = client.get(f"/oversight/cases/{case.public_id}", headers={"Accept-Language": "zh-CN"})
    assert "同一控制组内双方成交 40 吨" in chinese.get_data(as_text=True)


def test_a_regulator_assigns_notes_escalates_and_closes_on_the_web(world, client):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise())
    world.login(client, regulator)
    base = f"/oversight/cases/{case.public_id}"
    assert client.post(f"{base}/assign", data={"assignee": regulator.public_id}).status_code == 303
    assert client.post(f"{base}/notes", data={"note": "Asked for the delivery notes."}).status_code == 303
    assert client.post(f"{base}/deadline", data={"deadline": "2099-01-15"}).status_code == 303
    assert client.post(f"{base}/escalate", data={"note": ""}).status_code == 303
    assert client.post(f"{base}/close", data={"conclusion": "Confirmed"}).status_code == 303
    html = client.get(base).get_data(as_text=True)
    assert "Closed" in html and "Asked for the delivery notes." in html and "Confirmed" in html
    done = services.case_named(case.public_id)
    assert (done.status, done.assignee_id, done.deadline, done.escalation_level) == (
        "closed", regulator.id, date(2099, 1, 15), 1)


def test_dismissal_without_a_reason_shows_the_form_again_and_changes_nothing(world, client):
    _, case = raise_alert(world.enterprise())
    world.login(client, world.regulator())
    refused = client.post(f"/oversight/cases/{case.public_id}/dismiss", data={"reason": " "})
    assert refused.status_code == 422
    assert "Write why the case is dismissed." in refused.get_data(as_text=True)
    assert services.case_named(case.public_id).status == "open"


def test_a_deadline_that_is_not_a_date_is_refused(world, client):
    _, case = raise_alert(world.enterprise())
    world.login(client, world.regulator())
    refused = client.post(f"/oversight/cases/{case.public_id}/deadline", data={"deadline": "next week"})
    assert refused.status_code == 422 and "YYYY-MM-DD" in refused.get_data(as_text=True)


def test_a_regulator_opens_a_case_by_hand(world, client):
    enterprise = world.enterprise()
    world.login(client, world.regulator())
    opened = client.post("/oversight/cases/new", data={"enterprise": enterprise.credit_code,
                                                       "title": "Buyer reports short weight", "note": ""})
    assert opened.status_code == 303
    case = db.session.scalar(select(OversightCase))
    assert opened.headers["Location"].endswith(case.public_id) and case.enterprise_id == enterprise.id
    unknown = client.post("/oversight/cases/new", data={"enterprise": "nobody", "title": "x"})
    assert unknown.status_code == 422 and "There is no enterprise" in unknown.get_data(as_text=True)


def test_enterprise_users_and_operators_cannot_reach_cases(world, client):
    _, case = raise_alert(world.enterprise())
    for user in (world.person(), world.operator()):
        world.login(client, user)
        assert client.get(f"/oversight/cases/{case.public_id}").status_code == 403
        assert client.post(f"/oversight/cases/{case.public_id}/close", data={"conclusion": "x"}).status_code == 403
        client.post("/auth/logout")
    assert services.case_named(case.public_id).status == "open"


def test_the_case_page_offers_to_propose_a_sanction_for_the_case(world, client):
    _, case = raise_alert(world.enterprise())
    world.login(client, world.regulator())
    html = client.get(f"/oversight/cases/{case.public_id}").get_data(as_text=True)
    assert f'/oversight/sanctions/new?case={case.public_id}' in html


def test_every_case_page_renders_in_chinese(world, client):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise())
    package = packages.request_package(regulator, case.public_id)
    packages.build_package(package.id)
    world.login(client, regulator)
    chinese = {"Accept-Language": "zh-CN"}
    for path in ("/oversight/cases", "/oversight/cases/new", f"/oversight/cases/{case.public_id}",
                 f"/oversight/cases/{case.public_id}/evidence/{package.public_id}"):
        page = client.get(path, headers=chinese)
        assert page.status_code == 200 and 'lang="zh' in page.get_data(as_text=True), path
