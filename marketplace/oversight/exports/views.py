"""Web pages: PDF reports prepared off the request path (with their progress), the CSV reports, and the
regulator access log."""
from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

import marketplace.oversight.exports.labels  # noqa: F401  (registers the kinds, states and channels shown)
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import InvalidInput
from marketplace.i18n import in_reader_language
from marketplace.oversight.exports import reports, services
from marketplace.oversight.exports.forms import AccessLogQuery, ExportForm, PeriodReportQuery
from marketplace.permissions import requires
from trading.floors import services as floors

bp = Blueprint("oversight_exports", __name__)


def _export_form():
    form = ExportForm()
    form.floor.choices = [("", "—")] + [(floor.code, in_reader_language(floor.name_zh, floor.name_en))
                                         for floor in floors.floors()]
    return form


def _exports_page(form, status=200, csv_form=None):
    return render_template("oversight/exports/list.html", form=form, exports=reports.recent_exports(),
                           csv_form=csv_form or PeriodReportQuery(formdata=None)), status


@bp.get("/oversight/exports")
@requires(policy.REGULATOR)
def exports():
    """Recent reports, the form to prepare a PDF and the CSV reports."""
    return _exports_page(_export_form())


@bp.post("/oversight/exports")
@requires(policy.REGULATOR)
def request_export():
    """Record the request and render it in a background thread; its page follows the progress."""
    form = _export_form()
    if not form.validate_on_submit():
        return _exports_page(form, 422)
    try:
        export = reports.request_export(current_user, form.kind.data, form.floor.data, form.start.data, form.end.data)
    except InvalidInput as refusal:
        show_refusal(form, refusal)
        return _exports_page(form, 422)
    reports.start_in_background(current_app._get_current_object(), export.id)
    return redirect(url_for(".export", export_id=export.public_id), 303)


@bp.get("/oversight/exports/<export_id>")
@requires(policy.REGULATOR)
def export(export_id):
    """The report's state while it is prepared (the page follows it), then its download."""
    found = reports.export_named(export_id)
    return render_template("oversight/exports/export.html", export=found,
                           progress_url=url_for(".export_progress", export_id=found.public_id))


@bp.get("/oversight/exports/<export_id>/progress")
@requires(policy.REGULATOR)
def export_progress(export_id):
    """The report's state as JSON, for its page."""
    found = reports.export_named(export_id)
    return jsonify(status=found.status)


@bp.get("/oversight/exports/<export_id>/file")
@requires(policy.REGULATOR)
def export_file(export_id):
    """The ready PDF (logged as taken away). :raise 404: unknown or not ready."""
    found, content = reports.pdf_of(export_id)
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{found.kind}-{found.public_id}.pdf"',
        "Cache-Control": "no-store"})


@bp.get("/oversight/exports/period-report.csv")
@requires(policy.REGULATOR)
def period_report_csv():
    """The floor's figures day by day over the period as CSV; a bad period shows the reports page with the
    reason. :raise 404: unknown floor."""
    query = PeriodReportQuery(request.args)
    if not query.validate():
        return _exports_page(_export_form(), 422, csv_form=query)
    try:
        board, content = reports.period_report_csv(current_user, query.floor.data or "", query.start.data,
                                                   query.end.data)
    except InvalidInput as refusal:
        show_refusal(query, refusal)
        return _exports_page(_export_form(), 422, csv_form=query)
    name = f"period-report-{board.floor.code}-{board.period.start.isoformat()}-{board.period.end.isoformat()}.csv"
    return Response(content, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.get("/oversight/exports/seller-identity.csv")
@requires(policy.REGULATOR)
def seller_identity_csv():
    """Every seller's registered identity as CSV."""
    return Response(reports.seller_identity_csv(current_user), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="seller-identity.csv"', "Cache-Control": "no-store"})


@bp.get("/oversight/access-log")
@requires(policy.REGULATOR)
def access_log():
    """Who read what about whom, newest first; filtered by person, subject, view and period."""
    query = AccessLogQuery(request.args)
    valid = query.validate()
    found = services.access_log(**_filters(query) if valid else {})
    filters = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("oversight/exports/access_log.html", form=query, found=found, filters=filters), (
        200 if valid else 422)


def _filters(query):
    return {"person": query.person.data, "subject": query.subject.data, "view": query.view.data,
            "start": query.start.data, "end": query.end.data, "page": query.page.data or 1}
