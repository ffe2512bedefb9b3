"""The detailed report: the enterprise itself, oversight and authorised counterparties read it, everyone else is
refused; every reading is logged and shown to the enterprise with the authorisation it rested on."""
from datetime import timedelta

from sqlalchemy import func, select

from credit.reports import services as reports
from credit.reports.models import ReportAuthorisation, ReportView
from marketplace.accounts.services import create_staff_token
from marketplace.database import transaction, utcnow
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from tests.credit.reports.conftest import READ_AND_WRITE, authorise, bearer, penalty


def report_url(acting_for, subject):
    return f"/enterprises/{acting_for.public_id}/credit/reports/{subject.credit_code}"


def api_report(client, token, subject):
    return client.get(f"/api/v1/credit/enterprises/{subject.credit_code}/report", headers=bearer(token))


def views_logged():
    return db.session.scalar(select(func.count()).select_from(ReportView))


def test_a_counterparty_without_authorisation_is_refused_on_the_web_and_the_api_and_nothing_is_logged(
        app, world, parties):
    client = app.test_client()
    world.login(client, parties.counterparty_owner)
    token = world.token(parties.counterparty_owner, parties.counterparty, READ_AND_WRITE)

    page = client.get(report_url(parties.counterparty, parties.subject))
    answer = api_report(client, token, parties.subject)

    assert page.status_code == 403
    assert "has not authorised your enterprise" in page.get_data(as_text=True)
    assert answer.status_code == 403
    assert answer.mimetype == "application/problem+json"
    assert views_logged() == 0


def test_an_authorised_counterparty_reads_it_and_the_subject_sees_who_under_which_authorisation(app, world, parties):
    penalty(parties.subject, parties.operator)
    authorisation = authorise(parties)
    client = app.test_client()
    world.login(client, parties.counterparty_owner)
    token = world.token(parties.counterparty_owner, parties.counterparty, READ_AND_WRITE)

    page = client.get(report_url(parties.counterparty, parties.subject))
    answer = api_report(client, token, parties.subject)

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Authorised counterparty" in html and "未按规定公示年度报告" in html
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["capacity"] == "authorised"
    assert body["grade"] and body["model_version"] and body["score"] is not None
    assert [entry["title"] for entry in body["entries"]] == ["未按规定公示年度报告"]

    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    log = owner.get(f"/enterprises/{parties.subject.public_id}/credit/access").get_data(as_text=True)
    assert parties.counterparty.name_en in log and "2027 年一季度钢材供货合同" in log
    assert "Authorised counterparty" in log and "Web page" in log and "API" in log
    subject_token = world.token(parties.subject_owner, parties.subject, READ_AND_WRITE)
    views = owner.get("/api/v1/credit/views", headers=bearer(subject_token)).get_json()["items"]
    assert [(v["capacity"], v["channel"], v["authorisation"], v["viewer_enterprise"]["credit_code"])
            for v in views] == [("authorised", "api", authorisation.public_id, parties.counterparty.credit_code),
                                ("authorised", "web", authorisation.public_id, parties.counterparty.credit_code)]


def test_a_revoked_or_expired_authorisation_no_longer_opens_the_report(app, world, parties):
    revoked = authorise(parties)
    client = app.test_client()
    world.login(client, parties.counterparty_owner)
    assert client.get(report_url(parties.counterparty, parties.subject)).status_code == 200

    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    access_page = f"/enterprises/{parties.subject.public_id}/credit/access"
    done = owner.post(f"{access_page}/authorisations/{revoked.public_id}/revoke")
    assert done.status_code == 302
    assert client.get(report_url(parties.counterparty, parties.subject)).status_code == 403

    expired = authorise(parties)
    with transaction():
        db.session.get(ReportAuthorisation, expired.id).expires_at = utcnow() - timedelta(seconds=1)
    token = world.token(parties.counterparty_owner, parties.counterparty, READ_AND_WRITE)
    assert client.get(report_url(parties.counterparty, parties.subject)).status_code == 403
    assert api_report(client, token, parties.subject).status_code == 403
    assert views_logged() == 1


def test_the_enterprise_itself_and_oversight_read_it_with_their_capacity(app, world, parties):
    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    regulator = app.test_client()
    world.login(regulator, parties.regulator)

    assert owner.get(report_url(parties.subject, parties.subject)).status_code == 200
    assert regulator.get(f"/credit/files/{parties.subject.credit_code}").status_code == 200

    capacities = db.session.execute(select(ReportView.capacity, ReportView.viewer_enterprise_id)
                                    .order_by(ReportView.id)).all()
    assert capacities == [("self", parties.subject.id), ("regulator", None)]


def test_a_stranger_cannot_read_by_acting_for_an_enterprise_it_does_not_belong_to(app, world, parties):
    authorise(parties)
    client = app.test_client()
    world.login(client, parties.stranger_owner)
    assert client.get(report_url(parties.counterparty, parties.subject)).status_code == 403
    assert views_logged() == 0


def test_an_unknown_credit_code_is_not_found(app, world, parties):
    token = world.token(parties.counterparty_owner, parties.counterparty, READ_AND_WRITE)
    client = app.test_client()
    answer = client.get("/api/v1/credit/enterprises/91120116MA0000000X/report", headers=bearer(token))
    assert answer.status_code == 404
    assert "91120116MA0000000X" in answer.get_json()["detail"]


def test_granting_refuses_bad_input_and_stores_nothing(app, world, parties):
    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    url = f"/enterprises/{parties.subject.public_id}/credit/access/authorisations"
    today = shanghai_day()

    def grant(**fields):
        return owner.post(url, data={"grantee": parties.counterparty.credit_code, "purpose": "contract",
                                     "expires_on": (today + timedelta(days=30)).isoformat()} | fields)

    too_far = grant(expires_on=(today + timedelta(days=app.config["CREDIT_AUTHORISATION_MAX_DAYS"] + 1)).isoformat())
    past = grant(expires_on=(today - timedelta(days=1)).isoformat())
    itself = grant(grantee=parties.subject.credit_code)
    unknown = grant(grantee="91120116MA0000000X")

    assert too_far.status_code == past.status_code == itself.status_code == unknown.status_code == 422
    assert "at most 365 days" in too_far.get_data(as_text=True)
    assert "in the past" in past.get_data(as_text=True)
    assert "name another enterprise" in itself.get_data(as_text=True)
    assert "91120116MA0000000X" in unknown.get_data(as_text=True)
    token = world.token(parties.subject_owner, parties.subject, READ_AND_WRITE)
    refused = owner.post("/api/v1/credit/authorisations", headers=bearer(token), json={
        "grantee": parties.counterparty.credit_code, "purpose": "contract",
        "expires_on": (today - timedelta(days=1)).isoformat()})
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["expires_on"] == ["The expiry date is in the past."]
    assert db.session.scalar(select(func.count()).select_from(ReportAuthorisation)) == 0


def test_owners_grant_and_revoke_through_the_api_and_traders_may_not(app, world, parties):
    client = app.test_client()
    owner_token = world.token(parties.subject_owner, parties.subject, READ_AND_WRITE)
    trader = world.member(parties.subject, "trader")
    trader_token = world.token(trader, parties.subject, READ_AND_WRITE)
    body = {"grantee": parties.counterparty.credit_code, "purpose": "年度供货框架协议",
            "expires_on": (shanghai_day() + timedelta(days=90)).isoformat()}

    assert client.post("/api/v1/credit/authorisations", headers=bearer(trader_token), json=body).status_code == 403
    granted = client.post("/api/v1/credit/authorisations", headers=bearer(owner_token), json=body)
    assert granted.status_code == 201
    authorisation = granted.get_json()
    assert authorisation["state"] == "in_force"
    assert authorisation["grantee"]["credit_code"] == parties.counterparty.credit_code

    counterparty_token = world.token(parties.counterparty_owner, parties.counterparty, READ_AND_WRITE)
    held = client.get("/api/v1/credit/authorisations?held=true", headers=bearer(counterparty_token)).get_json()
    assert [item["id"] for item in held] == [authorisation["id"]]
    assert api_report(client, counterparty_token, parties.subject).status_code == 200

    url = f"/api/v1/credit/authorisations/{authorisation['id']}"
    assert client.delete(url, headers=bearer(trader_token)).status_code == 403
    revoked = client.delete(url, headers=bearer(owner_token))
    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    assert api_report(client, counterparty_token, parties.subject).status_code == 403
    assert client.get("/api/v1/credit/authorisations?held=true", headers=bearer(counterparty_token)).get_json() == []


def test_oversight_sees_the_history_a_counterparty_does_not(app, world, parties):
    repaired_later = penalty(parties.subject, parties.operator, days_ago=500, severity="minor", title="逾期未年报（已过公示期）")
    authorise(parties)
    regulator, counterparty = app.test_client(), app.test_client()
    world.login(regulator, parties.regulator)
    world.login(counterparty, parties.counterparty_owner)

    assert repaired_later.title in regulator.get(f"/credit/files/{parties.subject.credit_code}").get_data(as_text=True)
    assert repaired_later.title not in counterparty.get(report_url(parties.counterparty, parties.subject)).get_data(
        as_text=True)
    assert reports.views_of(parties.subject)[0].capacity == "authorised"


def test_a_staff_token_reads_the_report_as_the_regulator_and_the_subject_sees_it(app, world, parties):
    _token, plain = create_staff_token(parties.regulator, "supervision", ["credit:read"])
    answer = app.test_client().get(f"/api/v1/credit/enterprises/{parties.subject.credit_code}/report",
                                   headers=bearer(plain))

    assert answer.status_code == 200 and answer.get_json()["capacity"] == "regulator"
    assert [(view.capacity, view.channel, view.viewer_enterprise_id) for view in reports.views_of(parties.subject)] \
        == [("regulator", "api", None)]


def test_the_pages_read_in_chinese(app, world, parties):
    authorise(parties)
    client = app.test_client()
    world.login(client, parties.subject_owner)
    chinese = {"Accept-Language": "zh-CN"}

    for url in (f"/enterprises/{parties.subject.public_id}/credit/access", report_url(parties.subject, parties.subject),
                f"/enterprises/{parties.subject.public_id}", "/credit/verify", "/credit/verify/BHCR-20261126-00000000"):
        page = client.get(url, headers=chinese)
        assert page.status_code == 200, url
        assert 'lang="zh-CN"' in page.get_data(as_text=True), url
