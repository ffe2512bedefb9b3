"""``/api/v1/oversight/floors…``: floor compliance profiles and their lint against the State Council's rules for
spot venues. Staff tokens read them; an operator's token sets a floor's profile."""
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.compliance import labels, services  # noqa: F401 (labels registers names)
from marketplace.oversight.compliance.schemas import FloorLintSchema, ProfileInSchema, ProfileSchema
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_compliance_api", __name__, "Floor compliance profiles and their lint against the State Council's rules for spot venues.")


@blp.route("/oversight/floors")
class FloorLints(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.response(200, FloorLintSchema(many=True))
    def get(self):
        """Every floor, its profile (null: none, everything allowed) and where it falls short of the built-in one."""
        return services.lint_floors()


@blp.route("/oversight/floors/<floor_code>/profile")
class FloorProfile(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.response(200, ProfileSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such floor, or a floor without a profile")
    def get(self, floor_code):
        """The floor's stored profile."""
        return services.stored_profile(floor_code)

    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.arguments(ProfileInSchema)
    @blp.response(200, ProfileSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Not an operator")
    @blp.alt_response(404, schema=ProblemSchema, description="No such floor")
    @blp.alt_response(422, schema=ProblemSchema, description="Invalid input (field errors under `errors`)")
    def put(self, body, floor_code):
        """Set the floor's profile (operators only); ``based_on: state_council_spot`` applies the built-in one."""
        floor = services.floor_named(floor_code)
        if body["based_on"] == "state_council_spot":
            return services.apply_state_council(actor(), floor.code)
        return services.save_profile(actor(), floor.code, body["mechanisms"], body["standardised_contracts"],
                                     body["min_holding_days"], body["holder_cap"])
