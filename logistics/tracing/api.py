"""``/api/v1/trace``: the genealogy of an item, pallet, container or lot, backward (what went into it) or
forward (where it went, up to the vessel that carried its container), for the parties of the trace.

A trace the token's enterprise is no party to (it recorded none of its events, holds none of its prefixes and
is not in any of its shipments) is not found.
"""
from flask import g
from flask.views import MethodView
from flask_babel import gettext as _

from logistics.tracing import services
from logistics.tracing.schemas import TraceQuery, TraceSchema
from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.errors import NotFound
from marketplace.permissions import requires

blp = api_blueprint("tracing_api", __name__, "Logistics: traceability of items, pallets, containers and lots.")


@blp.route("/trace")
class Trace(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(TraceQuery, location="query", as_kwargs=True)
    @blp.response(200, TraceSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="Nothing recorded about it, or not this enterprise's")
    @blp.alt_response(422, schema=ProblemSchema, description="Not an identifier we can trace (`errors.id`)")
    def get(self, id, direction):
        """Backward or forward genealogy through packing (respecting unpack times) and processing, with the
        origins of its lots, the vessels of its containers (forward) and its timeline."""
        trace = services.trace(id)
        if not trace.sees_everything([g.enterprise]):
            raise NotFound(_("Nothing has been recorded about %(id)s.", id=trace.identifier.uri))
        event_ids = {event_id: row.event_id for event_id, row in trace.stored.items()}
        reached = trace.backward if direction == "backward" else trace.forward
        return {
            "id": trace.identifier.uri, "kind": trace.identifier.kind, "direction": direction,
            "reached": [{"identifier": r.identifier, "relation": r.relation, "via": r.via,
                         "event_id": event_ids.get(r.event_id), "depth": r.depth} for r in reached],
            "vessels": trace.vessels if direction == "forward" else [],
            "origins": trace.origins,
            "timeline": [{"event_id": event_ids[a.event.id], "event_time": a.event.event_time, "type": a.event.type,
                          "action": a.event.action, "biz_step": a.event.biz_step,
                          "disposition": a.event.disposition, "read_point": a.event.read_point,
                          "biz_location": a.event.biz_location, "identifier": a.named, "role": a.role}
                         for a in trace.timeline],
        }
