"""Period reports, the seller-identity report and complaint statistics: CSV at once, PDFs off the request
path with their progress, every one logged in the access log and audited."""
import csv
import io
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess, OversightExport
from tests.conftest import csrf_token_from
from tests.oversight.market_and_exports.market import two_days_of_rebar


@pytest.fixture
def rebar(world, seller, buyer):
    return two_days_of_rebar(world, seller, buyer)


@pytest.fixture
def regulator(client, world):
    person = world.regulator()
    world.login(client, person)
    return person


def _finish_exports():
    for thread in threading.enumerate():
        if thread.name.startswith("oversight-export-"):
            thread.join(60)


def _pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _prepare(client, **fields):
    token = csrf_token_from(client.get("/oversight/exports").get_data(as_text=True))
    return client.post("/oversight/exports", data={"csrf_token": token, **fields})


def test_the_period_report_pdf_is_prepared_off_the_request_path_and_reads_in_chinese(client, regulator, rebar):
    started = _prepare(client, kind="period_report", floor="steel")

    assert started.status_code == 303
    _finish_exports()
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Download the PDF" in page
    download = client.get(started.headers["Location"] + "/file")
    assert download.mimetype == "application/pdf"
    text = _pdf_text(download.data)
    assert "交易场所阶段监管报告" in text and "成交额" in text
    assert "CNY 242,200.00" in text and "60 t" in text
    assert rebar.code in text


def test_requesting_and_taking_a_report_is_audited_and_logged_as_an_export(client, regulator, rebar):
    started = _prepare(client, kind="period_report", floor="steel")
    _finish_exports()
    client.get(started.headers["Location"] + "/file")

    export = db.session.scalar(select(OversightExport))
    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.target == export.public_id)).all()
    assert {"oversight.export_requested", "oversight.export_ready"} <= set(actions)
    views = db.session.scalars(select(OversightAccess.view).where(OversightAccess.channel == "export")).all()
    assert views == ["export_period_report", "export_period_report_download"]


def test_the_progress_answers_the_state_while_the_page_polls(client, regulator, rebar):
    started = _prepare(client, kind="seller_identity")
    _finish_exports()

    assert client.get(started.headers["Location"] + "/progress").get_json() == {"status": "ready"}


def test_the_seller_identity_report_names_every_seller_with_credit_code_and_address(client, regulator, rebar, seller):
    csv_response = client.get("/oversight/exports/seller-identity.csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.data.decode("utf-8-sig"))))
    started = _prepare(client, kind="seller_identity")
    _finish_exports()
    text = _pdf_text(client.get(started.headers["Location"] + "/file").data)

    ours = next(row for row in rows if row["credit_code"] == seller.credit_code)
    assert (ours["name_zh"], ours["address"]) == (seller.name_zh, seller.address)
    assert "网络交易经营者身份信息报告" in text and seller.credit_code in text


def test_the_period_report_csv_has_one_line_per_day_with_currency_and_unit(client, regulator, rebar):
    response = client.get("/oversight/exports/period-report.csv?floor=steel")

    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert response.mimetype == "text/csv"
    assert len(rows) == 30
    traded = [row for row in rows if row["trades"] != "0"]
    assert [(row["turnover"], row["currency"], row["volume"], row["unit"]) for row in traded] == [
        ("160200.00", "CNY", "40", "t"), ("82000.00", "CNY", "20", "t")]


def test_a_report_without_a_floor_is_refused_and_nothing_is_recorded(client, regulator, rebar):
    response = _prepare(client, kind="period_report", floor="")

    assert response.status_code == 422
    assert "Choose a trading floor." in response.get_data(as_text=True)
    assert db.session.scalar(select(OversightExport)) is None


def test_an_operator_cannot_take_regulator_reports(client, world, rebar):
    world.login(client, world.operator())

    assert client.get("/oversight/exports").status_code == 403
    assert client.get("/oversight/exports/seller-identity.csv").status_code == 403


def test_the_access_log_page_filters_by_person_and_subject(client, world, regulator, rebar, seller):
    client.get(f"/oversight/market/steel/instruments/{rebar.public_id}/enterprises/{seller.public_id}")
    other = world.regulator()
    other_client = client.application.test_client()
    world.login(other_client, other)
    other_client.get(f"/oversight/market/steel/instruments/{rebar.public_id}")

    about_seller = client.get(f"/oversight/access-log?subject={seller.public_id}").get_data(as_text=True)
    by_email = client.get(f"/oversight/access-log?person={other.email}").get_data(as_text=True)

    assert "market_enterprise_trades" in about_seller and "market_instrument_enterprises" not in about_seller
    assert "market_instrument_enterprises" in by_email and "market_enterprise_trades" not in by_email


def test_a_reversed_period_for_the_csv_shows_the_reason_on_the_reports_page(client, regulator, rebar):
    response = client.get("/oversight/exports/period-report.csv?floor=steel&from=2026-03-10&to=2026-03-01")

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "The start must come before the end." in response.get_data(as_text=True)
