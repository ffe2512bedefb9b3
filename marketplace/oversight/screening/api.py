"""``/api/v1/oversight/screening/…``: the review queue, term lists, re-screening progress and quality inspections.

Staff tokens (operators and regulators) with ``oversight:read`` / ``oversight:write``.
"""
from flask import current_app, g
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.screening import lists, services
from marketplace.oversight.screening.schemas import (
    InspectionInSchema, InspectionQuery, InspectionSchema, ProgressSchema, QueueQuery, ReviewInSchema, ScreeningSchema,
    TermInSchema, TermSchema, TermSwitchSchema,
)
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_screening_api", __name__, "Listing screening, term lists, reviews and quality inspections.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing changed"}


@blp.route("/oversight/screening/reviews")
class Reviews(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(QueueQuery, location="query")
    @blp.response(200, ScreeningSchema(many=True))
    def get(self, query):
        """Screenings in one status (default ``flagged``: the review queue), oldest first."""
        return services.review_queue(query["status"])


@blp.route("/oversight/screening/reviews/<screening_id>")
class Review(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.response(200, ScreeningSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such screening")
    def get(self, screening_id):
        """One screening: what was found where, and the review."""
        return services.screening_named(screening_id)

    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.arguments(ReviewInSchema)
    @blp.response(200, ScreeningSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such screening")
    @blp.alt_response(422, **_REFUSED)
    def post(self, body, screening_id):
        """Clear (the listing goes on sale) or reject with a note (it goes back to the seller)."""
        return services.review(actor(), screening_id, body["decision"] == "clear", body["note"])


@blp.route("/oversight/screening/reviews/<screening_id>/rescreen")
class RescreenOne(MethodView):
    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.response(200, ScreeningSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such screening")
    def post(self, screening_id):
        """Screen the listing again now (after the seller's licence was recorded, say); one passing now goes on
        sale."""
        return services.rescreen_screening(screening_id)


@blp.route("/oversight/screening/terms")
class Terms(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.response(200, TermSchema(many=True))
    def get(self):
        """Every term of the lists, active or not (the defaults are seeded on first use)."""
        return lists.all_terms()

    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.arguments(TermInSchema)
    @blp.response(201, TermSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, body):
        """Add a term; every listing is screened again in the background (see ``/oversight/screening/rescreen``)."""
        return services.change_term(current_app._get_current_object(), actor(), **body)


@blp.route("/oversight/screening/terms/<term_id>")
class Term(MethodView):
    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.arguments(TermSwitchSchema)
    @blp.response(200, TermSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such term")
    def patch(self, body, term_id):
        """Switch a term on or off; every listing is screened again in the background."""
        return services.change_term(current_app._get_current_object(), actor(), public_id=term_id,
                                    active=body["active"])


@blp.route("/oversight/screening/rescreen")
class Rescreen(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.response(200, ProgressSchema)
    def get(self):
        """How many live or waiting listings are screened against today's lists, of all of them."""
        progress = services.rescreen_progress()
        return {"status": "running" if progress["done"] < progress["total"] else "finished", **progress}


@blp.route("/oversight/screening/inspections")
class Inspections(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(InspectionQuery, location="query")
    @blp.response(200, InspectionSchema(many=True))
    def get(self, query):
        """A listing's quality inspections, newest sampling first."""
        return services.inspections_of(query["listing_kind"], query["listing"])

    @requires(policy.API_OVERSIGHT_WRITE)
    @blp.arguments(InspectionInSchema)
    @blp.response(201, InspectionSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, body):
        """Record a sampling inspection's result against a listing and its enterprise."""
        return services.record_inspection(actor(), body["listing_kind"], body["listing"], body["sampled_on"],
                                          body["authority"], body["report_number"], body["result"], body["items"],
                                          body["note"])


@blp.route("/oversight/screening/notices/catalog/<listing_id>")
class CatalogNotice(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.response(200, ScreeningSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="Not a screened listing of the token's enterprise")
    def get(self, listing_id):
        """For the seller: why its catalog listing waits for review, or the reviewer's decision and note."""
        return services.screening_for_seller(g.enterprise, "catalog", listing_id)


@blp.route("/oversight/screening/notices/floor/<listing_id>")
class FloorNotice(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.response(200, ScreeningSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="Not a screened listing of the token's enterprise")
    def get(self, listing_id):
        """For the seller: why its floor listing waits for review, or the reviewer's decision and note."""
        return services.screening_for_seller(g.enterprise, "floor", listing_id)
