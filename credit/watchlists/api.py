"""``/api/v1/credit/watchlist`` and ``/api/v1/credit/webhooks``: the token's enterprise follows counterparties'
credit and registers where signed news of it (and of its own credit) is posted.

Bad input (a malformed or unknown credit code, following oneself, an address that is not http(s))
gets a 422 naming the field, and nothing is stored.
"""
from flask import g
from flask.views import MethodView

from credit.watchlists import services
from credit.watchlists.schemas import (
    FollowInSchema, NewWebhookEndpointSchema, WatchedEnterpriseSchema, WebhookDeliverySchema, WebhookEndpointInSchema,
    WebhookEndpointSchema,
)
from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("credit_watchlists_api", __name__, "Credit watchlists and signed webhooks telling an enterprise "
                                                       "of its counterparties' grade changes and new entries.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}


@blp.route("/credit/watchlist")
class Watchlist(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, WatchedEnterpriseSchema(many=True))
    def get(self):
        """The enterprises followed, by Chinese name, each with its grade now and since when."""
        return services.watchlist_of(g.get("enterprise"))

    @requires(policy.API_CREDIT_WRITE)
    @blp.arguments(FollowInSchema)
    @blp.response(201, WatchedEnterpriseSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Follow a verified enterprise by its credit code: its grade changes and new official entries are then
        told in the app and to the webhooks. Following again changes nothing; following oneself is refused."""
        return services.line_of(services.follow(actor(), g.enterprise, data["credit_code"]))


@blp.route("/credit/watchlist/<credit_code>")
class FollowedEnterprise(MethodView):
    @requires(policy.API_CREDIT_WRITE)
    @blp.response(204)
    @blp.alt_response(404, schema=ProblemSchema, description="Not on the watchlist")
    def delete(self, credit_code):
        """Stop following the enterprise with this credit code."""
        services.unfollow(actor(), g.enterprise, credit_code)


@blp.route("/credit/webhooks")
class Webhooks(MethodView):
    @requires(policy.API_CREDIT_WRITE)
    @blp.response(200, WebhookEndpointSchema(many=True))
    def get(self):
        """The enterprise's webhook endpoints, live ones first (secrets are never shown again)."""
        return services.endpoints_of(g.enterprise)

    @requires(policy.API_CREDIT_WRITE)
    @blp.arguments(WebhookEndpointInSchema)
    @blp.response(201, NewWebhookEndpointSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Register an endpoint. The answer carries its signing secret, this once. Each delivery is a JSON POST
        `{"id", "type", "about": "self"|"watched", "occurred_at", "data"}` with the headers `Binhai-Signature`
        and `Idempotency-Key` (the delivery id, the same on every retry); anything but a 2xx answer is retried
        with growing pauses."""
        endpoint, secret = services.register_endpoint(actor(), g.enterprise, data["url"])
        return {"public_id": endpoint.public_id, "url": endpoint.url, "created_at": endpoint.created_at,
                "retired_at": None, "secret": secret}


@blp.route("/credit/webhooks/<endpoint_id>")
class Webhook(MethodView):
    @requires(policy.API_CREDIT_WRITE)
    @blp.response(204)
    @blp.alt_response(404, schema=ProblemSchema, description="No such endpoint of this enterprise")
    def delete(self, endpoint_id):
        """Retire the endpoint: nothing more is posted to it; deliveries still waiting are given up."""
        services.retire_endpoint(actor(), g.enterprise, endpoint_id)


@blp.route("/credit/webhooks/deliveries")
class Deliveries(MethodView):
    @requires(policy.API_CREDIT_WRITE)
    @blp.response(200, WebhookDeliverySchema(many=True))
    def get(self):
        """The latest deliveries to the enterprise's endpoints, with their attempts and last error."""
        return services.recent_deliveries_of(g.enterprise)
