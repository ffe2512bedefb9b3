"""Tagging pages of one enterprise: its GS1 company prefixes, commissioning of EPCs for its goods, packing
and unpacking, processing of lots, and any unit's EPC forms with the QR code of its Digital Link.

Members read; the owner and traders record prefixes; the owner and logistics operators tag, pack and process.
"""
import segno
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from logistics.epcis.models import EpcisEvent
from logistics.tagging import services
from logistics.tagging.forms import CommissionForm, PackForm, PrefixForm, ProcessForm, UnpackForm, lines
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.permissions import requires

bp = Blueprint("tagging", __name__)

RECENT = 20


def qr_svg(link):
    """An inline SVG QR code of ``link`` (a GS1 Digital Link), for the page and for printing."""
    return segno.make(link, error="m").svg_inline(scale=3, title=link) if link else ""


def _page(status=200, **forms):
    forms = {"prefix_form": PrefixForm(formdata=None), "commission_form": CommissionForm(formdata=None),
             "pack_form": PackForm(formdata=None), "unpack_form": UnpackForm(formdata=None),
             "process_form": ProcessForm(formdata=None)} | forms
    recent = db.session.scalars(select(EpcisEvent).where(EpcisEvent.enterprise_id == g.enterprise.id,
                                                         EpcisEvent.source == "service")
                                .options(selectinload(EpcisEvent.identifiers))
                                .order_by(EpcisEvent.event_time.desc(), EpcisEvent.id.desc()).limit(RECENT)).all()
    return render_template("logistics/tagging/tagging.html", enterprise=g.enterprise,
                           prefixes=services.prefixes_of(g.enterprise), recent=recent, **forms), status


def _act(form_name, form, act, done):
    """Validate ``form`` and run ``act()``; a refusal shows the page again with the form's messages,
    success flashes ``done(result)`` and goes back to the page."""
    if not form.validate_on_submit():
        return _page(422, **{form_name: form})
    try:
        result = act()
    except DomainError as error:
        show_refusal(form, error)
        return _page(error.status, **{form_name: form})
    flash(done(result), "success")
    return redirect(url_for("tagging.tagging", enterprise_id=g.enterprise.public_id))


@bp.get("/enterprises/<enterprise_id>/tagging")
@requires(policy.ENTERPRISE_MEMBER)
def tagging(enterprise_id):
    """The enterprise's prefixes, the tagging forms, and the tagging events it recorded lately."""
    return _page()


@bp.post("/enterprises/<enterprise_id>/tagging/prefixes")
@requires(policy.ENTERPRISE_TRADER)
def record_prefix(enterprise_id):
    """Record a GS1 company prefix the enterprise holds."""
    form = PrefixForm()
    return _act("prefix_form", form, lambda: services.record_prefix(current_user, g.enterprise, form.prefix.data),
                lambda _recorded: _("The GS1 company prefix %(prefix)s is recorded.", prefix=form.prefix.data))


@bp.post("/enterprises/<enterprise_id>/tagging/commissionings")
@requires(policy.LOGISTICS_OPERATOR)
def commission(enterprise_id):
    """Commission EPCs; the page that follows shows each new unit's forms and QR code, ready to encode and print."""
    form = CommissionForm()
    if not form.validate_on_submit():
        return _page(422, commission_form=form)
    try:
        tagged = services.commission(
            current_user, g.enterprise, form.kind.data, gtin=form.gtin.data, serials=lines(form.serials.data),
            count=form.count.data, first_serial=form.first_serial.data, lot=form.lot.data or None,
            quantity=form.quantity.data, uom=form.uom.data, asset_type=form.asset_type.data,
            product=form.product.data, farm=form.farm.data, origin=form.origin.data)
    except DomainError as error:
        show_refusal(form, error)
        return _page(error.status, commission_form=form)
    flash(_("%(count)s units are commissioned.", count=len(tagged.units)), "success")
    return render_template("logistics/tagging/units.html", enterprise=g.enterprise, units=tagged.units,
                           event=tagged.event, qr_svg=qr_svg)


@bp.post("/enterprises/<enterprise_id>/tagging/packings")
@requires(policy.LOGISTICS_OPERATOR)
def pack(enterprise_id):
    """Pack cases on a pallet or pallets into a container."""
    form = PackForm()
    return _act("pack_form", form, lambda: services.pack(current_user, g.enterprise, form.parent.data,
                                                         lines(form.children.data)),
                lambda tagged: _("%(count)s units are packed into %(parent)s.", count=len(tagged.units) - 1,
                                 parent=tagged.units[0].identifier.uri))


@bp.post("/enterprises/<enterprise_id>/tagging/unpackings")
@requires(policy.LOGISTICS_OPERATOR)
def unpack(enterprise_id):
    """Take units (or everything) out of a pallet or container."""
    form = UnpackForm()
    return _act("unpack_form", form, lambda: services.unpack(current_user, g.enterprise, form.parent.data,
                                                             lines(form.children.data)),
                lambda tagged: _("Unpacked from %(parent)s.", parent=tagged.units[0].identifier.uri))


@bp.post("/enterprises/<enterprise_id>/tagging/transformations")
@requires(policy.LOGISTICS_OPERATOR)
def process(enterprise_id):
    """Process lots into tagged units."""
    form = ProcessForm()
    return _act("process_form", form, lambda: services.process(current_user, g.enterprise, form.weighed_inputs(),
                                                               outputs=lines(form.outputs.data)),
                lambda tagged: _("The processing is recorded: %(count)s units made.", count=len(tagged.units)))


@bp.get("/enterprises/<enterprise_id>/tagging/unit")
@requires(policy.ENTERPRISE_MEMBER)
def unit(enterprise_id):
    """One unit's EPC forms (hex, tag URI, pure identity, Digital Link) and its QR code."""
    try:
        found = services.unit(request.args.get("id", ""), request.args.get("filter", type=int))
    except DomainError as error:
        return render_template("logistics/tagging/units.html", enterprise=g.enterprise, units=[], event=None,
                               refusal=error.message, qr_svg=qr_svg), error.status
    return render_template("logistics/tagging/units.html", enterprise=g.enterprise, units=[found], event=None,
                           qr_svg=qr_svg)
