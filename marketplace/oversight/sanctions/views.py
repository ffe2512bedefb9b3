"""Web pages: decisions and sanctions under four-eyes approval (regulators only).

``/oversight/sanctions`` lists them with the proposals awaiting the reader's approval; a proposal is made
at ``/new`` (from a case with ``?case=<public id>``); its page approves, rejects or lifts it.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.errors import DomainError
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.sanctions import services
from marketplace.oversight.sanctions.forms import DecisionForm, LiftForm, ProposalForm, SanctionFilterForm
from marketplace.permissions import requires

bp = Blueprint("oversight_sanctions", __name__)

LIST_SIZE = 200


@bp.app_template_global("sanction_state")
def sanction_state(sanction):
    """What a sanction is now (its status, or expired), for any page listing sanctions."""
    return services.state_of(sanction)


@bp.app_template_global("sanction_lasts")
def sanction_lasts(sanction):
    """Whether a sanction acts for a while (and so has an end or is lifted) rather than once."""
    return services.lasts(sanction)


@bp.get("/oversight/sanctions")
@requires(policy.REGULATOR)
def sanctions():
    """Every sanction, newest first, filtered by status and measure; above, the proposals the reader may decide."""
    form = SanctionFilterForm(request.args)
    rows = services.sanctions_list(form.status.data, form.kind.data, LIST_SIZE)
    log_access("sanctions", query=request.args.to_dict())
    return render_template("oversight/sanctions/list.html", form=form, sanctions=rows,
                           awaiting=services.awaiting_approval(current_user))


@bp.route("/oversight/sanctions/new", methods=["GET", "POST"])
@requires(policy.REGULATOR)
def new():
    """Propose a sanction; it does nothing until another regulator approves it. A refusal shows the form again."""
    form = ProposalForm(data={"case": request.args.get("case", ""), "enterprise": request.args.get("enterprise", "")})
    case = services.case_named(form.case.data)
    if form.validate_on_submit():
        try:
            sanction = services.propose_from(current_user, form.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("oversight/sanctions/new.html", form=form, case=case), error.status
        return redirect(url_for("oversight_sanctions.sanction", sanction_id=sanction.public_id), 303)
    return render_template("oversight/sanctions/new.html", form=form, case=case), status_of(form)


def _page(sanction, status=200, refusal=None, decision_form=None, lift_form=None):
    return render_template("oversight/sanctions/sanction.html", sanction=sanction, refusal=refusal,
                           case=services.case_of(sanction),
                           decision_form=decision_form or DecisionForm(), lift_form=lift_form or LiftForm(),
                           in_force=services.is_in_force(sanction), may_lift=services.may_lift(sanction)), status


@bp.get("/oversight/sanctions/<sanction_id>")
@requires(policy.REGULATOR)
def sanction(sanction_id):
    """One sanction: measure, reason, who proposed and decided it, when it acts, its credit entry."""
    found = services.sanction_by_public_id(sanction_id)
    log_access("sanction", subject=found.enterprise.public_id, query={"sanction": sanction_id})
    return _page(found)


def _decide(sanction_id, act, done, form_class=DecisionForm, field="decision_form"):
    """Run ``act(sanction, form)``; a refusal (own proposal, decided meanwhile, no note) shows the page again."""
    found = services.sanction_by_public_id(sanction_id)
    form = form_class()
    if not form.validate_on_submit():
        return _page(found, 422, **{field: form})
    try:
        act(found, form)
    except DomainError as error:
        show_refusal(form, error)
        return _page(found, error.status, refusal=error.message, **{field: form})
    flash(done, "success")
    return redirect(url_for("oversight_sanctions.sanction", sanction_id=sanction_id), 303)


@bp.post("/oversight/sanctions/<sanction_id>/approval")
@requires(policy.REGULATOR)
def approve(sanction_id):
    """Approve another regulator's proposal: it acts at once and enters the credit file."""
    return _decide(sanction_id, lambda found, form: services.approve(current_user, found, form.note.data),
                   _("The sanction is approved and in force; the enterprise was told and its credit file shows it."))


@bp.post("/oversight/sanctions/<sanction_id>/rejection")
@requires(policy.REGULATOR)
def reject(sanction_id):
    """Reject a proposal with a note; it never acts."""
    return _decide(sanction_id, lambda found, form: services.reject(current_user, found, form.note.data),
                   _("The proposal is rejected; it will never act."))


@bp.post("/oversight/sanctions/<sanction_id>/lifting")
@requires(policy.REGULATOR)
def lift(sanction_id):
    """Lift a suspension, escrow hold or termination: trading and releases resume at once."""
    return _decide(sanction_id, lambda found, form: services.lift(current_user, found, form.reason.data),
                   _("The sanction is lifted; the enterprise was told."), LiftForm, "lift_form")
