"""EPCIS pages of one enterprise: the events it may read (newest first, by type, step or EPC), one event
told as what, when, where and why, and its capture jobs with the errors of each refused event.

The pages show the same events as the API: those the enterprise captured and those naming units of
shipments it sells, buys or carries. Oversight reads them under the enterprise's id.
"""
from dataclasses import dataclass

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import logistics.epcis.labels  # noqa: F401  (registers the code families these pages name)
from logistics.epcis import services
from logistics.epcis.document import BIZ_STEPS, EVENT_TYPES, parse_time
from logistics.epcis.forms import CaptureForm
from logistics.epcis.models import EpcisEvent
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.accounts.labels import choices, label
from marketplace.errors import DomainError, InvalidInput
from marketplace.extensions import db
from marketplace.permissions import requires

bp = Blueprint("epcis", __name__)

PER_PAGE = 30
_WHAT = (("epcList", "epc"), ("quantityList", "epc"), ("childEPCs", "child"), ("childQuantityList", "child"),
         ("inputEPCList", "input"), ("inputQuantityList", "input"), ("outputEPCList", "output"),
         ("outputQuantityList", "output"))


@dataclass(frozen=True)
class Named:
    """One thing an event names, as a page lists it: the identifier and, for a quantity, how much of it."""

    role: str
    value: str
    quantity: float | None = None
    uom: str | None = None


def what_of(document):
    """The objects an event is about, by role (parent first), quantities with their units."""
    named = [Named("parent", document["parentID"])] if document.get("parentID") else []
    for key, role in _WHAT:
        for item in document.get(key) or ():
            if isinstance(item, dict):
                named.append(Named(role, item["epcClass"], item.get("quantity"), item.get("uom")))
            else:
                named.append(Named(role, item))
    return named


def _load_identifiers(events):
    """Load the identifiers of a page of events in one query, not one per row as the list counts them."""
    if events:
        db.session.scalars(select(EpcisEvent).where(EpcisEvent.id.in_([event.id for event in events]))
                           .options(selectinload(EpcisEvent.identifiers))).all()


@bp.get("/enterprises/<enterprise_id>/epcis/events")
@requires(policy.ENTERPRISE_MEMBER)
def events(enterprise_id):
    """Events the enterprise may read, newest first, narrowed by type, business step or EPC."""
    chosen = {"type": request.args.get("type", ""), "step": request.args.get("step", ""),
              "epc": request.args.get("epc", "").strip()}
    filters = {"eventType": [chosen["type"]] if chosen["type"] in EVENT_TYPES else [],
               "EQ_bizStep": [chosen["step"]] if chosen["step"] in BIZ_STEPS else [],
               "MATCH_anyEPC": [chosen["epc"]] if chosen["epc"] else []}
    refusal = None
    try:
        page = services.latest(g.enterprise, filters, PER_PAGE, request.args.get("cursor"))
    except InvalidInput as refused:
        page, refusal = {"items": [], "next_cursor": None}, refused
    _load_identifiers(page["items"])
    return render_template("logistics/epcis/events.html", enterprise=g.enterprise, events=page["items"],
                           next_cursor=page["next_cursor"], chosen=chosen, refusal=refusal,
                           types=choices("epcis_event_type"), steps=choices("cbv_biz_step")), 422 if refusal else 200


@bp.get("/enterprises/<enterprise_id>/epcis/events/<path:event_id>")
@requires(policy.ENTERPRISE_MEMBER)
def event(enterprise_id, event_id):
    """One event: what it names, when it happened and was recorded, where, and why."""
    found = services.event_for(g.enterprise, event_id)
    declaration = found.document.get("errorDeclaration")
    declared_at = parse_time(declaration["declarationTime"]) if declaration else None
    return render_template("logistics/epcis/event.html", enterprise=g.enterprise, event=found,
                           document=found.document, what=what_of(found.document), declaration=declaration,
                           declared_at=declared_at)


def _captures_page(form, status=200):
    """The capture jobs page with ``form``; the job named by ``?job=`` (one of this enterprise's) shown first."""
    shown = request.args.get("job")
    result = services.capture_for(g.enterprise, shown) if shown else None
    return render_template("logistics/epcis/captures.html", enterprise=g.enterprise, form=form, result=result,
                           captures=services.captures_of(g.enterprise), limits=services.capture_limits()), status


@bp.get("/enterprises/<enterprise_id>/epcis/captures")
@requires(policy.ENTERPRISE_MEMBER)
def captures(enterprise_id):
    """The enterprise's latest capture jobs: counts, and for each refused event its field and the reason."""
    return _captures_page(CaptureForm(formdata=None))


@bp.post("/enterprises/<enterprise_id>/epcis/captures")
@requires(policy.LOGISTICS_OPERATOR)
def capture(enterprise_id):
    """Capture an uploaded or pasted EPCISDocument; the page that follows shows the job's outcome.

    A document that is not JSON, has no event list or is over the limits comes back on the form and
    nothing is stored; invalid events are the job's outcome (kept, like a capture through the API).
    """
    form = CaptureForm()
    if not form.validate_on_submit():
        return _captures_page(form, 422)
    try:
        job = services.capture(current_user, g.enterprise, form.document, rollback=form.rollback)
    except DomainError as error:
        show_refusal(form, error)
        return _captures_page(form, error.status)
    flash(_("Capture job %(job)s: %(status)s.", job=job.public_id, status=label(job.status, "epcis_capture_status")),
          "success" if job.status == "succeeded" else "error")
    return redirect(url_for("epcis.captures", enterprise_id=g.enterprise.public_id, job=job.public_id))
