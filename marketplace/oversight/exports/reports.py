"""PDF reports made off the request path: a period report of one floor, the seller-identity report
(网络交易经营者身份信息) and the complaint statistics (from ``complaints.services.statistics``).

A report is requested (``request_export``: a pending ``OversightExport``, audited and logged with
channel "export"), rendered by ``produce`` in a background thread into the instance folder
(``oversight/exports/<public id>.pdf``) and marked ready with its SHA-256; its page polls the status.
The CSV reports (``period_report_csv``, ``seller_identity_csv``) are cheap and answer at once, logged
and audited the same way.
"""
import hashlib
from datetime import date

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.documents.rendering import render_pdf
from marketplace.errors import InvalidInput, NotFound
from marketplace.i18n import shanghai_day
from marketplace.oversight import background
from marketplace.oversight.complaints import services as complaints
from marketplace.oversight.exports import contents
from marketplace.oversight.exports.models import OversightExport
from marketplace.oversight.exports.services import file_path, log_access
from marketplace.oversight.market import services as market

PERIOD_REPORT, SELLER_IDENTITY, COMPLAINT_STATISTICS = "period_report", "seller_identity", "complaint_statistics"
KINDS = (PERIOD_REPORT, SELLER_IDENTITY, COMPLAINT_STATISTICS)
PENDING, READY, FAILED = "pending", "ready", "failed"
RECENT = 50


def _checked_parameters(kind, floor_code, start, end):
    """The stored parameters of a report. :raise InvalidInput: unknown kind, floor or period."""
    if kind not in KINDS:
        raise InvalidInput(_("Choose a kind of report."), {"kind": [_("Choose a kind of report.")]})
    if kind == SELLER_IDENTITY:
        return {}
    chosen = market.period(start, end)
    parameters = chosen.as_query()
    if kind == PERIOD_REPORT:
        try:
            parameters["floor"] = market.floor_named(floor_code or "").code
        except NotFound:
            message = _("Choose a trading floor.")
            raise InvalidInput(message, {"floor": [message]}) from None
    return parameters


def request_export(actor, kind, floor_code=None, start=None, end=None):
    """Record a request for a PDF report (pending), audited and logged; ``start_in_background`` renders it.

    :raise InvalidInput: an unknown kind, floor or a bad period; nothing is recorded then.
    """
    with transaction() as session:
        parameters = _checked_parameters(kind, floor_code, start, end)
        export = OversightExport(kind=kind, parameters=parameters, status=PENDING, requested_by_id=actor.id,
                                 created_at=utcnow())
        session.add(export)
        session.flush()
        audit.record("oversight.export_requested", actor=actor.public_id, target=export.public_id,
                     after={"kind": kind, "parameters": parameters})
        log_access(f"export_{kind}", subject=parameters.get("floor"), query=parameters, channel="export")
        return export


def start_in_background(app, export_id):
    """Render the export in a daemon thread named after it; :return: the thread. It renders as if inside a
    request to PUBLIC_URL, as the document renderer does: the page layout's context processors read the
    request even for a PDF."""
    return background.start(app, produce, export_id, f"oversight-export-{export_id}",
                            context=lambda: app.test_request_context(base_url=app.config["PUBLIC_URL"]))


def produce(export_id):
    """Render a pending export's PDF, store it and mark it ready with its SHA-256; a failure is kept on it.

    Safe to call again: a ready or failed export is left as it is.
    """
    with transaction() as session:
        export = session.scalar(lock_for_update(select(OversightExport).where(OversightExport.id == export_id))
                                .execution_options(populate_existing=True))
        if export is None or export.status != PENDING:
            return export
        try:
            pdf = render_pdf(render_template(f"oversight/exports/{export.kind}.html", **_context(export)))
        except Exception as error:  # noqa: BLE001 - whatever broke this report is kept on it for its page
            export.status, export.error = FAILED, f"{type(error).__name__}: {error}"[:2000]
            audit.record("oversight.export_failed", actor="system", target=export.public_id,
                         after={"error": export.error})
            return export
        path = file_path(export)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        export.status, export.sha256, export.ready_at = READY, hashlib.sha256(pdf).hexdigest(), utcnow()
        audit.record("oversight.export_ready", actor="system", target=export.public_id,
                     after={"sha256": export.sha256, "size": len(pdf)})
        return export


def _context(export):
    number = {"document_number": export.public_id, "issued_on": shanghai_day().isoformat()}
    parameters = export.parameters
    if export.kind == SELLER_IDENTITY:
        return number | contents.seller_context()
    chosen = market.period(date.fromisoformat(parameters["from"]), date.fromisoformat(parameters["to"]))
    if export.kind == PERIOD_REPORT:
        return number | contents.period_context(market.floor_dashboard(parameters["floor"], chosen))
    return number | contents.complaint_context(complaints.statistics(chosen.start, chosen.end))


def export_named(public_id):
    """:raise NotFound: when there is no export with that public id."""
    with transaction() as session:
        export = session.scalar(select(OversightExport).where(OversightExport.public_id == public_id))
        if export is None:
            raise NotFound(_("There is no such report."))
        return export


def recent_exports(limit=RECENT):
    with transaction() as session:
        return session.scalars(select(OversightExport).order_by(OversightExport.id.desc()).limit(limit)).all()


def pdf_of(public_id):
    """The ready export and its PDF, logged as taken away. :raise NotFound: unknown, not ready, or its file
    no longer matches the digest recorded when it was made."""
    with transaction():
        export = export_named(public_id)
        path = file_path(export)
        content = path.read_bytes() if export.status == READY and path.exists() else None
        if content is None or hashlib.sha256(content).hexdigest() != export.sha256:
            raise NotFound(_("This report is not ready."))
        log_access(f"export_{export.kind}_download", subject=export.public_id, query=export.parameters,
                   channel="export")
        return export, content


def period_report_csv(actor, floor_code, start=None, end=None):
    """The floor's figures day by day as CSV, logged and audited. :raise NotFound: unknown floor;
    :raise InvalidInput: a bad period. :return: ``(dashboard, bytes)``."""
    with transaction():
        board = market.floor_dashboard(floor_code, market.period(start, end))
        content = contents.period_csv(board)
        parameters = {"floor": board.floor.code, "from": board.period.start.isoformat(),
                      "to": board.period.end.isoformat()}
        _record_csv(actor, PERIOD_REPORT, parameters, content)
        return board, content


def seller_identity_csv(actor):
    """Every seller's registered identity as CSV, logged and audited."""
    with transaction():
        content = contents.seller_csv()
        _record_csv(actor, SELLER_IDENTITY, {}, content)
        return content


def _record_csv(actor, kind, parameters, content):
    audit.record("oversight.export_csv", actor=actor.public_id, target=kind,
                 after={"parameters": parameters, "sha256": hashlib.sha256(content).hexdigest()})
    log_access(f"export_{kind}_csv", subject=parameters.get("floor"), query=parameters, channel="export")
