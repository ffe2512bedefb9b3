"""``/api/v1/epcis``: the EPCIS 2.0 capture and query interface (GS1 REST binding, JSON).

``POST /epcis/capture`` takes an EPCISDocument and answers 202 with the job's ``Location``; the
job runs within the request, so the job is finished when the client first reads it. Limits are
advertised in ``GS1-EPCIS-Capture-Limit`` and ``GS1-EPCIS-Capture-File-Size-Limit``; above
them the answer is 413 and nothing is stored. ``POST /epcis/events`` captures one event.
``GET /epcis/events`` is the query interface (SimpleEventQuery parameters). An enterprise reads
the events it captured and those naming units of shipments it sells, buys or carries.
"""
from flask import g, request, url_for
from flask_babel import gettext as _
from flask.views import MethodView

from logistics.epcis import services
from logistics.epcis.hashing import EPCIS_CONTEXT
from logistics.epcis.schemas import CaptureJobListSchema, CaptureJobSchema, EventQuery, QueryDocumentSchema
from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.database import utcnow
from marketplace.accounts.models import User
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.permissions import requires

blp = api_blueprint("epcis_api", __name__,
                    "EPCIS 2.0: capture business events (what, when, where, why) and query them.")

EPCIS_VERSION = "2.0.0"
CBV_VERSION = "2.0.0"
ERROR_BEHAVIOURS = ("rollback", "proceed")

_INVALID = {"schema": ProblemSchema, "description": "Not valid EPCIS 2.0 (field errors under `errors`); nothing stored"}
_TOO_LARGE = {"schema": ProblemSchema, "description": "Over the advertised capture limits; nothing stored"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such event or capture job that this enterprise may read"}
_DOCUMENT_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "description": "An EPCISDocument: events in epcisBody.eventList"}}}}
_EVENT_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "description": "One EPCIS 2.0 event (ObjectEvent, AggregationEvent, TransactionEvent, "
                                     "TransformationEvent or AssociationEvent)"}}}}
_BEHAVIOUR_HEADER = {"in": "header", "name": "GS1-Capture-Error-Behaviour", "required": False,
                     "schema": {"type": "string", "enum": list(ERROR_BEHAVIOURS), "default": "rollback"},
                     "description": "rollback: one invalid event stores none; proceed: the valid ones are stored"}


@blp.after_request
def gs1_headers(response):
    """Every EPCIS answer names the standard versions it speaks and the capture limits."""
    count, size = services.capture_limits()
    response.headers["GS1-EPCIS-Version"] = EPCIS_VERSION
    response.headers["GS1-CBV-Version"] = CBV_VERSION
    response.headers["GS1-EPCIS-Capture-Limit"] = str(count)
    response.headers["GS1-EPCIS-Capture-File-Size-Limit"] = str(size)
    return response


def _json_body():
    """The request body as JSON, refused with 413 above the size limit before it is parsed."""
    size_limit = services.capture_limits()[1]
    if (request.content_length or 0) > size_limit or len(request.get_data(cache=True)) > size_limit:
        raise services.CaptureTooLarge(_("A capture takes at most %(size)d bytes.", size=size_limit))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(_("The body is not a JSON object."), {"body": [_("Send application/json.")]})
    return body


def _actor():
    return db.session.get(User, g.principal.user_id)


def _capture_location(job):
    return url_for("epcis_api.OneCapture", capture_id=job.public_id)


def _event_location(event):
    return url_for("epcis_api.OneEvent", event_id=event.event_id)


@blp.route("/epcis/capture")
class Captures(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, CaptureJobListSchema)
    def get(self):
        """This enterprise's latest capture jobs, newest first."""
        return {"captureJobs": services.captures_of(g.enterprise)}

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.doc(requestBody=_DOCUMENT_BODY, parameters=[_BEHAVIOUR_HEADER])
    @blp.response(202, CaptureJobSchema, headers={"Location": {"description": "The capture job",
                                                               "schema": {"type": "string"}}})
    @blp.alt_response(413, **_TOO_LARGE)
    @blp.alt_response(422, **_INVALID)
    def post(self):
        """Capture an EPCISDocument; the job reports each invalid event (index, field, message) and how many
        events were stored and how many were already stored."""
        behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback").strip().lower()
        if behaviour not in ERROR_BEHAVIOURS:
            raise InvalidInput(_("Unknown capture error behaviour."),
                               {"GS1-Capture-Error-Behaviour": [_("Use rollback or proceed.")]})
        job = services.capture(_actor(), g.enterprise, _json_body(), rollback=behaviour == "rollback")
        return job, 202, {"Location": _capture_location(job)}


@blp.route("/epcis/capture/<capture_id>")
class OneCapture(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, CaptureJobSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, capture_id):
        """One capture job: status, counts and the errors of each refused event."""
        return services.capture_for(g.enterprise, capture_id)


def _query_filters():
    return {name: request.args.getlist(name) for name in request.args if name not in ("perPage", "nextPageToken")}


def _next_link(token):
    args = {**request.args.to_dict(flat=False), "nextPageToken": token}
    return {"Link": f'<{url_for("epcis_api.Events", _external=True, **args)}>; rel="next"'}


@blp.route("/epcis/events")
class Events(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(EventQuery, location="query")
    @blp.response(200, QueryDocumentSchema)
    @blp.alt_response(422, schema=ProblemSchema, description="An unknown query parameter or a bad value")
    def get(self, paging):
        """Query events with the EPCIS 2.0 parameters: eventType, GE_/LT_eventTime, GE_/LT_recordTime,
        EQ_action, EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, EQ_eventID, MATCH_epc,
        MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass,
        EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>. Values may repeat or be
        comma-separated. Pages of perPage events; the next page's link comes in the Link header."""
        page = services.query(g.enterprise, _query_filters(), paging["perPage"], paging["nextPageToken"])
        body = {
            "context": [EPCIS_CONTEXT],
            "type": "EPCISQueryDocument",
            "schemaVersion": "2.0",
            "creationDate": utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery", "resultsBody": {
                "eventList": [event.document for event in page["items"]]}}},
        }
        return body, 200, _next_link(page["next_cursor"]) if page["next_cursor"] else {}

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.doc(requestBody=_EVENT_BODY)
    @blp.response(201, description="The event as stored (with eventID and recordTime); 200 when the same "
                                   "event was stored before, unchanged")
    @blp.alt_response(422, **_INVALID)
    def post(self):
        """Capture one event."""
        event, created = services.post_event(_actor(), g.enterprise, _json_body())
        return event.document, 201 if created else 200, {"Location": _event_location(event)}


@blp.route("/epcis/events/<path:event_id>")
class OneEvent(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, description="The event as stored")
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, event_id):
        """One event by its eventID."""
        return services.event_for(g.enterprise, event_id).document
