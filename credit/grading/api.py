"""``/api/v1/credit/score``, ``/credit/score/history``, ``/credit/models`` and ``/credit/runs``.

Company tokens read their own enterprise's score; staff tokens (operators, regulators) name the
enterprise. Operators' staff tokens add model versions and start full re-scoring runs, which work
in a background thread and are followed with ``GET /credit/runs/<id>``.
"""
from flask import current_app, g
from flask.views import MethodView

from credit.grading import overview, runs, services
from credit.grading.schemas import (
    CreditHistoryQuery, ModelVersionInSchema, ModelVersionSchema, RescoreRunInSchema, RescoreRunSchema, CreditScoreQuery, CreditScoreSchema,
    ScoreSnapshotSchema,
)
from credit.grading.wording import fix_text
from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("credit_grading_api", __name__, "Credit scores and grades: the current grade with its reasons, history, how to improve, score models and re-scoring runs.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}


def _score(enterprise, hub):
    snapshot, improvement = hub.snapshot, hub.improvement
    return {
        "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code, "grade": snapshot.grade,
        "score": snapshot.score, "scored": hub.scored, "grade_since": hub.since, "model_version": snapshot.model_version,
        "override": snapshot.override, "as_of": snapshot.as_of, "reasons": snapshot.reasons,
        "points": [{"input": code, "value": value, "points": points} for code, value, points in snapshot.points],
        "how_to_improve": None if improvement is None else {
            "grade": improvement.grade,
            "fixes": [{"input": fix.variable, "text_en": fix_text(fix, "en"), "text_zh": fix_text(fix, "zh"),
                       "points": fix.points} for fix in improvement.fixes]},
    }


@blp.route("/credit/score")
class Score(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(CreditScoreQuery, location="query")
    @blp.response(200, CreditScoreSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such enterprise")
    @blp.alt_response(422, **_REFUSED)
    def get(self, query):
        """The enterprise's grade and score now, the reasons (both languages, with the orders, contracts and
        entries behind them), each input's points and how to lift the grade by one."""
        enterprise = overview.enterprise_for_reader(g.get("enterprise"), query["enterprise"])
        return _score(enterprise, overview.hub_of(enterprise, history_days=0))


@blp.route("/credit/score/history")
class ScoreHistory(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(CreditHistoryQuery, location="query")
    @blp.response(200, ScoreSnapshotSchema(many=True))
    @blp.alt_response(404, schema=ProblemSchema, description="No such enterprise")
    @blp.alt_response(422, **_REFUSED)
    def get(self, query):
        """Every scoring of the enterprise (the newest ``limit``), oldest first."""
        enterprise = overview.enterprise_for_reader(g.get("enterprise"), query["enterprise"])
        return overview.score_history(enterprise, query["limit"])


@blp.route("/credit/models")
class Models(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, ModelVersionSchema(many=True))
    def get(self):
        """Every score model version with its document, newest effective date first; ``in_effect`` marks today's."""
        versions, current = services.model_versions()
        return [{"version": row.version, "effective_from": row.effective_from, "created_at": row.created_at,
                 "document": row.document, "in_effect": row.id == current.id} for row in versions]

    @requires(policy.API_CREDIT_OPERATOR)
    @blp.arguments(ModelVersionInSchema)
    @blp.response(201, ModelVersionSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Add a model version (a new version name; stored ones never change). Scoring uses it from its
        effective date; start a run to re-score everyone with it."""
        row = services.add_model_version(data["document"], actor=actor())
        return {"version": row.version, "effective_from": row.effective_from, "created_at": row.created_at,
                "document": row.document, "in_effect": services.model_versions()[1].id == row.id}


@blp.route("/credit/runs")
class Runs(MethodView):
    @requires(policy.API_CREDIT_OPERATOR)
    @blp.arguments(RescoreRunInSchema)
    @blp.response(202, RescoreRunSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such model version")
    def post(self, data):
        """Start a full re-score of every verified enterprise; follow it with ``GET /credit/runs/{id}``."""
        run = runs.start_run(data["model_version"], actor=actor())
        runs.start_in_background(current_app._get_current_object(), run.id)
        return run


@blp.route("/credit/runs/<run_id>")
class OneRun(MethodView):
    @requires(policy.API_CREDIT_OPERATOR)
    @blp.response(200, RescoreRunSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such run")
    def get(self, run_id):
        """The run's progress (done of total) and, once finished, how many changed grade and how."""
        return runs.run_named(run_id)
