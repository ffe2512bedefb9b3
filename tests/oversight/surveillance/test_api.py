"""The surveillance API for regulators' staff tokens: rules, drafts with refusals, four eyes, alerts."""
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.oversight.surveillance import live
from marketplace.oversight.surveillance.models import SurveillanceRuleVersion
from tests.oversight.surveillance.conftest import staff_headers


def test_drafting_approving_and_activating_through_the_api(client, author, approver):
    rules = client.get("/api/v1/oversight/surveillance/rules", headers=staff_headers(author))
    assert rules.status_code == 200
    assert "wash_trades@v1" in [version["label"] for rule in rules.json for version in rule["versions"]]

    created = client.post("/api/v1/oversight/surveillance/rules/wash_trades/versions", headers=staff_headers(author),
                          json={"parameters": {"min_trades": 2}, "floor_overrides": {"steel": {"min_trades": 4}}})
    assert created.status_code == 201 and created.json["label"] == "wash_trades@v2"
    version_id = created.json["id"]

    own = client.post(f"/api/v1/oversight/surveillance/versions/{version_id}/approve", headers=staff_headers(author))
    assert own.status_code == 403 and own.content_type == "application/problem+json"

    assert client.post(f"/api/v1/oversight/surveillance/versions/{version_id}/approve",
                       headers=staff_headers(approver)).json["status"] == "approved"
    active = client.post(f"/api/v1/oversight/surveillance/versions/{version_id}/activate", headers=staff_headers(approver))
    assert active.json["status"] == "active" and active.json["approver"] == approver.public_id


def test_bad_documents_get_422_problems_naming_the_field_and_nothing_is_stored(client, author):
    headers = staff_headers(author)
    client.get("/api/v1/oversight/surveillance/rules", headers=headers)
    before = db.session.scalar(select(func.count()).select_from(SurveillanceRuleVersion))

    unknown = client.post("/api/v1/oversight/surveillance/rules/wash_trades/versions", headers=headers,
                          json={"parameters": {"min_trades": 2}, "threshold": 1})
    out_of_range = client.post("/api/v1/oversight/surveillance/rules/wash_trades/versions", headers=headers,
                               json={"parameters": {"min_trades": -1}})
    unknown_parameter = client.post("/api/v1/oversight/surveillance/rules/wash_trades/versions", headers=headers,
                                    json={"parameters": {"speed": 3}})

    assert (unknown.status_code, out_of_range.status_code, unknown_parameter.status_code) == (422, 422, 422)
    assert "threshold" in unknown.json["errors"]
    assert "below the minimum 1" in out_of_range.json["errors"]["parameters.min_trades"][0]
    assert "parameters.speed" in unknown_parameter.json["errors"]
    assert out_of_range.content_type == "application/problem+json"
    assert db.session.scalar(select(func.count()).select_from(SurveillanceRuleVersion)) == before


def test_alerts_are_listed_and_read_with_their_evidence(client, author, wash_pair):
    [alert] = live.react()[1]
    listed = client.get("/api/v1/oversight/surveillance/alerts?rule=wash_trades&floor=steel",
                        headers=staff_headers(author, ("oversight:read",)))
    assert listed.json["total"] == 1 and listed.json["alerts"][0]["id"] == alert.public_id
    one = client.get(f"/api/v1/oversight/surveillance/alerts/{alert.public_id}", headers=staff_headers(author))
    assert one.json["rule_version"] == "wash_trades@v1" and one.json["evidence"]
    assert one.json["sentence_zh"] and one.json["parameters"]["min_trades"] == 1
    assert client.get("/api/v1/oversight/surveillance/alerts?status=closed", headers=staff_headers(author)).status_code == 422
