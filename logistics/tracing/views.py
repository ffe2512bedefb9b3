"""Trace pages: any item, pallet, container or lot for signed-in people (everything for its parties and
oversight, public facts for anyone else), the public consumer page a QR code / GS1 Digital Link opens, the
QR image, and the CSV of trace rows for regulators.
"""
import csv
import io
from urllib.parse import quote

import segno
from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from logistics.tagging import services as tagging
from logistics.tagging.views import qr_svg
from logistics.tracing import services
from logistics.tracing.labels import relation_name
from marketplace import policy
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("tracing", __name__)

_OVERSIGHT_ROLES = {role.value for role in policy.PlatformRole}




@bp.app_template_global()
def trace_party(uri):
    """The enterprise behind a party or location URI, when one of its prefixes is on record."""
    return services.party_enterprise(uri)


bp.add_app_template_global(relation_name, "trace_relation")


@bp.app_template_global()
def trace_qr(link):
    """Inline SVG QR code of a Digital Link."""
    return qr_svg(link)


@bp.get("/trace")
@requires(policy.SIGNED_IN)
def trace():
    """The trace of what ``id`` names (EPC URI, Digital Link, hex, lot or container number)."""
    text = request.args.get("id", "").strip()
    if not text:
        return render_template("logistics/tracing/trace.html", text=text, trace=None)
    try:
        found = services.trace(text)
    except DomainError as error:
        return render_template("logistics/tracing/trace.html", text=text, trace=None, refusal=error.message), \
            error.status
    oversight = current_user.platform_role in _OVERSIGHT_ROLES
    mine = [membership.enterprise for membership in current_user.memberships]
    return render_template("logistics/tracing/trace.html", text=text, trace=found, oversight=oversight,
                           full=found.sees_everything(mine, oversight),
                           shipments=found.shipments_seen_by(mine, oversight))


@bp.get("/trace/export.csv")
@requires(policy.OVERSIGHT)
def export():
    """One row per event of the trace, for regulators."""
    found = services.trace(request.args.get("id", ""))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=services.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(services.trace_rows(found))
    name = "".join(c if c.isalnum() else "-" for c in found.identifier.uri)[-60:]
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="trace-{name}.csv"'})


@bp.get("/trace/qr.svg")
@requires(policy.PUBLIC)
def qr():
    """The QR code (SVG) of the GS1 Digital Link of what ``id`` names."""
    try:
        link = tagging.unit(request.args.get("id", "")).digital_link
    except DomainError:
        abort(404)
    if not link:
        abort(404)
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=4, title=link)
    return Response(out.getvalue(), mimetype="image/svg+xml")


def _consumer_page(path):
    """What a shopper scanning the code may know: product, lot, origin farms, key dates, route cities."""
    try:
        found = services.trace(path)
    except DomainError as error:
        return render_template("logistics/tracing/public.html", trace=None, refusal=error.message), 404
    unit = tagging.Unit(found.identifier)
    return render_template("logistics/tracing/public.html", trace=found, unit=unit)


@bp.get("/01/<gtin>/21/<path:serial>")
@requires(policy.PUBLIC)
def item(gtin, serial):
    """GS1 Digital Link of one item or case (GTIN and serial)."""
    return _consumer_page(f"/01/{gtin}/21/{quote(serial, safe='')}")


@bp.get("/01/<gtin>/10/<path:lot>")
@requires(policy.PUBLIC)
def lot(gtin, lot):
    """GS1 Digital Link of one lot (GTIN and lot number)."""
    return _consumer_page(f"/01/{gtin}/10/{quote(lot, safe='')}")


@bp.get("/00/<sscc>")
@requires(policy.PUBLIC)
def sscc(sscc):
    """GS1 Digital Link of one pallet or logistic unit (SSCC)."""
    return _consumer_page(f"/00/{sscc}")
