"""``/api/v1/oversight/surveillance/…``: surveillance rules (versioned, four-eyes), alerts and backtests.

Regulators' staff tokens read with ``oversight:read`` and draft, approve, activate, retire and
backtest with ``oversight:write``; the approver of a version is never its author. Backtests work in
a background thread and are followed with ``GET /oversight/surveillance/backtests/{id}``.
"""
from flask import current_app
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.surveillance import alerts, backtests, services
from marketplace.oversight.surveillance.schemas import (
    AlertPageSchema, AlertQuery, AlertSchema, BacktestInSchema, BacktestSchema, RuleSchema, RuleVersionInSchema,
    RuleVersionSchema,
)
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_surveillance_api", __name__, "Surveillance rules (versioned, four-eyes), alerts and backtests.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}


@blp.route("/oversight/surveillance/rules")
class Rules(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, RuleSchema(many=True))
    def get(self):
        """Every rule with all its versions (built-in v1 of every detector included)."""
        return services.rules()


@blp.route("/oversight/surveillance/rules/<key>/versions")
class RuleVersions(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @blp.arguments(RuleVersionInSchema)
    @blp.response(201, RuleVersionSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such rule")
    @blp.alt_response(422, **_REFUSED)
    def post(self, document, key):
        """Store a new draft version of the rule; another regulator approves it."""
        return services.draft_version(actor(), key, document)


@blp.route("/oversight/surveillance/versions/<version_id>")
class Version(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, RuleVersionSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such version")
    def get(self, version_id):
        """One rule version as stored."""
        return services.version_named(version_id)


_STEP_REFUSALS = (
    (403, "The author may not approve their own version"),
    (404, "No such version"),
    (409, "The version is not in a state this step applies to"),
)


def _step_responses(method):
    for status, description in _STEP_REFUSALS:
        method = blp.alt_response(status, schema=ProblemSchema, description=description)(method)
    return blp.response(200, RuleVersionSchema)(method)


@blp.route("/oversight/surveillance/versions/<version_id>/approve")
class ApproveVersion(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @_step_responses
    def post(self, version_id):
        """Approve a draft (four eyes: a regulator other than its author)."""
        return services.approve_version(actor(), version_id)


@blp.route("/oversight/surveillance/versions/<version_id>/activate")
class ActivateVersion(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @_step_responses
    def post(self, version_id):
        """Activate an approved version; the rule's active version retires (one active per rule)."""
        return services.activate_version(actor(), version_id)


@blp.route("/oversight/surveillance/versions/<version_id>/retire")
class RetireVersion(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @_step_responses
    def post(self, version_id):
        """Retire a version; it stays stored as it was."""
        return services.retire_version(actor(), version_id)


@blp.route("/oversight/surveillance/alerts")
class Alerts(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(AlertQuery, location="query")
    @blp.response(200, AlertPageSchema)
    @blp.alt_response(422, **_REFUSED)
    def get(self, query):
        """Alerts newest first, 50 a page, filtered by floor, rule key, status and Shanghai day."""
        found, total = alerts.search_alerts(**query)
        log_access("surveillance_alerts", query={key: str(value) for key, value in query.items() if value is not None})
        return {"total": total, "page": query["page"], "alerts": found}


@blp.route("/oversight/surveillance/alerts/<alert_id>")
class OneAlert(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, AlertSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such alert")
    def get(self, alert_id):
        """One alert as it was raised: version, parameters, numbers, sentences and the rows it saw."""
        found = alerts.alert_named(alert_id)
        log_access("surveillance_alert", subject=found.public_id)
        return found


@blp.route("/oversight/surveillance/backtests")
class Backtests(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @blp.arguments(BacktestInSchema)
    @blp.response(202, BacktestSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such version")
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Start a backtest of a version over a period (Shanghai days, both included); it writes no alerts."""
        started = backtests.start_backtest(actor(), data["version"], data["period_start"], data["period_end"])
        backtests.start_in_background(current_app._get_current_object(), started.id)
        return started


@blp.route("/oversight/surveillance/backtests/<backtest_id>")
class OneBacktest(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, BacktestSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such backtest")
    def get(self, backtest_id):
        """The backtest's progress and, once done, what the version would have added and dropped."""
        found = backtests.backtest_named(backtest_id)
        log_access("surveillance_backtest", subject=found.public_id)
        return found
