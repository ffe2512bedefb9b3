"""The credit score API: the token's enterprise reads its grade, reasons, points, advice and history."""
import copy
import json
import threading

from credit.grading import services
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace.accounts.services import create_staff_token
from marketplace.database import transaction
from tests.builders import owner_of
from tests.credit.grading.helpers import late_payer


def _headers(world, enterprise, scopes=("credit:read",)):
    return {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, scopes)}"}


def test_a_company_token_reads_its_score_with_reasons_points_and_how_to_improve(world, client, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=12)
    with transaction():
        services.rescore(enterprise, "fact")

    body = client.get("/api/v1/credit/score", headers=_headers(world, enterprise)).get_json()

    assert body["enterprise"] == enterprise.public_id and body["scored"] is True
    assert body["grade"] == "CCC" and body["score"] == 550 and body["model_version"] == "2026.1"
    late = body["reasons"][0]
    assert late["code"] == "PAYMENTS_LATE" and late["references"] == ["ct_late0", "ct_late1", "ct_late2"]
    assert "付款平均逾期 12.0 天" in late["text_zh"]
    assert {"input": "payment_index", "value": 68.0, "points": -60} in body["points"]
    assert body["how_to_improve"]["grade"] == "B"
    assert body["how_to_improve"]["fixes"][0]["text_en"].startswith("raise the payment index to at least 70")


def test_a_never_scored_enterprise_reads_its_neutral_grade(world, client, conduct):
    enterprise = world.enterprise()

    body = client.get("/api/v1/credit/score", headers=_headers(world, enterprise)).get_json()

    assert (body["grade"], body["scored"]) == ("BBB", False)
    assert body["reasons"][0]["code"] == "NEW_NO_HISTORY"


def test_history_lists_each_scoring_oldest_first(world, client, conduct):
    enterprise = world.enterprise()
    with transaction():
        services.rescore(enterprise, "verified")
    conduct[enterprise.id] = late_payer(days_late=25)
    with transaction():
        services.rescore(enterprise, "fact")

    body = client.get("/api/v1/credit/score/history", headers=_headers(world, enterprise)).get_json()

    assert [(s["grade"], s["cause"]) for s in body] == [("BBB", "verified"), (body[1]["grade"], "fact")]
    assert body[1]["previous_grade"] == "BBB" and body[1]["grade"] != "BBB"


def test_a_company_token_cannot_read_another_enterprise(world, client, conduct):
    enterprise, other = world.enterprise(), world.enterprise()

    answer = client.get(f"/api/v1/credit/score?enterprise={other.public_id}", headers=_headers(world, enterprise))

    assert answer.status_code == 403


def test_models_are_listed_but_only_operators_add_them(world, client):
    enterprise = world.enterprise()
    headers = _headers(world, enterprise, ("credit:read", "credit:write"))

    listed = client.get("/api/v1/credit/models", headers=headers).get_json()
    refused = client.post("/api/v1/credit/models", headers=headers, data=json.dumps({"document": {}}),
                          content_type="application/json")

    assert [(m["version"], m["in_effect"]) for m in listed] == [("2026.1", True)]
    assert listed[0]["document"]["grade_bands"]["AAA"] == 730
    assert refused.status_code == 403
    assert client.post("/api/v1/credit/runs", headers=headers, data="{}",
                       content_type="application/json").status_code == 403


def test_the_score_is_documented_in_the_openapi(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert "/api/v1/credit/score" in spec["paths"] and "/api/v1/credit/runs/{run_id}" in spec["paths"]
    assert "CreditScore" in spec["components"]["schemas"]


def _staff(person, scopes=("credit:read", "credit:official")):
    return {"Authorization": f"Bearer {create_staff_token(person, 'credit desk', list(scopes))[1]}"}


def test_an_operator_token_adds_a_model_version_and_a_bad_one_gets_field_errors(world, client):
    headers = _staff(world.operator())
    document = copy.deepcopy(STANDARD_DOCUMENT)
    document["version"] = "2026.8"
    bad = {**document, "version": "2026.9", "base_points": "six hundred"}

    added = client.post("/api/v1/credit/models", headers=headers, json={"document": document})
    refused = client.post("/api/v1/credit/models", headers=headers, json={"document": bad})

    assert added.status_code == 201 and added.get_json()["version"] == "2026.8"
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert "base_points must be a int" in refused.get_json()["errors"]["document"][0]
    versions = [m["version"] for m in client.get("/api/v1/credit/models", headers=headers).get_json()]
    assert sorted(versions) == ["2026.1", "2026.8"]


def test_an_operator_token_starts_a_run_and_follows_it(world, client, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)
    headers = _staff(world.operator())

    started = client.post("/api/v1/credit/runs", headers=headers, json={})
    for thread in threading.enumerate():
        if thread.name.startswith("credit-rescore-"):
            thread.join(30)
    run = client.get(f"/api/v1/credit/runs/{started.get_json()['id']}", headers=headers).get_json()

    assert started.status_code == 202
    assert (run["status"], run["done"], run["total"], run["changed"]) == ("finished", 1, 1, 1)
    assert sum(run["transitions"].values()) == 1


def test_a_staff_token_names_the_enterprise_it_reads(world, client, conduct):
    enterprise = world.enterprise()
    headers = _staff(world.regulator())

    unnamed = client.get("/api/v1/credit/score", headers=headers)
    named = client.get(f"/api/v1/credit/score?enterprise={enterprise.credit_code}", headers=headers)

    assert unnamed.status_code == 422 and "enterprise" in unnamed.get_json()["errors"]
    assert named.status_code == 200 and named.get_json()["enterprise"] == enterprise.public_id
    assert client.post("/api/v1/credit/runs", headers=headers, json={}).status_code == 403
