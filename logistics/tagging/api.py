"""``/api/v1/tagging``: the token's enterprise records its GS1 company prefixes, commissions EPCs for its
goods, packs and unpacks them, and processes agricultural lots; each write is one EPCIS event.

Bad input (a malformed EPC, a wrong GTIN check digit, a GTIN under none of the enterprise's prefixes)
gets a 422 with the field at fault, and nothing is stored.
"""
from flask import g
from flask.views import MethodView

from logistics.tagging import services
from logistics.tagging.schemas import (
    CommissioningInSchema, PackingInSchema, PrefixInSchema, PrefixSchema, TaggedSchema, TransformationInSchema,
    UnitQuery, UnitSchema, UnpackingInSchema,
)
from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint
from marketplace.idempotency import idempotent
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("tagging_api", __name__, "Logistics: GS1 company prefixes, commissioning, packing and "
                                             "processing of tagged goods and agricultural lots.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}


@blp.route("/tagging/prefixes")
class Prefixes(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, PrefixSchema(many=True))
    def get(self):
        """The GS1 company prefixes this enterprise recorded."""
        return services.prefixes_of(g.enterprise)

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(PrefixInSchema)
    @blp.response(201, PrefixSchema)
    @blp.alt_response(422, schema=ProblemSchema, description="Malformed, or recorded already (by anyone)")
    def post(self, data):
        """Record a GS1 company prefix the enterprise holds; its length turns GTINs into EPCs."""
        return services.record_prefix(actor(), g.enterprise, data["prefix"])


@blp.route("/tagging/commissionings")
class Commissionings(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(CommissioningInSchema)
    @blp.response(201, TaggedSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Commission EPCs (ObjectEvent ADD, commissioning, active): items or cases as SGTINs of a GTIN under one
        of the enterprise's prefixes, pallets as SSCCs with the next serial references, assets as GRAIs, or a
        lot by weight. The lot number, product, farm and origin are kept as ILMD. An EPC is commissioned once."""
        kind = data.pop("kind")
        return services.commission(actor(), g.enterprise, kind, **data)


@blp.route("/tagging/packings")
class Packings(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(PackingInSchema)
    @blp.response(201, TaggedSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Pack children into a parent (AggregationEvent ADD): cases on a pallet (packing), pallets into a
        container by its number or tag (loading)."""
        return services.pack(actor(), g.enterprise, data["parent"], data["children"], event_time=data["event_time"],
                             read_point=data["read_point"])


@blp.route("/tagging/unpackings")
class Unpackings(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(UnpackingInSchema)
    @blp.response(201, TaggedSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Take children (all when none is named) out of a parent (AggregationEvent DELETE, unpacking or
        unloading); from then on they are no longer traced with it."""
        return services.unpack(actor(), g.enterprise, data["parent"], data["children"],
                               event_time=data["event_time"], read_point=data["read_point"])


@blp.route("/tagging/transformations")
class Transformations(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @idempotent
    @blp.arguments(TransformationInSchema)
    @blp.response(201, TaggedSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Process agricultural lots (TransformationEvent): lots in by weight (KGM or TNE), tagged units and/or
        new lots of the enterprise's GTINs out."""
        return services.process(
            actor(), g.enterprise, [(i["lot"], i["quantity"], i["uom"]) for i in data["inputs"]],
            outputs=data["outputs"], output_lots=[(o["gtin"], o["lot"], o["quantity"], o["uom"])
                                                  for o in data["output_lots"]],
            event_time=data["event_time"], read_point=data["read_point"])


@blp.route("/tagging/units")
class Units(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(UnitQuery, location="query", as_kwargs=True)
    @blp.response(200, UnitSchema)
    @blp.alt_response(422, **_REFUSED)
    def get(self, id, filter=None):
        """One unit's forms: pure identity, tag URI and hex (with its filter), GS1 Digital Link."""
        return services.unit(id, filter)
