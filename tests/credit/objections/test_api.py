"""The objections and repair API: enterprise tokens file and read their own; operators' staff tokens answer."""
import io
from datetime import date

from credit.objections import services
from marketplace.accounts import services as accounts
from marketplace.i18n import shanghai_day
from tests.credit.objections.conftest import PDF


def _bearer(plain):
    return {"Authorization": f"Bearer {plain}"}


def _owner_token(world, owner, enterprise):
    return world.token(owner, enterprise, ["credit:read", "credit:write"])


def test_an_enterprise_files_an_objection_with_evidence_and_reads_it(world, client, penalised):
    enterprise, owner, entry = penalised
    plain = _owner_token(world, owner, enterprise)
    response = client.post("/api/v1/credit/objections", headers=_bearer(plain), content_type="multipart/form-data",
                           data={"entry": entry.public_id, "statement": "处罚决定已撤销",
                                 "evidence": [(io.BytesIO(PDF[2]), PDF[0])]})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "pending" and body["entry"]["contested"] and body["overdue"] is False
    assert [file["filename"] for file in body["evidence"]] == [PDF[0]]
    assert client.get(body["evidence"][0]["url"], headers=_bearer(plain)).data == PDF[2]
    listed = client.get("/api/v1/credit/objections", headers=_bearer(plain)).json
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get(f"/api/v1/credit/objections/{body['id']}", headers=_bearer(plain)).json["statement"] == "处罚决定已撤销"


def test_bad_filings_get_problem_details_and_change_nothing(world, client, penalised):
    enterprise, owner, entry = penalised
    plain = _owner_token(world, owner, enterprise)
    missing = client.post("/api/v1/credit/objections", headers=_bearer(plain), json={"entry": entry.public_id})
    assert missing.status_code == 422 and "statement" in missing.json["errors"]["json_or_form"]
    unknown = client.post("/api/v1/credit/objections", headers=_bearer(plain),
                          json={"entry": "coe_unknown", "statement": "x"})
    assert unknown.status_code == 404 and unknown.content_type == "application/problem+json"
    assert client.get("/api/v1/credit/objections", headers=_bearer(plain)).json["items"] == []


def test_repair_before_the_minimum_period_is_refused_naming_the_day(world, client, record_entry):
    enterprise = world.enterprise()
    owner = accounts.owner_of(enterprise)
    today = shanghai_day()
    entry = record_entry(enterprise, decided_on=today, publicity_min_until=date(today.year + 1, 3, 1),
                         publicity_max_until=date(today.year + 2, 3, 1))
    response = client.post("/api/v1/credit/repairs", headers=_bearer(_owner_token(world, owner, enterprise)),
                           json={"entry": entry.public_id, "statement": "已整改"})
    assert response.status_code == 422
    assert f"{today.year + 1}-03-01" in response.json["errors"]["entry"][0]
    assert "Repair before the minimum period" in response.json["detail"]


def test_an_operators_staff_token_answers_and_the_enterprise_reads_the_answer(world, client, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "金额有误")
    _token, staff = accounts.create_staff_token(world.operator(), "answers", ["credit:read", "credit:official"])
    queue = client.get("/api/v1/credit/objections?status=pending", headers=_bearer(staff)).json
    assert [item["id"] for item in queue["items"]] == [objection.public_id]
    no_reason = client.post(f"/api/v1/credit/objections/{objection.public_id}/answer", headers=_bearer(staff),
                            json={"answer": "kept"})
    assert no_reason.status_code == 422
    answered = client.post(f"/api/v1/credit/objections/{objection.public_id}/answer", headers=_bearer(staff),
                           json={"answer": "removed", "reason": "复议撤销"})
    assert answered.status_code == 200
    assert answered.json["status"] == "removed" and answered.json["entry"]["ended_on"] is not None
    read = client.get(f"/api/v1/credit/objections/{objection.public_id}",
                      headers=_bearer(_owner_token(world, owner, enterprise))).json
    assert (read["answer"], read["entry"]["contested"]) == ("复议撤销", False)


def test_an_operator_decides_a_repair_through_the_api(world, client, penalised):
    enterprise, owner, entry = penalised
    filed = client.post("/api/v1/credit/repairs", headers=_bearer(_owner_token(world, owner, enterprise)),
                        json={"entry": entry.public_id, "statement": "已缴纳罚款"})
    assert filed.status_code == 201
    _token, staff = accounts.create_staff_token(world.operator(), "repairs", ["credit:read", "credit:official"])
    decided = client.post(f"/api/v1/credit/repairs/{filed.json['id']}/decision", headers=_bearer(staff),
                          json={"decision": "approved", "reason": "材料齐全"})
    assert decided.status_code == 200 and decided.json["entry"]["repaired_on"] == shanghai_day().isoformat()


def test_another_enterprises_objection_is_not_found(world, client, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "异议")
    stranger = world.enterprise()
    plain = world.token(accounts.owner_of(stranger), stranger, ["credit:read"])
    assert client.get(f"/api/v1/credit/objections/{objection.public_id}", headers=_bearer(plain)).status_code == 404


def test_the_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/credit/objections", "/api/v1/credit/objections/{objection_id}/answer",
            "/api/v1/credit/repairs", "/api/v1/credit/repairs/{repair_id}/decision"} <= set(paths)
