"""``/api/v1/oversight/sanctions``: decisions and sanctions under four-eyes approval (regulator tokens).

A proposal does nothing; approval by a different regulator makes it act at once. A regulator approving
their own proposal gets a 403, a sanction decided meanwhile a 409, bad input a 422 naming each field.
"""
from flask.views import MethodView

from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.sanctions import services
from marketplace.oversight.sanctions.models import Sanction
from marketplace.oversight.sanctions.schemas import (
    DecisionInSchema, LiftInSchema, ProposalInSchema, SanctionQuery, SanctionSchema,
)
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_sanctions_api", __name__, "Decisions and sanctions under four-eyes approval.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}
_DECIDED = {"schema": ProblemSchema, "description": "Already decided, or nothing in force to lift; nothing changed"}


@blp.route("/oversight/sanctions")
class Sanctions(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(SanctionQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(SanctionSchema))
    def get(self, limit, cursor, status=None, kind=None, enterprise=None):
        """Sanctions, newest first, by status, measure or enterprise."""
        log_access("sanctions", subject=enterprise)
        statement = services.sanctions_statement(status, kind, services.enterprise_filter(enterprise)).order_by(None)
        page = paginate(db.session, statement, Sanction.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_REGULATOR_WRITE)
    @idempotent
    @blp.arguments(ProposalInSchema)
    @blp.response(201, SanctionSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Propose a sanction; it does nothing until another regulator approves it."""
        return services.propose_from(actor(), data)


@blp.route("/oversight/sanctions/<sanction_id>")
class OneSanction(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, SanctionSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such sanction")
    def get(self, sanction_id):
        """One sanction with its decision, period in force and credit entry."""
        found = services.sanction_by_public_id(sanction_id)
        log_access("sanction", subject=found.enterprise.public_id)
        return found


@blp.route("/oversight/sanctions/<sanction_id>/approval")
class Approval(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @idempotent
    @blp.arguments(DecisionInSchema)
    @blp.response(200, SanctionSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The caller proposed it: another regulator approves")
    @blp.alt_response(409, **_DECIDED)
    def post(self, data, sanction_id):
        """Approve another regulator's proposal: it acts at once, enters the credit file, the enterprise is told."""
        return services.approve(actor(), services.sanction_by_public_id(sanction_id), data["note"])


@blp.route("/oversight/sanctions/<sanction_id>/rejection")
class Rejection(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @idempotent
    @blp.arguments(DecisionInSchema)
    @blp.response(200, SanctionSchema)
    @blp.alt_response(409, **_DECIDED)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data, sanction_id):
        """Reject a proposal with a note; it never acts."""
        return services.reject(actor(), services.sanction_by_public_id(sanction_id), data["note"])


@blp.route("/oversight/sanctions/<sanction_id>/lifting")
class Lifting(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @idempotent
    @blp.arguments(LiftInSchema)
    @blp.response(200, SanctionSchema)
    @blp.alt_response(409, **_DECIDED)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data, sanction_id):
        """Lift a suspension, escrow hold or termination in force: trading and releases resume at once."""
        return services.lift(actor(), services.sanction_by_public_id(sanction_id), data["reason"])
