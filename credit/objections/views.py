"""Objection and repair pages: the enterprise files under its own id; the operator answers from the queues.

Members read their enterprise's page and oversight reads it under the enterprise's id; only owners
file. The queues under ``/credit`` are open to oversight; only operators answer and decide.
"""
import io

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from credit.file import services as credit_file
from credit.objections import rules, services
from credit.objections.forms import AnswerForm, ObjectionForm, RepairDecisionForm, RepairForm
from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("credit_objections", __name__)


@bp.get("/enterprises/<enterprise_id>/credit/objections")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_objections(enterprise_id):
    """The entries with what may be filed against each now, and every objection and application with its deadline."""
    entries = credit_file.entries_of(g.enterprise, "subject")
    return render_template("credit/objections/objections.html", **_deadlines(), enterprise=g.enterprise,
                           entries=entries,
                           actions={entry.id: services.open_actions(entry) for entry in entries},
                           objections=services.objections_of(g.enterprise), repairs=services.repairs_of(g.enterprise),
                           overdue=services.is_overdue, repairable=rules.REPAIRABLE_KINDS)


@bp.get("/enterprises/<enterprise_id>/credit/repairs")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_repairs(enterprise_id):
    """Objections and repair share one page; this is its repair part."""
    return redirect(url_for("credit_objections.enterprise_objections", enterprise_id=enterprise_id,
                            _anchor="repairs-title"))


def _uploads(form):
    return [(upload.filename, upload.mimetype, upload.read()) for upload in form.evidence.data or ()
            if upload and upload.filename]


def _filing(kind, form_class, file):
    """Show the form for the entry named by ``?entry=``, or file it and go back to the enterprise's page."""
    entry = services.entry_of(g.enterprise, request.args.get("entry", ""))
    form = form_class()
    status = status_of(form)
    if form.validate_on_submit():
        try:
            file(current_user, g.enterprise, entry.public_id, form.statement.data, _uploads(form))
        except DomainError as error:
            show_refusal(form, error)
            status = error.status
        else:
            flash(_("Your objection is filed; the entry is marked contested until the operator answers.")
                  if kind == "objection" else
                  _("Your application is filed; the operator decides within %(days)d working days.",
                    days=current_app.config["CREDIT_REPAIR_WORKING_DAYS"]), "success")
            return redirect(url_for("credit_objections.enterprise_objections", enterprise_id=g.enterprise.public_id))
    refusal = services.open_actions(entry)["object" if kind == "objection" else "repair"]
    return render_template("credit/objections/file.html", **_deadlines(), enterprise=g.enterprise, entry=entry,
                           form=form,
                           kind=kind, refusal=refusal), status


@bp.route("/enterprises/<enterprise_id>/credit/objections/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_OWNER)
def file_objection(enterprise_id):
    """The owner contests an entry with a statement and evidence."""
    return _filing("objection", ObjectionForm, services.file_objection)


@bp.route("/enterprises/<enterprise_id>/credit/repairs/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_OWNER)
def apply_for_repair(enterprise_id):
    """The owner applies to repair an entry once its minimum publicity period is over."""
    return _filing("repair", RepairForm, services.apply_for_repair)


@bp.get("/enterprises/<enterprise_id>/credit/evidence/<evidence_id>")
@requires(policy.ENTERPRISE_MEMBER)
def evidence(enterprise_id, evidence_id):
    """A file the enterprise filed, always as a download. :raise NotFound: for another enterprise's."""
    return _download(services.evidence_file(g.enterprise, evidence_id))


def _download(found):
    return send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename, max_age=0)


# --- oversight and the operator ------------------------------------------------------------------

@bp.get("/credit/objections")
@requires(policy.OVERSIGHT)
def objection_queue():
    """Unanswered objections, the oldest deadline first, overdue ones flagged."""
    return render_template("credit/objections/queue.html", kind="objection", items=services.objections_of(
        status="pending"), overdue=services.is_overdue)


@bp.get("/credit/repairs")
@requires(policy.OVERSIGHT)
def repair_queue():
    """Undecided repair applications, the oldest deadline first, overdue ones flagged."""
    return render_template("credit/objections/queue.html", kind="repair", items=services.repairs_of(
        status="pending"), overdue=services.is_overdue)


def _answering():
    """Regulators read the answer pages; only operators get the form."""
    return policy.OPERATOR.decide(g.principal) is policy.Decision.ALLOW


def _answer_page(objection, form, status=200):
    return render_template("credit/objections/answer.html", objection=objection, form=form,
                           overdue=services.is_overdue, answering=_answering()), status


@bp.get("/credit/objections/<objection_id>")
@requires(policy.OVERSIGHT)
def objection(objection_id):
    """The statement, the evidence and the entry; the answer form for operators while it waits."""
    return _answer_page(services.objection_for(None, objection_id), AnswerForm(formdata=None))


@bp.post("/credit/objections/<objection_id>")
@requires(policy.OPERATOR)
def answer_objection(objection_id):
    """Correct, remove or keep, with a reason; correcting records a new entry in place of the old one."""
    found = services.objection_for(None, objection_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _answer_page(found, form, 422)
    try:
        services.answer_objection(current_user, objection_id, form.answer.data, form.reason.data,
                                  form.corrected_fields())
    except DomainError as error:
        show_refusal(form, error)
        return _answer_page(found, form, error.status)
    flash(_("The objection is answered; the enterprise can read the answer."), "success")
    return redirect(url_for("credit_objections.objection_queue"))


def _decision_page(application, form, status=200):
    return render_template("credit/objections/decide.html", application=application, form=form,
                           overdue=services.is_overdue, answering=_answering()), status


@bp.get("/credit/repairs/<repair_id>")
@requires(policy.OVERSIGHT)
def repair(repair_id):
    """The statement, the evidence and the entry; the decision form for operators while it waits."""
    return _decision_page(services.repair_for(None, repair_id), RepairDecisionForm(formdata=None))


@bp.post("/credit/repairs/<repair_id>")
@requires(policy.OPERATOR)
def decide_repair(repair_id):
    """Approve (the entry stops counting and leaves the public view) or refuse, with a reason."""
    found = services.repair_for(None, repair_id)
    form = RepairDecisionForm()
    if not form.validate_on_submit():
        return _decision_page(found, form, 422)
    try:
        services.decide_repair(current_user, repair_id, form.decision.data, form.reason.data)
    except DomainError as error:
        show_refusal(form, error)
        return _decision_page(found, form, error.status)
    flash(_("The application is decided; the enterprise can read the decision."), "success")
    return redirect(url_for("credit_objections.repair_queue"))


@bp.get("/credit/evidence/<evidence_id>")
@requires(policy.OVERSIGHT)
def oversight_evidence(evidence_id):
    """Any objection's or application's file, for oversight."""
    return _download(services.evidence_file(None, evidence_id))


def _deadlines():
    """The working days the operator has to answer an objection and decide a repair, as configured."""
    return {"answer_days": current_app.config["CREDIT_OBJECTION_WORKING_DAYS"],
            "decide_days": current_app.config["CREDIT_REPAIR_WORKING_DAYS"]}
