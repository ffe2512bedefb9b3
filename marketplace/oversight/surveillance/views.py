"""Web pages: surveillance rules (versioned, four-eyes), alerts and backtests.

Rule versions are drafted as a JSON document, approved by a second regulator, then activated or
retired; a backtest works in a background thread of this process and its page follows the progress.
Every page showing alerts or findings is recorded in the regulators' access log.
"""
import json
from datetime import timedelta

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.accounts.labels import choices
from marketplace.errors import DomainError
from marketplace.i18n import in_reader_language, shanghai_day
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.surveillance import alerts, backtests, evidence_table, labels, services, sources
from marketplace.oversight.surveillance.forms import AlertFilterForm, BacktestForm, DraftForm
from marketplace.permissions import requires

bp = Blueprint("oversight_surveillance", __name__)
bp.add_app_template_global(evidence_table.table, "evidence_table")
bp.add_app_template_filter(evidence_table.floor_of_code, "floor_of_code")


def pretty(document):
    """A stored document as indented JSON, for reading and for the draft form."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


@bp.get("/oversight/surveillance/rules")
@requires(policy.REGULATOR)
def rules():
    """Every rule with its versions and where each is in its lifecycle."""
    return render_template("oversight/surveillance/rules.html", rules=services.rules(), name_of=_rule_name)


def _rule_name(rule):
    return in_reader_language(rule.name_zh, rule.name_en)


def _parameter_name(parameter, name):
    """A declared parameter's label in the reader's language (its name when it has no label)."""
    if parameter is None:
        return name
    return in_reader_language(parameter.label_zh, parameter.label_en) or name


@bp.get("/oversight/surveillance/versions/<version_id>")
@requires(policy.REGULATOR)
def version(version_id):
    """One version: its parameters (with the detector's ranges), floor overrides, author, approver, actions."""
    found = services.version_named(version_id)
    return render_template("oversight/surveillance/version.html", version=found, name_of=_rule_name,
                           parameter_name=_parameter_name,
                           declared=services.detector_modules().get(found.rule.detector),
                           document=pretty(services.document_of(found)))


def _draft_page(rule, form, status=200):
    return render_template("oversight/surveillance/draft.html", rule=rule, form=form, name_of=_rule_name,
                           parameter_name=_parameter_name,
                           declared=services.detector_modules().get(rule.detector)), status


@bp.get("/oversight/surveillance/rules/<key>/drafts/new")
@requires(policy.REGULATOR)
def new_draft(key):
    """The draft form, filled with the active version's document to change."""
    rule = services.rule_named(key)
    active = services.active_version_of(rule)
    form = DraftForm(formdata=None, document=pretty(services.document_of(active)) if active else "{}")
    return _draft_page(rule, form)


@bp.post("/oversight/surveillance/rules/<key>/drafts")
@requires(policy.REGULATOR)
def create_draft(key):
    """A document with an unknown field or a value out of range shows the form again; nothing is stored."""
    rule = services.rule_named(key)
    form = DraftForm()
    try:
        if not form.validate_on_submit():
            return _draft_page(rule, form, 422)
        created = services.draft_version(current_user, key, form.parsed())
    except DomainError as error:
        show_refusal(form, error)
        return _draft_page(rule, form, error.status)
    flash(_("%(label)s is stored as a draft; another regulator must approve it.", label=created.label), "success")
    return redirect(url_for(".version", version_id=created.public_id), 303)


def _lifecycle(version_id, step, done_message):
    form = FlaskForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".version", version_id=version_id), 303)
    try:
        changed = step(current_user, version_id)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for(".version", version_id=version_id), 303)
    flash(done_message % {"label": changed.label}, "success")
    return redirect(url_for(".version", version_id=version_id), 303)


@bp.post("/oversight/surveillance/versions/<version_id>/approve")
@requires(policy.REGULATOR)
def approve(version_id):
    """Four eyes: the author's own approval is refused with a message."""
    return _lifecycle(version_id, services.approve_version, _("%(label)s is approved."))


@bp.post("/oversight/surveillance/versions/<version_id>/activate")
@requires(policy.REGULATOR)
def activate(version_id):
    """The version runs from now on; the rule's previous active version retires."""
    return _lifecycle(version_id, services.activate_version, _("%(label)s is active; the version before it retired."))


@bp.post("/oversight/surveillance/versions/<version_id>/retire")
@requires(policy.REGULATOR)
def retire(version_id):
    """The version stops for good (stored as it was)."""
    return _lifecycle(version_id, services.retire_version, _("%(label)s is retired."))


def _backtest_form(formdata=None, version=None):
    today = shanghai_day()
    form = BacktestForm(formdata=formdata, version=version, period_start=today - timedelta(days=30), period_end=today)
    form.version.choices = [(row.public_id, f"{row.label} · {labels.VERSION_STATUSES[row.status]}")
                            for rule in services.rules() for row in rule.versions]
    return form


@bp.get("/oversight/surveillance/backtests")
@requires(policy.REGULATOR)
def backtests_list():
    """Recent backtests and a form to start one (any version, the last 30 days by default)."""
    return render_template("oversight/surveillance/backtests.html", backtests=backtests.recent_backtests(),
                           form=_backtest_form(version=request.args.get("version")))


@bp.post("/oversight/surveillance/backtests")
@requires(policy.REGULATOR)
def start_backtest():
    """Opens the backtest and works through it in a background thread; its page follows the progress."""
    form = _backtest_form(request.form)
    try:
        if not form.validate_on_submit():
            return render_template("oversight/surveillance/backtests.html", backtests=backtests.recent_backtests(),
                                   form=form), 422
        started = backtests.start_backtest(current_user, form.version.data, form.period_start.data, form.period_end.data)
    except DomainError as error:
        show_refusal(form, error)
        return render_template("oversight/surveillance/backtests.html", backtests=backtests.recent_backtests(),
                               form=form), error.status
    backtests.start_in_background(current_app._get_current_object(), started.id)
    return redirect(url_for(".backtest", backtest_id=started.public_id), 303)


@bp.get("/oversight/surveillance/backtests/<backtest_id>")
@requires(policy.REGULATOR)
def backtest(backtest_id):
    """Progress while it works (the bar refreshes itself), then what the version would have added and dropped."""
    found = backtests.backtest_named(backtest_id)
    log_access("surveillance_backtest", subject=found.public_id)
    return render_template("oversight/surveillance/backtest.html", backtest=found,
                           finding_sentence=lambda finding: in_reader_language(finding["sentence_zh"], finding["sentence_en"]),
                           progress_url=url_for(".backtest_progress", backtest_id=found.public_id))


@bp.get("/oversight/surveillance/backtests/<backtest_id>/progress")
@requires(policy.REGULATOR)
def backtest_progress(backtest_id):
    """The backtest's progress as JSON, for its page's progress bar."""
    found = backtests.backtest_named(backtest_id)
    return jsonify(status=found.status, progress=found.progress)


def _filter_form():
    form = AlertFilterForm(request.args)
    form.floor.choices = [("", _("All floors"))] + [(code, code) for code in sources.floor_codes()]
    form.rule.choices = [("", _("All rules"))] + [(rule.key, _rule_name(rule)) for rule in services.rules()]
    form.status.choices = [("", _("Any status"))] + choices("surveillance_alert_status")
    return form


@bp.get("/oversight/surveillance/alerts")
@requires(policy.REGULATOR)
def alerts_list():
    """Alerts, newest first, filtered by floor, rule, status and day."""
    form = _filter_form()
    valid = form.validate()
    filters = {name: (form[name].data or None) if valid else None for name in ("floor", "rule", "status", "day")}
    page = request.args.get("page", 1, type=int)
    found, total = alerts.search_alerts(**filters, page=page)
    log_access("surveillance_alerts")
    return render_template("oversight/surveillance/alerts.html", alerts=found, total=total, page=page, form=form,
                           page_size=alerts.PAGE_SIZE, sentence=_sentence), 200 if valid else 422


def _sentence(alert):
    return in_reader_language(alert.sentence_zh, alert.sentence_en)


@bp.get("/oversight/surveillance/alerts/<alert_id>")
@requires(policy.REGULATOR)
def alert(alert_id):
    """One alert as it was raised: rule version, parameters, numbers, sentence and every row it saw."""
    found = alerts.alert_named(alert_id)
    log_access("surveillance_alert", subject=found.public_id)
    names = sources.enterprise_names(found.subjects)
    return render_template("oversight/surveillance/alert.html", alert=found, sentence=_sentence(found),
                           subjects=[(subject, in_reader_language(*names[subject]) if subject in names else subject)
                                     for subject in found.subjects],
                           case=sources.case_of(found.case_id), pretty=pretty)
