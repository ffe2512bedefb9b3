"""The public summary on the profile and through the API: grade, verified, valid licences, entries in force only."""
from credit.grading import services as grading
from tests.credit.reports.conftest import READ_AND_WRITE, bearer, licence, penalty


def test_the_profile_shows_the_grade_valid_licences_and_only_entries_inside_their_publicity_window(
        app, world, parties):
    licence(parties.subject, parties.operator)
    penalty(parties.subject, parties.operator, days_ago=30, title="未按规定公示年度报告")
    penalty(parties.subject, parties.operator, days_ago=400, severity="minor", title="早已过公示期的处罚")
    client = app.test_client()
    world.login(client, parties.stranger_owner)

    html = client.get(f"/enterprises/{parties.subject.public_id}").get_data(as_text=True)

    assert f'id="credit-grade">{grading.grade_of(parties.subject)}<' in html
    assert "危险化学品经营许可证" in html
    assert "未按规定公示年度报告" in html
    assert "早已过公示期的处罚" not in html
    assert "Your detailed credit report" not in html and "read for" not in html


def test_the_api_summary_lists_the_same_and_an_unknown_code_is_not_found(app, world, parties):
    licence(parties.subject, parties.operator)
    penalty(parties.subject, parties.operator, days_ago=30)
    penalty(parties.subject, parties.operator, days_ago=400, severity="minor", title="早已过公示期的处罚")
    token = world.token(parties.stranger_owner, parties.stranger, READ_AND_WRITE)
    client = app.test_client()

    summary = client.get(f"/api/v1/credit/enterprises/{parties.subject.credit_code}/summary", headers=bearer(token))
    unknown = client.get("/api/v1/credit/enterprises/91120116MA0000000X/summary", headers=bearer(token))

    assert summary.status_code == 200
    body = summary.get_json()
    assert body["grade"] == grading.grade_of(parties.subject) and body["verified"] is True and body["scored"]
    assert [item["title"] for item in body["licences"]] == ["危险化学品经营许可证"]
    assert [item["title"] for item in body["entries"]] == ["未按规定公示年度报告"]
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"


def test_members_and_oversight_find_the_detailed_report_from_the_profile(app, world, parties):
    member, regulator = app.test_client(), app.test_client()
    world.login(member, parties.subject_owner)
    world.login(regulator, parties.regulator)

    own = member.get(f"/enterprises/{parties.subject.public_id}").get_data(as_text=True)
    oversight = regulator.get(f"/enterprises/{parties.subject.public_id}").get_data(as_text=True)

    assert f"/enterprises/{parties.subject.public_id}/credit/reports/{parties.subject.credit_code}" in own
    assert f"/credit/files/{parties.subject.credit_code}" in oversight
