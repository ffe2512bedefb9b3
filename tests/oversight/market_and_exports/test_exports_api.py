"""Reports and the access log through the API with a regulator's read-only token."""
import threading

import pytest
from sqlalchemy import select

from marketplace.accounts.services import create_staff_token
from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightExport
from tests.oversight.market_and_exports.market import two_days_of_rebar


@pytest.fixture
def rebar(world, seller, buyer):
    return two_days_of_rebar(world, seller, buyer)


@pytest.fixture
def reader(world):
    secret = create_staff_token(world.regulator(), "reports", ["oversight:read"])[1]
    return {"Authorization": f"Bearer {secret}"}


def _finish_exports():
    for thread in threading.enumerate():
        if thread.name.startswith("oversight-export-"):
            thread.join(60)


def test_a_read_only_token_asks_for_a_pdf_and_takes_it_once_ready(client, reader, rebar):
    asked = client.post("/api/v1/oversight/exports", headers=reader, json={"kind": "period_report", "floor": "steel"})
    _finish_exports()
    export = client.get(f"/api/v1/oversight/exports/{asked.get_json()['id']}", headers=reader).get_json()
    pdf = client.get(f"/api/v1/oversight/exports/{export['id']}/file", headers=reader)

    assert asked.status_code == 202 and asked.get_json()["status"] == "pending"
    assert export["status"] == "ready" and len(export["sha256"]) == 64
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_an_unknown_floor_is_a_problem_and_records_nothing(client, reader, rebar):
    response = client.post("/api/v1/oversight/exports", headers=reader, json={"kind": "period_report", "floor": "moon"})

    assert response.status_code == 422
    assert "floor" in response.get_json()["errors"]
    assert db.session.scalar(select(OversightExport)) is None


def test_an_unknown_kind_is_a_problem(client, reader):
    response = client.post("/api/v1/oversight/exports", headers=reader, json={"kind": "everything"})

    assert response.status_code == 422 and "kind" in response.get_json()["errors"]


def test_the_csv_reports_answer_at_once(client, reader, rebar, seller):
    period = client.get("/api/v1/oversight/exports/period-report.csv?floor=steel", headers=reader)
    sellers = client.get("/api/v1/oversight/exports/seller-identity.csv", headers=reader)

    assert period.mimetype == "text/csv" and "242200.00" not in period.data.decode("utf-8-sig")
    assert "160200.00,CNY" in period.data.decode("utf-8-sig")
    assert seller.credit_code in sellers.data.decode("utf-8-sig")


def test_the_access_log_shows_who_read_what_filtered_by_view(client, reader, rebar, seller):
    client.get(f"/api/v1/oversight/market/steel/instruments/{rebar.public_id}/enterprises/{seller.public_id}",
               headers=reader)
    client.get("/api/v1/oversight/exports/seller-identity.csv", headers=reader)

    logged = client.get("/api/v1/oversight/access-log?view=market_", headers=reader).get_json()

    assert logged["total"] == 1
    [row] = logged["rows"]
    assert (row["view"], row["subject"], row["channel"]) == ("market_enterprise_trades", seller.public_id, "api")


def test_an_operator_token_is_refused_the_regulator_reports(client, world):
    secret = create_staff_token(world.operator(), "ops", ["oversight:read"])[1]

    response = client.get("/api/v1/oversight/exports", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 403
