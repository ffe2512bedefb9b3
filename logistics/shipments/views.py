"""Web pages of logistics shipments: an enterprise's shipments as seller, buyer and carrier; one shipment's
timeline and route with the forms its parties use; the regulators' list of every shipment.

The seller books and chooses the carrier; the carrier describes the route and what travels, records
port events and reports exceptions; the buyer names its dock and confirms delivery. Each form shows
only to the side whose move it is; a refusal shows the page again with the reason at the form.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from logistics.shipments import labels as shipment_labels
from logistics.shipments import services
from logistics.shipments.forms import (
    BookForm, CarrierForm, ContainerForm, DestinationForm, ExceptionForm, LegForm, NoteForm,
    PortEventForm, UnitForm,
)
from logistics.shipments.lifecycle import ShipmentStatus
from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.escrow.views import Link, settlement_extra
from marketplace.home import may
from marketplace.permissions import requires

bp = Blueprint("shipments", __name__)

PER_PAGE = 50

FORMS = {"carrier_form": CarrierForm, "destination_form": DestinationForm, "leg_form": LegForm,
         "container_form": ContainerForm, "unit_form": UnitForm, "port_event_form": PortEventForm,
         "exception_form": ExceptionForm, "clear_form": NoteForm, "delivery_form": NoteForm}


def _older(page):
    """The URL of the next, older page of a list, keeping its filters; None on the last page."""
    if page["next_cursor"] is None:
        return None
    return url_for(request.endpoint, **(request.view_args | request.args.to_dict() | {"cursor": page["next_cursor"]}))


def _statuses():
    return [(code, shipment_labels.status_name(code)) for code in ShipmentStatus]


@bp.get("/enterprises/<enterprise_id>/shipments")
@requires(policy.ENTERPRISE_MEMBER)
def shipments(enterprise_id):
    """The enterprise's shipments as seller, buyer and carrier, newest first; by side or status."""
    side = request.args.get("side") if request.args.get("side") in services.SIDES else None
    status = request.args.get("status") if request.args.get("status") in tuple(ShipmentStatus) else None
    page = services.shipments_page(g.enterprise, side, status, PER_PAGE, request.args.get("cursor"))
    return render_template("logistics/shipments/shipments.html", enterprise=g.enterprise, side=side, status=status,
                           statuses=_statuses(), shipments=page["items"], older=_older(page))


def _book_page(form, status=200):
    return render_template("logistics/shipments/book.html", enterprise=g.enterprise, form=form), status


@bp.route("/enterprises/<enterprise_id>/shipments/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def book(enterprise_id):
    """The seller books the shipment of one of its orders or contracts (``?source_type=&source_id=`` prefill)."""
    form = BookForm(data={"source_type": request.args.get("source_type", services.CONTRACT),
                          "source_id": request.args.get("source_id", "")} if request.method == "GET" else None)
    form.offer(services.carriers(), labels.enterprise_name)
    if not form.validate_on_submit():
        return _book_page(form, 422 if form.is_submitted() else 200)
    try:
        shipment = services.book(current_user, g.enterprise, form.source_type.data, form.source_id.data,
                                 form.origin.data, form.destination.data, form.bill_of_lading.data,
                                 form.carrier.data or None)
    except DomainError as error:
        show_refusal(form, error)
        return _book_page(form, error.status)
    flash(_("The shipment is booked."), "success")
    return _back(shipment.public_id)


def _side(shipment, enterprise):
    """Which side the viewer stands on; none for oversight reading under a party's id, who is not "we"."""
    if not any(membership.enterprise_id == enterprise.id for membership in current_user.memberships):
        return {"selling": False, "buying": False, "carrying": False}
    return {"selling": enterprise.id == shipment.seller_enterprise_id,
            "buying": enterprise.id == shipment.buyer_enterprise_id,
            "carrying": enterprise.id == shipment.carrier_enterprise_id}


def _shipment_page(public_id, status=200, refusal=None, **given):
    """The shipment's page, also after a refused form (shown again with its messages).

    :raise NotFound: unless the enterprise in the URL is the seller, the buyer or the carrier.
    """
    shipment = services.shipment_for(g.enterprise, public_id)
    forms = {name: given.get(name) or form(formdata=None) for name, form in FORMS.items()}
    forms["carrier_form"].offer(services.carriers(), labels.enterprise_name)
    side = _side(shipment, g.enterprise)
    open_ = shipment.status != ShipmentStatus.DELIVERED
    return render_template(
        "logistics/shipments/shipment.html", enterprise=g.enterprise, shipment=shipment, refusal=refusal,
        timeline=services.timeline(shipment), containers=services.containers_of(shipment), **side, **forms,
        may_assign=side["selling"] and shipment.status == ShipmentStatus.BOOKED,
        may_describe=(side["selling"] or side["carrying"]) and open_,
        may_report=side["carrying"] and open_,
        may_name_dock=(side["buying"] or side["selling"]) and open_,
        may_confirm=side["buying"] and open_ and shipment.exception in (None, "delayed")), status


def _back(public_id):
    return redirect(url_for("shipments.shipment", enterprise_id=g.enterprise.public_id, shipment_id=public_id))


@bp.get("/enterprises/<enterprise_id>/shipments/<shipment_id>")
@requires(policy.ENTERPRISE_MEMBER)
def shipment(enterprise_id, shipment_id):
    """One shipment: parties, goods, status, route, units, and its timeline in Beijing time."""
    return _shipment_page(shipment_id)


def _act(shipment_id, form_name, form, act, done):
    """Validate ``form``, run ``act()``; a refusal shows the page again with the form's messages."""
    if not form.validate_on_submit():
        return _shipment_page(shipment_id, 422, **{form_name: form})
    try:
        act()
    except DomainError as error:
        if hasattr(form, "field_of"):
            error.errors = {form.field_of(field): messages for field, messages in error.errors.items()}
        show_refusal(form, error)
        return _shipment_page(shipment_id, error.status, **{form_name: form})
    flash(done, "success")
    return _back(shipment_id)


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/carrier")
@requires(policy.ENTERPRISE_TRADER)
def assign_carrier(enterprise_id, shipment_id):
    """The seller chooses a verified logistics enterprise (until the goods are picked up)."""
    form = CarrierForm().offer(services.carriers(), labels.enterprise_name)
    return _act(shipment_id, "carrier_form", form, lambda: services.assign_carrier(
        current_user, g.enterprise, shipment_id, form.carrier.data), _("The carrier is chosen."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/destination")
@requires(policy.ENTERPRISE_TRADER)
def name_destination(enterprise_id, shipment_id):
    """The buyer (or seller) names the dock whose reads mark the goods delivered."""
    form = DestinationForm()
    return _act(shipment_id, "destination_form", form, lambda: services.set_destination(
        current_user, g.enterprise, shipment_id, form.read_point.data), _("The destination dock is set."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/legs")
@requires(policy.LOGISTICS_OPERATOR)
def add_leg(enterprise_id, shipment_id):
    """The next stretch of the route; wrong UN/LOCODE, IMO or container check digits are shown at their fields."""
    form = LegForm()
    return _act(shipment_id, "leg_form", form, lambda: services.add_leg(
        current_user, g.enterprise, shipment_id, form.mode.data, form.from_place.data, form.to_place.data,
        form.from_locode.data or None, form.to_locode.data or None, form.vessel_imo.data or None,
        form.vessel_name.data, form.voyage.data, form.container.data or None), _("The leg is added."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/containers")
@requires(policy.LOGISTICS_OPERATOR)
def add_container(enterprise_id, shipment_id):
    """A container on every leg still without one."""
    form = ContainerForm()
    return _act(shipment_id, "container_form", form, lambda: services.add_container(
        current_user, g.enterprise, shipment_id, form.number.data, form.size_type.data, form.epc_uri.data or None),
        _("The container is added."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/units")
@requires(policy.LOGISTICS_OPERATOR)
def add_unit(enterprise_id, shipment_id):
    """An item, case, pallet, asset, container tag or lot, by its EPC."""
    form = UnitForm()
    return _act(shipment_id, "unit_form", form, lambda: services.add_unit(
        current_user, g.enterprise, shipment_id, form.kind.data, form.epc.data, form.description.data),
        _("The unit is added."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/port-events")
@requires(policy.LOGISTICS_OPERATOR)
def record_port_event(enterprise_id, shipment_id):
    """The carrier records a DCSA event; the same event twice is recorded once."""
    form = PortEventForm()
    return _act(shipment_id, "port_event_form", form, lambda: services.record_port_event(
        current_user, g.enterprise, form.as_dcsa(), shipment_id, source="web"), _("The event is recorded."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/exception")
@requires(policy.LOGISTICS_OPERATOR)
def report_exception(enterprise_id, shipment_id):
    """The carrier reports the goods delayed, damaged, lost or refused; the shipment is held."""
    form = ExceptionForm()
    return _act(shipment_id, "exception_form", form, lambda: services.report_exception(
        current_user, g.enterprise, shipment_id, form.kind.data, form.note.data), _("The exception is reported."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/exception/clearance")
@requires(policy.LOGISTICS_OPERATOR)
def clear_exception(enterprise_id, shipment_id):
    """The carrier lifts the hold."""
    form = NoteForm()
    return _act(shipment_id, "clear_form", form, lambda: services.clear_exception(
        current_user, g.enterprise, shipment_id, form.note.data), _("The exception is cleared."))


@bp.post("/enterprises/<enterprise_id>/shipments/<shipment_id>/delivery")
@requires(policy.ENTERPRISE_TRADER)
def confirm_delivery(enterprise_id, shipment_id):
    """The buyer confirms that the goods arrived; settlement opens the inspection window."""
    form = NoteForm()
    return _act(shipment_id, "delivery_form", form, lambda: services.confirm_delivery(
        current_user, g.enterprise, shipment_id, form.note.data),
        _("The delivery is confirmed. The inspection window of the settlement opens shortly."))


@bp.get("/oversight/shipments")
@requires(policy.OVERSIGHT)
def oversight():
    """Every shipment, newest first, for regulators; ``?status=`` narrows it."""
    status = request.args.get("status") if request.args.get("status") in tuple(ShipmentStatus) else None
    page = services.shipments_page(None, None, status, PER_PAGE, request.args.get("cursor"))
    return render_template("logistics/shipments/oversight.html", status=status, statuses=_statuses(),
                           shipments=page["items"], older=_older(page))


@settlement_extra
def settlement_shipments(escrow, viewer_enterprise):
    """The deal's shipments on its settlement page and, for the seller, the way to book one."""
    links = [Link(_("Shipment %(shipment)s", shipment=found.public_id),
                  url_for("shipments.shipment", enterprise_id=viewer_enterprise.public_id, shipment_id=found.public_id),
                  shipment_labels.status_name(found.status))
             for found in services.shipments_of_deal(escrow.payable_public_id)]
    if viewer_enterprise.id == escrow.seller_enterprise_id and may("shipments.book", viewer_enterprise):
        links.append(Link(_("Book a shipment"), url_for("shipments.book", enterprise_id=viewer_enterprise.public_id,
                                                        source_type=escrow.payable_type,
                                                        source_id=escrow.payable_public_id)))
    return {"shipments": links}
