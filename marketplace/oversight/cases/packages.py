"""Evidence packages of a case: requested on a page or the API, rendered off the request path.

``request_package`` records the request (pending); ``build_package`` — in a background thread of
the process, with its own application context — renders the bilingual PDF and the CSV from the
case as it stands, writes them with ``manifest.json`` under the instance folder
(``oversight/evidence/<package>/``), and marks the package ready with the manifest and its digest.
The export is audited (``oversight.evidence_exported``) and written in the case's timeline.
"""
import os
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.audit import services as audit
from marketplace.database import transaction, utcnow
from marketplace.documents.rendering import render_pdf
from marketplace.errors import NotFound
from marketplace.i18n import SHANGHAI
from marketplace.oversight import background
from marketplace.oversight.cases import evidence, services, sources
from marketplace.oversight.cases.models import EvidencePackage

MEDIA_TYPES = {evidence.PDF_NAME: "application/pdf", evidence.CSV_NAME: "text/csv",
               evidence.MANIFEST_NAME: "application/json"}


def request_package(actor, case_public_id):
    """Record a request for the case's evidence package; ``start_in_background`` renders it."""
    with transaction() as session:
        case = services.case_named(case_public_id)
        package = EvidencePackage(case_id=case.id, status="pending", requested_by_id=actor.id, manifest={})
        session.add(package)
        session.flush()
        audit.record("oversight.evidence_requested", actor=actor.public_id, enterprise=case.enterprise.public_id,
                     target=case.public_id, after={"package": package.public_id})
        return package


def start_in_background(app, package_id):
    """Render the package in a daemon thread named after it; :return: the thread."""
    return background.start(app, build_package, package_id, f"evidence-package-{package_id}")


def build_package(package_id):
    """Render, write and hash the package's files; a failure marks the package failed (and is raised)."""
    try:
        with transaction() as session:
            package = session.get(EvidencePackage, package_id)
            if package.status != "pending":
                return package  # built already: its files never change
            files = _render(package)
            folder = package_folder(package)
            for name, content in files.items():
                _write(folder / name, content)
            manifest = evidence.manifest_of(files)
            _write(folder / evidence.MANIFEST_NAME, evidence.manifest_bytes(manifest))
            _finish(session, package, manifest)
            return package
    except Exception as error:
        with transaction() as session:
            failed = session.get(EvidencePackage, package_id)
            failed.status, failed.error = "failed", str(error)[:2000]
        raise


def _finish(session, package, manifest):
    package.manifest, package.manifest_sha256 = manifest, evidence.manifest_digest(manifest)
    package.status, package.ready_at = "ready", utcnow()
    requester, case = package.requested_by, package.case
    services.record_step(session, case, "evidence_exported", requester,
                         detail={"package": package.public_id, "manifest_sha256": package.manifest_sha256})
    audit.record("oversight.evidence_exported", actor=requester.public_id, enterprise=case.enterprise.public_id,
                 target=case.public_id, after={"package": package.public_id, "manifest": manifest,
                                               "manifest_sha256": package.manifest_sha256})


def _render(package):
    """``{file name: bytes}``: the PDF and the CSV of the case as it stands now."""
    case = package.case
    alerts = sources.alerts_of_case(case)
    rows = [{"public_id": alert.public_id, "rule_label": alert.rule_label, "occurred_on": alert.occurred_on.isoformat(),
             "severity": alert.severity, "evidence": alert.evidence or []} for alert in alerts]
    return {evidence.PDF_NAME: render_pdf(_pdf_html(package, case, alerts)),
            evidence.CSV_NAME: evidence.evidence_csv(case.number, rows)}


def _pdf_html(package, case, alerts):
    """The bilingual case file, rendered inside a request to PUBLIC_URL (the templates' context expects one)."""
    made = (package.created_at or utcnow()).astimezone(SHANGHAI)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return render_template("oversight/cases/evidence_pdf.html", document_number=case.number,
                               issued_on=made.strftime("%Y-%m-%d"), made_at=made.strftime("%Y-%m-%d %H:%M (UTC+8)"),
                               case=case, alerts=alerts, steps=case.steps, package=package,
                               sanctions=sources.sanctions_of_case(case))


def package_folder(package):
    return Path(current_app.instance_path) / "oversight" / "evidence" / package.public_id


def _write(path, content):
    """Write the file whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def packages_of(case):
    """The case's packages, newest first."""
    with transaction() as session:
        return session.scalars(select(EvidencePackage).where(EvidencePackage.case_id == case.id)
                               .order_by(EvidencePackage.id.desc())).all()


def package_named(case_public_id, package_public_id):
    """The package ``package_public_id`` of that case. :raise NotFound: if the case has none such."""
    with transaction() as session:
        case = services.case_named(case_public_id)
        package = session.scalar(select(EvidencePackage).where(EvidencePackage.public_id == package_public_id,
                                                               EvidencePackage.case_id == case.id))
        if package is None:
            raise NotFound(_("There is no such evidence package."))
        return package


def file_of(case_public_id, package_public_id, name):
    """``(package, path)`` of one file of a ready package. :raise NotFound: for a name not in its manifest."""
    package = package_named(case_public_id, package_public_id)
    listed = name in (package.manifest or {}) or (name == evidence.MANIFEST_NAME and package.status == "ready")
    if package.status != "ready" or not listed:
        raise NotFound(_("The package has no such file (yet)."))
    return package, package_folder(package) / name


def media_type(name):
    return MEDIA_TYPES.get(name, "application/octet-stream")
