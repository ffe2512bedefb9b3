"""``/api/v1/shipments`` and ``/api/v1/port-events``: book, describe and follow shipments.

The token's enterprise acts as the seller (books, chooses the carrier), the carrier (route, port
events, exceptions), the seller or carrier (legs, containers, vessels, units) or the buyer (its dock,
confirms delivery). A shipment it is not party to is not found (404). Port events are DCSA Track &
Trace shaped; a wrong container or IMO check digit is a 422 naming the field, and nothing is stored.
"""
from flask import g
from flask.views import MethodView
from sqlalchemy import select

from logistics.shipments import services
from logistics.shipments.models import PortEvent, Shipment
from logistics.shipments.schemas import (
    PortEventInSchema, PortEventSchema, RecordedPortEventSchema, ShipmentCarrierInSchema, ShipmentContainerInSchema,
    ShipmentContainerSchema, ShipmentDestinationInSchema, ShipmentDetailSchema, ShipmentExceptionInSchema,
    ShipmentInSchema, ShipmentLegInSchema, ShipmentLegSchema, ShipmentNoteInSchema, ShipmentQuery, ShipmentSchema,
    ShipmentUnitInSchema, ShipmentUnitSchema, ShipmentVesselInSchema,
)
from marketplace import policy
from marketplace.api import (
    IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate,
)
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("shipments_api", __name__, "Logistics: shipments, their route, units and port events.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`) or a move the "
                                                    "shipment's status forbids; nothing changed"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such shipment of this enterprise"}
_NOT_YOURS = {"schema": ProblemSchema, "description": "Another party's move (e.g. the buyer cannot post port events)"}
_KEY = {"parameters": [IDEMPOTENCY_KEY_PARAMETER]}


def _shipment(public_id):
    return services.shipment_for(g.enterprise, public_id)


@blp.route("/shipments")
class Shipments(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(ShipmentQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ShipmentSchema))
    def get(self, limit, cursor, status=None, side=None):
        """Shipments this enterprise sells, buys or carries, newest first; narrow by status or side."""
        page = paginate(db.session, services.shipments_statement(g.enterprise, side, status), Shipment.id, limit,
                        cursor, newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(ShipmentInSchema)
    @blp.response(201, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, schema=ProblemSchema, description="No such order or contract of this enterprise")
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(**_KEY)
    def post(self, data):
        """The seller books the shipment of its order or contract: buyer, goods and quantity come from the deal."""
        return services.book(actor(), g.enterprise, data["source_type"], data["source_id"], data["origin"],
                             data["destination"], data["bill_of_lading"], data["carrier"],
                             data["destination_read_point"])


@blp.route("/shipments/<public_id>")
class OneShipment(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        """One shipment with its route, containers, units and timeline (status changes, port events, sightings,
        EPCIS events of its units)."""
        return _shipment(public_id)


@blp.route("/shipments/<public_id>/carrier")
class Carrier(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ShipmentCarrierInSchema)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def put(self, data, public_id):
        """The seller chooses the carrier: a verified logistics enterprise (until the goods are picked up)."""
        return services.assign_carrier(actor(), g.enterprise, public_id, data["carrier"])


@blp.route("/shipments/<public_id>/destination")
class Destination(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ShipmentDestinationInSchema)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def put(self, data, public_id):
        """The buyer (or the seller) names the dock whose reads mark the goods delivered."""
        return services.set_destination(actor(), g.enterprise, public_id, data["read_point"])


@blp.route("/shipments/<public_id>/legs")
class Legs(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, ShipmentLegSchema(many=True))
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        """The route: legs in order."""
        return _shipment(public_id).legs

    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(ShipmentLegInSchema)
    @blp.response(201, ShipmentLegSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(**_KEY)
    def post(self, data, public_id):
        """The seller or carrier adds the next leg (road, rail, sea, air; places with UN/LOCODE, vessel by IMO,
        container by ISO 6346 number, check digits verified)."""
        return services.add_leg(actor(), g.enterprise, public_id, **data)


@blp.route("/shipments/<public_id>/legs/<leg>/vessel")
class LegVessel(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ShipmentVesselInSchema)
    @blp.response(200, ShipmentLegSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def put(self, data, public_id, leg):
        """The vessel (IMO number, check digit verified) and voyage of one leg (by its sequence, from 1)."""
        return services.assign_vessel(actor(), g.enterprise, public_id, int(leg) if leg.isdigit() else 0, **data)


@blp.route("/shipments/<public_id>/containers")
class Containers(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, ShipmentContainerSchema(many=True))
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        return services.containers_of(_shipment(public_id))

    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(ShipmentContainerInSchema)
    @blp.response(201, ShipmentContainerSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(**_KEY)
    def post(self, data, public_id):
        """Put a container (ISO 6346, check digit verified) on a leg, or on every leg still without one."""
        return services.add_container(actor(), g.enterprise, public_id, **data)


@blp.route("/shipments/<public_id>/units")
class Units(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, ShipmentUnitSchema(many=True))
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        return _shipment(public_id).units

    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(ShipmentUnitInSchema)
    @blp.response(201, ShipmentUnitSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(**_KEY)
    def post(self, data, public_id):
        """What travels, by EPC: items (SGTIN), cases, pallets (SSCC), assets (GRAI), container tags, lots (LGTIN
        class URI). Reads and EPCIS events of these EPCs move the shipment."""
        return services.add_unit(actor(), g.enterprise, public_id, data["kind"], data["epc"], data["description"])


@blp.route("/shipments/<public_id>/port-events")
class ShipmentPortEvents(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(PortEventSchema))
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id, limit, cursor):
        """The shipment's port events, in the order recorded."""
        shipment = _shipment(public_id)
        page = paginate(db.session, select(PortEvent).where(PortEvent.shipment_id == shipment.id), PortEvent.id,
                        limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(PortEventInSchema)
    @blp.response(201, RecordedPortEventSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data, public_id):
        """The carrier reports a DCSA equipment or transport event of this shipment. Posting the same event again
        records nothing new (`new` is false)."""
        return services.record_port_event(actor(), g.enterprise, data, public_id)[0]


@blp.route("/port-events")
class PortEvents(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(PortEventInSchema)
    @blp.response(201, RecordedPortEventSchema(many=True))
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, schema=ProblemSchema, description="The event names none of this carrier's shipments")
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """The carrier reports a DCSA event; it is recorded for each of its shipments not delivered that it names:
        by documentReferences (BKG = shipment id, TRD = bill of lading), else by container, else by vessel and
        voyage."""
        return services.record_port_event(actor(), g.enterprise, data)


@blp.route("/shipments/<public_id>/delivery")
class Delivery(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(ShipmentNoteInSchema)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(**_KEY)
    def post(self, data, public_id):
        """The buyer confirms that the goods arrived (once); settlement opens the inspection window."""
        return services.confirm_delivery(actor(), g.enterprise, public_id, data["note"])


@blp.route("/shipments/<public_id>/exception")
class Hold(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ShipmentExceptionInSchema)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def put(self, data, public_id):
        """The carrier reports the goods delayed, damaged, lost or refused; the shipment is held until cleared."""
        return services.report_exception(actor(), g.enterprise, public_id, data["kind"], data["note"])

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ShipmentNoteInSchema)
    @blp.response(200, ShipmentDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def delete(self, data, public_id):
        """The carrier clears the exception; events move the shipment again."""
        return services.clear_exception(actor(), g.enterprise, public_id, data["note"])
