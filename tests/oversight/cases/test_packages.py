"""The evidence package: a bilingual PDF and a CSV whose SHA-256 the manifest holds, made off the request path."""
import csv
import hashlib
import io
import json
import threading

import pytest

from pypdf import PdfReader
from sqlalchemy import select

from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from marketplace.oversight.cases import packages, services
from marketplace.oversight.exports.models import OversightAccess
from tests.oversight.cases.alerts import raise_alert


def _wait_for_packages():
    for thread in threading.enumerate():
        if thread.name.startswith("evidence-package-"):
            thread.join(60)


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_regulator_exports_the_package_and_every_hash_matches_the_downloaded_files(world, client):
    regulator = world.regulator()
    first, second = world.enterprise(), world.enterprise()
    alert, case = raise_alert(first, other=second)
    services.add_note(regulator, case.public_id, "Delivery notes requested")
    world.login(client, regulator)

    started = client.post(f"/oversight/cases/{case.public_id}/evidence")
    assert started.status_code == 303
    _wait_for_packages()
    page = client.get(started.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ready" in html
    package = packages.packages_of(case)[0]
    assert package.status == "ready" and package.manifest_sha256 in html

    downloads = {}
    for name in ("case.pdf", "evidence.csv", "manifest.json"):
        response = client.get(f"{started.headers['Location']}/files/{name}")
        assert response.status_code == 200
        downloads[name] = response.get_data()
    manifest = json.loads(downloads["manifest.json"])
    assert set(manifest) == {"case.pdf", "evidence.csv"}
    for name in manifest:
        assert manifest[name] == {"sha256": hashlib.sha256(downloads[name]).hexdigest(), "bytes": len(downloads[name])}
    assert hashlib.sha256(downloads["manifest.json"]).hexdigest() == package.manifest_sha256

    text = _pdf_text(downloads["case.pdf"])
    assert case.number in text and "案件证据材料" in text and "同一控制组内双方成交" in text
    assert "Both sides in one group traded 40 t" in text and "Delivery notes requested" in text
    rows = list(csv.DictReader(io.StringIO(downloads["evidence.csv"].decode("utf-8-sig"))))
    assert [row["trade"] for row in rows] == [item["trade"] for item in alert.evidence]


def test_the_export_is_audited_logged_and_in_the_timeline(world):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise())
    package = packages.request_package(regulator, case.public_id)
    packages.build_package(package.id)
    exported = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "oversight.evidence_exported"))
    assert exported.target == case.public_id and exported.actor == regulator.public_id
    assert exported.after["manifest_sha256"] == package.manifest_sha256
    assert services.case_named(case.public_id).steps[-1].step == "evidence_exported"


def test_downloads_are_access_logged_and_refused_before_the_package_is_ready(world, client):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise())
    package = packages.request_package(regulator, case.public_id)
    world.login(client, regulator)
    base = f"/oversight/cases/{case.public_id}/evidence/{package.public_id}"
    assert client.get(f"{base}/files/case.pdf").status_code == 404
    assert client.get(f"{base}/progress").get_json()["status"] == "pending"
    packages.build_package(package.id)
    assert client.get(f"{base}/files/evidence.csv").status_code == 200
    assert client.get(f"{base}/files/secrets.txt").status_code == 404
    logged = db.session.scalars(select(OversightAccess).where(OversightAccess.view == "evidence_file")).all()
    assert [(entry.subject, entry.channel) for entry in logged] == [(case.public_id, "export")]


def test_a_package_of_a_case_opened_by_hand_has_no_alert_rows(world):
    regulator = world.regulator()
    case = services.open_case(regulator, world.enterprise(), "Report from a buyer")
    package = packages.request_package(regulator, case.public_id)
    packages.build_package(package.id)
    assert package.status == "ready" and package.manifest["evidence.csv"]["bytes"] > 0


def test_a_package_that_cannot_be_rendered_is_marked_failed_and_says_so(world, client, monkeypatch):
    regulator = world.regulator()
    _, case = raise_alert(world.enterprise())
    package = packages.request_package(regulator, case.public_id)

    def broken(html):
        raise RuntimeError("renderer out of memory")

    monkeypatch.setattr(packages, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        packages.build_package(package.id)
    world.login(client, regulator)
    page = client.get(f"/oversight/cases/{case.public_id}/evidence/{package.public_id}")
    assert "The package could not be made." in page.get_data(as_text=True)
    assert packages.package_named(case.public_id, package.public_id).status == "failed"
    assert client.get(f"/oversight/cases/{case.public_id}/evidence/{package.public_id}/files/case.pdf").status_code == 404
