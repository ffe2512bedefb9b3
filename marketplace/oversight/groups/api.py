"""``/api/v1/enterprise/parties``: registered parties behind the token's enterprise (legal representative,
shareholders, directors)."""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint
from marketplace.idempotency import idempotent
from marketplace.oversight.groups import services
from marketplace.oversight.groups.schemas import PartiesQuery, EnterprisePartyListSchema, EnterprisePartySchema
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_groups_api", __name__, "Registered parties behind enterprises, and the control groups they make.")


@blp.route("/enterprise/parties")
class Parties(MethodView):
    @requires(policy.API_ENTERPRISE_READ)
    @blp.arguments(PartiesQuery, location="query", as_kwargs=True)
    @blp.response(200, EnterprisePartyListSchema)
    def get(self, include_ended):
        """The parties behind this token's enterprise; identity numbers only masked."""
        return {"items": services.read_parties(g.enterprise, include_ended=include_ended)}

    @requires(policy.API_MEMBERS_WRITE)
    @idempotent
    @blp.arguments(EnterprisePartySchema)
    @blp.response(201, EnterprisePartySchema)
    @blp.alt_response(422, schema=ProblemSchema, description="An invalid identity number, role or share")
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Record a party; a new legal representative replaces the current one."""
        return services.register_party(actor(), g.enterprise, **data)


@blp.route("/enterprise/parties/<party_id>/end")
class EndParty(MethodView):
    @requires(policy.API_MEMBERS_WRITE)
    @blp.response(200, EnterprisePartySchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such party of this enterprise")
    def post(self, party_id):
        """Mark a party as ended; it stays in the history and no longer links. Safe to retry."""
        return services.end_party(actor(), g.enterprise, party_id)
