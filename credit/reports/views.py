"""Credit report pages: the summary on the profile, the access page (authorisations and view log), detailed
reports for a counterparty and for oversight, report PDFs with their progress, and public verification.

A counterparty reads at ``/enterprises/<its own id>/credit/reports/<credit code>``: the gate checks it
belongs to the enterprise it acts for, the service checks that enterprise's authorisation.
"""
from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import credit.file.labels  # noqa: F401  (the entry kinds and severities the summary names)
from credit.reports import content, services
from credit.reports.access import AUTHORISED, OPERATOR, REGULATOR, SELF
from credit.reports.forms import AuthorisationForm, VerificationUploadForm
from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.home import current_language
from marketplace.permissions import requires

bp = Blueprint("credit_reports", __name__)

REFRESH_SECONDS = 3

labels.register("report_capacity", {
    SELF: _l("The enterprise itself"), OPERATOR: _l("Platform operator"),
    REGULATOR: _l("Regulator"), AUTHORISED: _l("Authorised counterparty"),
})
labels.register("report_channel", {services.WEB: _l("Web page"), services.API: _l("API"), services.PDF: _l("PDF")})
labels.register("authorisation_state", {
    "in_force": _l("In force"), "expired": _l("Expired"), "revoked": _l("Revoked"),
})
labels.register("report_status", {
    services.PENDING: _l("Being prepared"), services.READY: _l("Ready"), services.FAILED: _l("Could not be prepared"),
})
labels.register("report_check", {
    services.GENUINE: _l("Genuine"), services.ALTERED: _l("Altered"), services.SUPERSEDED: _l("Superseded"),
    services.UNKNOWN: _l("Unknown"),
})


def _reader(acting_for=None):
    return services.reader_of(current_user, g.principal, acting_for)


@bp.app_template_global()
def credit_summary(enterprise):
    """The public credit summary of ``enterprise`` for its profile page."""
    return services.public_summary(enterprise)


@bp.app_template_global()
def credit_report_links(enterprise):
    """``[(enterprise acted for or None, url)]``: where the signed-in person may read ``enterprise``'s detailed
    report."""
    principal = g.get("principal")
    if principal is None:
        return []
    if principal.platform_role is not None:
        return [(None, url_for("credit_reports.oversight_report", credit_code=enterprise.credit_code))]
    return [(mine, url_for("credit_reports.counterparty_report", enterprise_id=mine.public_id,
                           credit_code=enterprise.credit_code))
            for mine in services.reading_for(_reader(), enterprise)]


# --- authorisations and the view log -------------------------------------------------------------------

def _access_page(form=None, status=200):
    enterprise = g.enterprise
    reader = _reader(enterprise)
    reports = services.reports_for(reader, enterprise)
    return render_template(
        "credit/reports/access.html", enterprise=enterprise, given=services.authorisations_given(enterprise),
        held=services.authorisations_held(enterprise), views=services.views_of(enterprise),
        reports=reports, checks=services.checks_of(reports), state_of=services.authorisation_state,
        form=form or AuthorisationForm(formdata=None), limit=services.VIEW_LOG_LENGTH), status


@bp.get("/enterprises/<enterprise_id>/credit/access")
@requires(policy.ENTERPRISE_MEMBER)
def access(enterprise_id):
    """Who may read the enterprise's detailed report, who did (when, under which authorisation), its PDFs."""
    return _access_page()


@bp.post("/enterprises/<enterprise_id>/credit/access/authorisations")
@requires(policy.ENTERPRISE_OWNER)
def grant(enterprise_id):
    """Authorise a counterparty, by its credit code, to read the detailed report until a day, for a purpose."""
    form = AuthorisationForm()
    if not form.validate_on_submit():
        return _access_page(form, 422)
    try:
        authorisation = services.grant_authorisation(current_user, g.enterprise, form.grantee.data,
                                                     form.expires_on.data, form.purpose.data)
    except DomainError as error:
        show_refusal(form, error)
        return _access_page(form, error.status)
    flash(_("%(name)s may read your detailed credit report until %(day)s.",
            name=labels.enterprise_name(authorisation.grantee), day=form.expires_on.data.isoformat()), "success")
    return redirect(url_for("credit_reports.access", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/credit/access/authorisations/<authorisation_id>/revoke")
@requires(policy.ENTERPRISE_OWNER)
def revoke(enterprise_id, authorisation_id):
    """End an authorisation now: the counterparty's next reading is refused."""
    authorisation = services.revoke_authorisation(current_user, g.enterprise, authorisation_id)
    flash(_("%(name)s may no longer read your detailed credit report.",
            name=labels.enterprise_name(authorisation.grantee)), "success")
    return redirect(url_for("credit_reports.access", enterprise_id=enterprise_id))


# --- detailed reports ----------------------------------------------------------------------------------

def _report_page(reader, credit_code, pdf_endpoint, issue_url):
    report = services.read_report(reader, credit_code, services.WEB)
    return render_template("credit/reports/report.html", report=report, enterprise=reader.acting_for,
                           reports=services.reports_for(reader, report.subject), pdf_endpoint=pdf_endpoint,
                           issue_url=issue_url)


@bp.get("/enterprises/<enterprise_id>/credit/reports/<credit_code>")
@requires(policy.ENTERPRISE_MEMBER)
def counterparty_report(enterprise_id, credit_code):
    """The detailed report of ``credit_code`` read for one's own enterprise (itself, or under an authorisation)."""
    return _report_page(_reader(g.enterprise), credit_code, "credit_reports.counterparty_pdf",
                        url_for("credit_reports.counterparty_issue", enterprise_id=enterprise_id,
                                credit_code=credit_code))


@bp.get("/credit/files/<credit_code>")
@requires(policy.OVERSIGHT)
def oversight_report(credit_code):
    """The detailed report with the file's history, for operators and regulators."""
    return _report_page(_reader(), credit_code, "credit_reports.oversight_pdf",
                        url_for("credit_reports.oversight_issue", credit_code=credit_code))


@bp.post("/enterprises/<enterprise_id>/credit/reports/<credit_code>/pdf")
@requires(policy.ENTERPRISE_MEMBER)
def counterparty_issue(enterprise_id, credit_code):
    """Issue a report PDF; the next page shows its progress, then downloads it."""
    report = services.issue_report(_reader(g.enterprise), credit_code, current_language())
    return redirect(url_for("credit_reports.counterparty_pdf", enterprise_id=enterprise_id, credit_code=credit_code,
                            number=report.number))


@bp.post("/credit/files/<credit_code>/pdf")
@requires(policy.OVERSIGHT)
def oversight_issue(credit_code):
    """Issue a report PDF as oversight."""
    report = services.issue_report(_reader(), credit_code, current_language())
    return redirect(url_for("credit_reports.oversight_pdf", credit_code=credit_code, number=report.number))


@bp.get("/enterprises/<enterprise_id>/credit/reports/<credit_code>/pdf/<number>")
@requires(policy.ENTERPRISE_MEMBER)
def counterparty_pdf(enterprise_id, credit_code, number):
    """The PDF once ready (a logged view), and until then a page that reloads itself."""
    return _pdf_or_progress(*services.report_pdf(_reader(g.enterprise), credit_code, number))


@bp.get("/credit/files/<credit_code>/pdf/<number>")
@requires(policy.OVERSIGHT)
def oversight_pdf(credit_code, number):
    """The PDF for oversight, logged as a view."""
    return _pdf_or_progress(*services.report_pdf(_reader(), credit_code, number))


def _pdf_or_progress(report, pdf):
    if pdf is not None:
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{report.number}.pdf"', "Cache-Control": "private, no-store",
            "ETag": f'"{report.file_sha256}"'})
    page = render_template("credit/reports/preparing.html", report=report, refresh=REFRESH_SECONDS)
    if report.status == services.PENDING:
        return page, 202, {"Refresh": str(REFRESH_SECONDS), "Cache-Control": "no-store"}
    return page, 409


# --- public verification -------------------------------------------------------------------------------

@bp.get("/credit/verify")
@requires(policy.PUBLIC)
def verify_lookup():
    """Ask for a report number (printed on the report), then show its verification page."""
    number = request.args.get("number", "").strip()
    if number:
        return redirect(url_for("credit_reports.verify", number=content.normalised_number(number)[:32]))
    return render_template("credit/reports/verify_lookup.html")


@bp.get("/credit/verify/<number>")
@requires(policy.PUBLIC)
def verify(number):
    """What report ``number`` says (subject, grade, content hash) and whether it is current; the check is logged."""
    return _verification_page(services.verify(number), VerificationUploadForm(formdata=None))


@bp.post("/credit/verify/<number>")
@requires(policy.PUBLIC)
def verify_upload(number):
    """Compare an uploaded PDF with the issued one, byte for byte by SHA-256; the check is logged."""
    form = VerificationUploadForm()
    if not form.validate_on_submit():
        return _verification_page(services.verification_of(number), form, 422)
    return _verification_page(services.verify(number, form.pdf.data.read()), form)


def _verification_page(verification, form, status=200):
    return render_template("credit/reports/verify.html", verification=verification, form=form), status
