"""The credit file's API: staff tokens record and import entries; an enterprise's token reads its own file."""
from sqlalchemy import func, select

from credit.file import services as file
from credit.file.models import OfficialEntry
from marketplace.accounts import services as accounts
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from tests.builders import credit_code, owner_of
from tests.credit.file.entries import penalty_fields
from tests.credit.file.flows import react_all
from tests.settlement.fixtures import pay_in_full


def _bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def _staff(world, scopes=("credit:read", "credit:official")):
    return _bearer(accounts.create_staff_token(world.regulator(), "credit desk", list(scopes))[1])


def _member(world, enterprise):
    return _bearer(world.token(owner_of(enterprise), enterprise, ["credit:read"]))


def _count():
    return db.session.scalar(select(func.count()).select_from(OfficialEntry))


def test_a_staff_token_records_an_entry_and_the_enterprise_reads_it(client, world):
    enterprise = world.enterprise()

    created = client.post("/api/v1/credit/entries", json=penalty_fields(enterprise), headers=_staff(world))

    assert created.status_code == 201
    body = created.get_json()
    assert (body["kind"], body["state"], body["source"]) == ("penalty", "public", "api")
    assert [step["step"] for step in body["steps"]] == ["recorded"]
    own = client.get("/api/v1/credit/entries", headers=_member(world, enterprise)).get_json()
    assert [item["id"] for item in own["items"]] == [body["id"]]
    assert client.get(f"/api/v1/credit/entries/{body['id']}", headers=_member(world, enterprise)).status_code == 200


def test_another_enterprise_cannot_read_the_entry(client, world):
    enterprise, other = world.enterprise(), world.enterprise()
    entry = file.record_entry(world.regulator(), penalty_fields(enterprise))

    response = client.get(f"/api/v1/credit/entries/{entry.public_id}", headers=_member(world, other))

    assert response.status_code == 404
    assert client.get("/api/v1/credit/entries", headers=_member(world, other)).get_json()["items"] == []


def test_a_staff_token_filters_entries_by_credit_code(client, world):
    first, second = world.enterprise(), world.enterprise()
    regulator = world.regulator()
    file.record_entry(regulator, penalty_fields(first))
    file.record_entry(regulator, penalty_fields(second))

    response = client.get(f"/api/v1/credit/entries?credit_code={second.credit_code}", headers=_staff(world))

    assert [item["credit_code"] for item in response.get_json()["items"]] == [second.credit_code]


def test_an_enterprise_token_cannot_record_entries(client, world):
    enterprise = world.enterprise()
    token = _bearer(world.token(owner_of(enterprise), enterprise, ["credit:read", "credit:write"]))

    response = client.post("/api/v1/credit/entries", json=penalty_fields(enterprise), headers=token)

    assert response.status_code == 403
    assert _count() == 0


def test_a_bad_entry_gets_field_errors_and_stores_nothing(client, world):
    enterprise = world.enterprise()

    response = client.post("/api/v1/credit/entries", headers=_staff(world),
                           json=penalty_fields(enterprise, decided_on="2999-12-31", credit_code=credit_code(9_999_997)))

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"decided_on", "credit_code"}
    assert _count() == 0


def test_an_import_refuses_all_rows_for_one_bad_row_unless_told_to_store_the_valid_ones(client, world):
    enterprise = world.enterprise()
    rows = [penalty_fields(enterprise), penalty_fields(enterprise, severity="big")]

    refused = client.post("/api/v1/credit/entries/import", json={"entries": rows}, headers=_staff(world))

    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"rows.2.severity": [
        "Choose a severity: minor (轻微), general (一般) or serious (严重)."]}
    assert _count() == 0

    stored = client.post("/api/v1/credit/entries/import", json={"entries": rows, "store_valid_rows": True},
                         headers=_staff(world))

    report = stored.get_json()
    assert stored.status_code == 200
    assert (report["rows"], len(report["stored"]), [r["row"] for r in report["refused"]]) == (2, 1, [2])
    assert _count() == 1


def test_an_import_takes_csv_text(client, world):
    enterprise = world.enterprise()
    csv_text = ("credit_code,kind,severity,decided_on,tax_grade,tax_year\n"
                f"{enterprise.credit_code},tax_grade,minor,{shanghai_day().isoformat()},A,{shanghai_day().year - 1}\n")

    response = client.post("/api/v1/credit/entries/import", json={"csv": csv_text}, headers=_staff(world))

    assert response.status_code == 200
    assert response.get_json()["stored"][0]["tax_grade"] == "A"


def test_the_enterprise_reads_its_timeline_of_facts(client, world, steel_deal, buyer):
    pay_in_full(buyer, steel_deal.public_id)
    react_all()

    timeline = client.get("/api/v1/credit/facts", headers=_member(world, buyer)).get_json()

    assert {(item["kind"], item["reference"]) for item in timeline} >= {
        ("payment_due", steel_deal.public_id), ("payment_made", steel_deal.public_id)}
    staff = client.get(f"/api/v1/credit/facts?credit_code={buyer.credit_code}", headers=_staff(world))
    assert len(staff.get_json()) == len(timeline)


def test_the_entries_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert {"/api/v1/credit/entries", "/api/v1/credit/entries/{entry_id}", "/api/v1/credit/entries/import",
            "/api/v1/credit/facts"} <= set(paths)


def test_a_retried_entry_with_the_same_idempotency_key_is_recorded_once(client, world):
    enterprise = world.enterprise()
    headers = _staff(world) | {"Idempotency-Key": "entry-2026-118"}

    first = client.post("/api/v1/credit/entries", json=penalty_fields(enterprise), headers=headers)
    again = client.post("/api/v1/credit/entries", json=penalty_fields(enterprise), headers=headers)

    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert _count() == 1
