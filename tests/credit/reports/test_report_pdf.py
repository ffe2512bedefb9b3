"""Credit report PDFs: issued at once, rendered by the credit jobs, fetched as a logged view, and checked on the
public verification page by their content hash and by the file itself; a changed PDF does not verify."""
import hashlib
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from credit.jobs import CreditJobs
from credit.reports.models import CreditReport, ReportCheck, ReportView
from marketplace.extensions import db
from tests.credit.reports.conftest import authorise, penalty


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def issue(client, acting_for, subject):
    """Issue a report PDF as ``client`` acting for ``acting_for``; :return: its page's address."""
    answer = client.post(f"/enterprises/{acting_for.public_id}/credit/reports/{subject.credit_code}/pdf")
    assert answer.status_code == 302
    return answer.headers["Location"]


def checks():
    return db.session.execute(select(ReportCheck.outcome, ReportCheck.sha256_given).order_by(ReportCheck.id)).all()


def test_an_authorised_counterpartys_report_pdf_verifies_by_hash_and_upload_and_a_changed_one_does_not(
        app, world, parties):
    penalty(parties.subject, parties.operator, title="未按规定公示年度报告")
    authorise(parties)
    client = app.test_client()
    world.login(client, parties.counterparty_owner)

    address = issue(client, parties.counterparty, parties.subject)
    waiting = client.get(address)
    assert waiting.status_code == 202 and "being prepared" in waiting.get_data(as_text=True)
    assert db.session.scalars(select(ReportView.channel)).all() == []

    CreditJobs(app).run_once()
    download = client.get(address)

    assert download.status_code == 200 and download.mimetype == "application/pdf"
    pdf = download.data
    report = db.session.scalar(select(CreditReport).execution_options(populate_existing=True))
    text = pdf_text(pdf)
    for expected in ("企业信用报告", "Enterprise Credit Report", parties.subject.name_zh, parties.subject.credit_code,
                     report.number, report.model_version, "未按规定公示年度报告", "报告核验"):
        assert expected in text, f"{expected!r} not in the PDF:\n{text}"
    assert report.content_sha256 in re.sub(r"\s+", "", text)
    assert report.file_sha256 == hashlib.sha256(pdf).hexdigest()
    assert db.session.execute(select(ReportView.capacity, ReportView.channel)).all() == [("authorised", "pdf")]

    public = app.test_client()
    page = public.get(f"/credit/verify/{report.number}").get_data(as_text=True)
    assert report.content_sha256 in page and parties.subject.name_zh in page
    assert 'id="verified-grade">' in page and "Superseded" not in page

    genuine = public.post(f"/credit/verify/{report.number}", data={"pdf": (io.BytesIO(pdf), "report.pdf")},
                          content_type="multipart/form-data")
    changed = pdf + b"1 0 obj << /Grade (AAA) >> endobj\n%%EOF\n"  # an edit saved as an incremental update
    altered = public.post(f"/credit/verify/{report.number}", data={"pdf": (io.BytesIO(changed), "report.pdf")},
                          content_type="multipart/form-data")

    assert "is the genuine report" in genuine.get_data(as_text=True)
    assert altered.status_code == 200 and "has been altered" in altered.get_data(as_text=True)
    assert checks() == [("genuine", None), ("genuine", report.file_sha256),
                        ("altered", hashlib.sha256(changed).hexdigest())]


def test_a_newer_report_supersedes_the_older_on_the_verification_page(app, world, parties):
    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    first = issue(owner, parties.subject, parties.subject)
    CreditJobs(app).run_once()
    pdf = owner.get(first).data
    older = db.session.scalar(select(CreditReport).execution_options(populate_existing=True))

    issue(owner, parties.subject, parties.subject)
    CreditJobs(app).run_once()

    public = app.test_client()
    page = public.get(f"/credit/verify/{older.number}").get_data(as_text=True)
    upload = public.post(f"/credit/verify/{older.number}", data={"pdf": (io.BytesIO(pdf), "report.pdf")},
                         content_type="multipart/form-data").get_data(as_text=True)
    assert "Superseded" in page
    assert "is the genuine report" in upload and "Superseded" in upload
    assert [outcome for outcome, _given in checks()] == ["superseded", "superseded"]


def test_an_unknown_number_is_said_to_be_no_report_of_ours_and_the_check_is_logged(app, world, parties):
    answer = app.test_client().get("/credit/verify/bhcr-20261126-00000000")
    assert answer.status_code == 200
    assert "has issued no credit report with this number" in answer.get_data(as_text=True)
    assert db.session.execute(select(ReportCheck.number, ReportCheck.outcome)).all() == [
        ("BHCR-20261126-00000000", "unknown")]


def test_a_counterparty_without_authorisation_can_issue_no_report(app, world, parties):
    client = app.test_client()
    world.login(client, parties.counterparty_owner)
    answer = client.post(f"/enterprises/{parties.counterparty.public_id}/credit/reports/"
                         f"{parties.subject.credit_code}/pdf")
    assert answer.status_code == 403
    assert db.session.scalar(select(CreditReport)) is None


def test_through_the_api_a_counterparty_issues_polls_and_fetches_a_report_pdf_as_a_logged_view(app, world, parties):
    authorise(parties)
    token = world.token(parties.counterparty_owner, parties.counterparty, ["credit:read"])
    client = app.test_client()
    base = f"/api/v1/credit/enterprises/{parties.subject.credit_code}/reports"

    issued = client.post(base, headers={"Authorization": f"Bearer {token}"})
    assert issued.status_code == 202 and issued.get_json()["status"] == "pending"
    number = issued.get_json()["number"]
    early = client.get(f"{base}/{number}/pdf", headers={"Authorization": f"Bearer {token}"})
    assert early.status_code == 409 and early.mimetype == "application/problem+json"

    CreditJobs(app).run_once()
    status = client.get(f"{base}/{number}", headers={"Authorization": f"Bearer {token}"}).get_json()
    pdf = client.get(f"{base}/{number}/pdf", headers={"Authorization": f"Bearer {token}"})

    assert status["status"] == "ready" and status["verification_url"].endswith(f"/credit/verify/{number}")
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == status["file_sha256"]
    assert "企业信用报告" in pdf_text(pdf.data)
    assert db.session.execute(select(ReportView.capacity, ReportView.channel)).all() == [("authorised", "pdf")]
    listed = client.get(base, headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [item["number"] for item in listed] == [number]


def test_an_upload_without_a_file_is_refused_and_logs_no_check(app, world, parties):
    owner = app.test_client()
    world.login(owner, parties.subject_owner)
    issue(owner, parties.subject, parties.subject)
    CreditJobs(app).run_once()
    number = db.session.scalar(select(CreditReport.number))

    refused = app.test_client().post(f"/credit/verify/{number}", data={}, content_type="multipart/form-data")

    assert refused.status_code == 422
    assert checks() == []
