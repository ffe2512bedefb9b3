"""The credit score API: the token's enterprise reads its grade, reasons, points, advice and history."""
import json

from credit.grading import services
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
    assert body["how_to_improve"]["fixes"][0]["text_en"].startswith("bring the average days deliveries are late")


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
