"""Credit grading pages: an enterprise's credit hub, score model versions, full re-scoring runs and
the regulator's view of grades across floors and regions.

A run started from the web works in a background thread of this process with its own application
context (``runs.start_in_background``); its page shows the progress and then the report. The CLI
(``binhai credit rescore``) does the same work in the foreground.
"""
from flask import Blueprint, current_app, g, jsonify, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from credit.grading import overview, runs, services
from credit.grading.charts import distribution_chart, history_chart, transitions_chart
from credit.grading.forms import ModelVersionForm, RunForm
from credit.grading.wording import fix_text, input_name
from credit.scoring.model import GRADES
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.accounts.labels import label
from marketplace.errors import DomainError
from marketplace.i18n import in_reader_language
from marketplace.permissions import requires

bp = Blueprint("credit_grading", __name__)

# The other credit pages of one enterprise, linked from its hub (each shown to those who may open it).
ENTERPRISE_PAGES = (
    ("credit_file.enterprise_file", _l("Credit file")),
    ("credit_objections.enterprise_objections", _l("Objections")),
    ("credit_objections.enterprise_repairs", _l("Credit repair")),
    ("credit_reports.access", _l("Report access")),
    ("credit_watchlists.watchlist", _l("Watchlist")),
)


def _language():
    return str(get_locale() or "zh")


@bp.get("/enterprises/<enterprise_id>/credit")
@requires(policy.ENTERPRISE_MEMBER)
def hub(enterprise_id):
    """Grade, score, reasons linked to what is behind them, points, history, how to improve, terms."""
    enterprise = g.enterprise
    hub = overview.hub_of(enterprise)
    language = _language()
    improvement = hub.improvement
    return render_template(
        "credit/grading/hub.html", enterprise=enterprise, hub=hub, snapshot=hub.snapshot, language=language,
        reasons=[(reason, in_reader_language(reason["text_zh"], reason["text_en"]),
                  [(reference, _reference_link(enterprise, reference)) for reference in reason["references"]])
                 for reason in hub.snapshot.reasons],
        points=[(input_name(code, language), value, earned) for code, value, earned in hub.snapshot.points],
        fixes=[fix_text(fix, language) for fix in improvement.fixes] if improvement else [],
        history=history_chart(hub.history),
        pages=ENTERPRISE_PAGES,
    )


def _reference_link(enterprise, reference):
    """The page behind a reason's reference (an order, a contract or an official entry), if there is one."""
    prefix = reference.split("_", 1)[0]
    if prefix == "ord":
        return url_for("orders.order", enterprise_id=enterprise.public_id, order_id=reference)
    if prefix == "ct":
        return url_for("contracts.contract", enterprise_id=enterprise.public_id, contract_id=reference)
    if prefix == "coe":
        return url_for("credit_file.entry", entry_id=reference)
    return None


def _models_page(form=None, status=200):
    versions, current = services.model_versions()
    return render_template("credit/grading/models.html", versions=versions, current=current,
                           form=form or ModelVersionForm(formdata=None)), status


@bp.get("/credit/models")
@requires(policy.OVERSIGHT)
def models():
    """Every score model version, which one is in effect, and (for operators) a form to add one."""
    return _models_page()


@bp.post("/credit/models")
@requires(policy.OPERATOR)
def add_model():
    """A bad document shows the form again with what is wrong; nothing is stored."""
    form = ModelVersionForm()
    try:
        row = services.add_model_version(services.parse_document(form.text()), actor=current_user)
    except DomainError as error:
        show_refusal(form, error)
        return _models_page(form, error.status)
    return redirect(url_for(".model", version=row.version), 303)


@bp.get("/credit/models/<version>")
@requires(policy.OVERSIGHT)
def model(version):
    """One model version's document: its inputs, weights and grade bands, as it scores."""
    in_use = services.model_of_version(version)
    return render_template("credit/grading/model.html", row=in_use.row, model=in_use.model,
                           language=_language(), input_name=input_name)


def _run_form(formdata=None):
    form = RunForm(formdata=formdata)
    versions, _current = services.model_versions()
    form.model_version.choices = [("", "—")] + [(row.version, row.version) for row in versions]
    return form


@bp.get("/credit/runs")
@requires(policy.OVERSIGHT)
def runs_list():
    """Recent full re-scoring runs and (for operators) a form to start one."""
    return render_template("credit/grading/runs.html", runs=runs.recent_runs(), form=_run_form())


@bp.post("/credit/runs")
@requires(policy.OPERATOR)
def start_run():
    """Opens the run and works through it in a background thread; its page follows the progress."""
    form = _run_form()
    try:
        run = runs.start_run(form.model_version.data or None, actor=current_user)
    except DomainError as error:
        show_refusal(form, error)
        return render_template("credit/grading/runs.html", runs=runs.recent_runs(), form=form), error.status
    runs.start_in_background(current_app._get_current_object(), run.id)
    return redirect(url_for(".run", run_id=run.public_id), 303)


@bp.get("/credit/runs/<run_id>")
@requires(policy.OVERSIGHT)
def run(run_id):
    """Progress while it works (the bar refreshes itself), then how many changed grade and how."""
    found = runs.run_named(run_id)
    return render_template("credit/grading/run.html", run=found, transitions=transitions_chart(found),
                           progress_url=url_for(".run_progress", run_id=found.public_id))


@bp.get("/credit/runs/<run_id>/progress")
@requires(policy.OVERSIGHT)
def run_progress(run_id):
    """The run's counters as JSON, for its page's progress bar."""
    found = runs.run_named(run_id)
    return jsonify(status=found.status, done=found.done, total=found.total, changed=found.changed)


@bp.get("/credit/oversight")
@requires(policy.OVERSIGHT)
def oversight():
    """Grades per floor and per region, overrides in force, overdue objections and repairs, the audit trail."""
    view = overview.oversight()
    floors = [(in_reader_language(floor.name_zh, floor.name_en), counts) for floor, counts in view.by_floor]
    regions = [(label(region, "region"), counts) for region, counts in view.by_region]
    return render_template("credit/grading/oversight.html", view=view, grades=GRADES, floors=floors, regions=regions,
                           floor_chart=distribution_chart(floors), region_chart=distribution_chart(regions),
                           audit_url=url_for("audit.log", action="credit."))
