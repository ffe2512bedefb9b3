"""Downloading stored documents, for their parties, the operator and regulators.

A download link works before the document exists: until it is rendered, the link answers with a
page saying it is being prepared that reloads itself, and then with the PDF.
"""
from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels
from marketplace.documents import services
from marketplace.escrow.views import Link, settlement_extra
from marketplace.permissions import requires

bp = Blueprint("documents", __name__)

PAGE_SIZE = 50
REFRESH_SECONDS = 3

labels.register("document_kind", {
    services.SALES_CONTRACT: _l("Sales contract"), services.INVOICE: _l("Statement"),
    services.PAYMENT_RECEIPT: _l("Payment receipt"), services.PAYOUT_STATEMENT: _l("Payout statement"),
})
labels.register("document_status", {
    services.QUEUED: _l("Being prepared"), services.READY: _l("Ready"), services.FAILED: _l("Could not be prepared"),
})


@bp.get("/enterprises/<enterprise_id>/documents")
@requires(policy.ENTERPRISE_MEMBER)
def documents(enterprise_id):
    """The enterprise's contracts, statements, receipts and payout statements, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.documents_page(g.enterprise, page, PAGE_SIZE)
    return render_template("documents/pages/documents.html", enterprise=g.enterprise, documents=rows,
                           parties=services.parties_of(rows), page=page,
                           pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), subject=None)


@bp.get("/enterprises/<enterprise_id>/documents/about/<subject_id>")
@requires(policy.ENTERPRISE_MEMBER)
def for_subject(enterprise_id, subject_id):
    """The documents of one contract or order (its payments and releases too), or about one payout."""
    rows = services.documents_for(subject_id, g.enterprise)
    return render_template("documents/pages/documents.html", enterprise=g.enterprise, documents=rows,
                           parties=services.parties_of(rows), page=1, pages=1, subject=subject_id)


@bp.get("/enterprises/<enterprise_id>/documents/<document_id>.pdf")
@requires(policy.ENTERPRISE_MEMBER)
def download(enterprise_id, document_id):
    """The PDF for a party to it; a page that reloads itself while it is prepared. :raise NotFound: otherwise."""
    return pdf_or_progress(services.document_for(g.enterprise, document_id))


@bp.get("/oversight/documents")
@requires(policy.OVERSIGHT)
def oversight():
    """Every document, newest first; ``?status=failed`` shows those that could not be prepared."""
    page = max(request.args.get("page", 1, type=int), 1)
    status = request.args.get("status") if request.args.get("status") in (
        services.QUEUED, services.READY, services.FAILED) else None
    rows, total = services.documents_page(None, page, PAGE_SIZE, status)
    return render_template("documents/pages/oversight.html", documents=rows, parties=services.parties_of(rows),
                           page=page, pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), status=status)


@bp.get("/oversight/documents/<document_id>.pdf")
@requires(policy.OVERSIGHT)
def oversight_download(document_id):
    """Any document, for the operator and regulators."""
    return pdf_or_progress(services.document_for(None, document_id))


@bp.post("/oversight/documents/<document_id>/retry")
@requires(policy.OPERATOR)
def retry(document_id):
    """Render a document that failed three times again (once its cause is fixed)."""
    document = services.retry(current_user, document_id)
    flash(_("Document %(document)s will be prepared again.", document=document.public_id), "success")
    return redirect(url_for("documents.oversight", status=services.FAILED))


@settlement_extra
def settlement_documents(escrow, viewer_enterprise):
    """The deal's documents on its settlement page, as links to their PDFs (with their status until ready)."""
    return {"documents": [
        Link(f"{labels.label(document.kind, 'document_kind')} {document.subject_id}",
             url_for("documents.download", enterprise_id=viewer_enterprise.public_id, document_id=document.public_id),
             "" if document.status == services.READY else labels.label(document.status, "document_status"))
        for document in services.documents_for(escrow.payable_public_id, viewer_enterprise)]}


def pdf_or_progress(document):
    """The stored PDF, or (202) a page that reloads itself while it is prepared, or (409) why it is not there."""
    if document.status == services.READY:
        return pdf_response(document, services.content_of(document))
    coming = services.may_still_come(document)
    page = render_template("documents/pages/preparing.html", document=document, coming=coming,
                           refresh=REFRESH_SECONDS, max_attempts=services.MAX_ATTEMPTS)
    if coming:
        return page, 202, {"Refresh": str(REFRESH_SECONDS), "Cache-Control": "no-store"}
    return page, 409


def pdf_response(document, content):
    """The PDF under a name that says what it is; a stored document never changes, so it may be kept."""
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.kind}-{document.subject_id}.pdf"',
        "Cache-Control": "private, max-age=31536000, immutable", "ETag": f'"{document.sha256}"'})
