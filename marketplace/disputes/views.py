"""Dispute pages: the buyer opens, either side adds evidence, the seller answers, the operator decides.

Pages about one enterprise carry its id; regulators and the operator read them under a party's id.
The operator's queue and decision page stand apart, under ``/operator``.
"""
import io

from flask import Blueprint, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.accounts.labels import label
from marketplace.disputes import services
from marketplace.disputes.forms import AnswerForm, DecisionForm, EvidenceForm, OpenDisputeForm
from marketplace.disputes.rules import Decision
from marketplace.errors import DomainError, InvalidInput
from marketplace.escrow import services as escrow_services
from marketplace.escrow.views import Link, settlement_extra
from marketplace.home import may
from marketplace.money import Money, MoneyError
from marketplace.permissions import requires

bp = Blueprint("disputes", __name__)


# --- the parties' pages --------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/disputes")
@requires(policy.ENTERPRISE_MEMBER)
def disputes(enterprise_id):
    """Every dispute of the enterprise, as buyer or seller, newest first."""
    return render_template("disputes/disputes.html", enterprise=g.enterprise,
                           disputes=services.disputes_of(g.enterprise))


@bp.route("/enterprises/<enterprise_id>/disputes/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def open_dispute(enterprise_id):
    """The buyer's form, reached from a deal's settlement page (``?settlement=`` its id). :raise NotFound:"""
    escrow = escrow_services.escrow_for(g.enterprise, request.args.get("settlement", ""))
    form = OpenDisputeForm()
    if not form.validate_on_submit():
        return _new_page(escrow, form, status_of(form))
    files = [(upload.filename, upload.mimetype, upload.read()) for upload in form.evidence.data or ()
             if upload and upload.filename]
    try:
        dispute = services.open_dispute(current_user, g.enterprise, escrow.public_id, form.reason.data,
                                        form.description.data, files)
    except DomainError as error:
        show_refusal(form, error)
        return _new_page(escrow, form, error.status)
    flash(_("The dispute is open and the escrow is frozen; the seller is asked to answer."), "success")
    return redirect(url_for("disputes.dispute", enterprise_id=enterprise_id, dispute_id=dispute.public_id))


def _new_page(escrow, form, status):
    return render_template("disputes/new.html", enterprise=g.enterprise, escrow=escrow, form=form,
                           refusal=services.opening_refusal(g.enterprise, escrow)), status


@bp.get("/enterprises/<enterprise_id>/disputes/<dispute_id>")
@requires(policy.ENTERPRISE_MEMBER)
def dispute(enterprise_id, dispute_id):
    """Both sides' statements, the evidence, the money frozen and, once made, the decision."""
    return _dispute_page(services.dispute_for(g.enterprise, dispute_id))


def _dispute_page(found, status=200, answer_form=None, evidence_form=None):
    return render_template("disputes/dispute.html", enterprise=g.enterprise, dispute=found,
                           party=services.party_of(found, g.enterprise),
                           answer_form=answer_form or AnswerForm(formdata=None),
                           evidence_form=evidence_form or EvidenceForm(formdata=None)), status


@bp.post("/enterprises/<enterprise_id>/disputes/<dispute_id>/answer")
@requires(policy.ENTERPRISE_TRADER)
def answer(enterprise_id, dispute_id):
    """The seller answers once; a refusal shows the page again with the text as typed."""
    found = services.dispute_for(g.enterprise, dispute_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _dispute_page(found, 422, answer_form=form)
    try:
        services.answer(current_user, g.enterprise, dispute_id, form.text.data)
    except DomainError as error:
        show_refusal(form, error)
        return _dispute_page(found, error.status, answer_form=form)
    flash(_("Your answer is sent; the operator decides next."), "success")
    return redirect(url_for("disputes.dispute", enterprise_id=enterprise_id, dispute_id=dispute_id))


@bp.post("/enterprises/<enterprise_id>/disputes/<dispute_id>/evidence")
@requires(policy.ENTERPRISE_TRADER)
def add_evidence(enterprise_id, dispute_id):
    """One file at a time, judged by its content."""
    found = services.dispute_for(g.enterprise, dispute_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _dispute_page(found, 422, evidence_form=form)
    upload = form.file.data
    try:
        services.add_evidence(current_user, g.enterprise, dispute_id, upload.filename, upload.mimetype, upload.read())
    except DomainError as error:
        show_refusal(form, error)
        return _dispute_page(found, error.status, evidence_form=form)
    flash(_("The file is added to the dispute."), "success")
    return redirect(url_for("disputes.dispute", enterprise_id=enterprise_id, dispute_id=dispute_id))


@bp.get("/enterprises/<enterprise_id>/disputes/<dispute_id>/evidence/<evidence_id>")
@requires(policy.ENTERPRISE_MEMBER)
def evidence(enterprise_id, dispute_id, evidence_id):
    """A file, always as a download under the type its content showed. :raise NotFound: unless a party's."""
    found = services.evidence_file(g.enterprise, evidence_id, dispute_id)
    return send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename, max_age=0)


@settlement_extra
def settlement_disputes(escrow, viewer_enterprise):
    """The deal's disputes on its settlement page and, for the buyer while it may, the way to open one."""
    links = [Link(_("Dispute %(dispute)s", dispute=found.public_id),
                  url_for("disputes.dispute", enterprise_id=viewer_enterprise.public_id, dispute_id=found.public_id),
                  label(found.status, "dispute_status")) for found in services.disputes_about(escrow)]
    if may("disputes.open_dispute", viewer_enterprise) and services.opening_refusal(viewer_enterprise, escrow) is None:
        links.append(Link(_("Open a dispute about the delivery"), url_for(
            "disputes.open_dispute", enterprise_id=viewer_enterprise.public_id, settlement=escrow.public_id),
            _("the escrow freezes until the platform operator decides")))
    return {"disputes": links}


# --- the operator --------------------------------------------------------------------------------

@bp.get("/operator/disputes")
@requires(policy.OPERATOR)
def queue():
    """Undecided disputes, the longest waiting first."""
    return render_template("disputes/queue.html", disputes=services.open_disputes())


@bp.route("/operator/disputes/<dispute_id>", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def decide(dispute_id):
    """Release, refund or split, with a written reason; the amount is asked for a split only."""
    found = services.dispute_for(None, dispute_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(found, form, status_of(form))
    try:
        refund = _refund_minor(form, found.currency)
        services.decide(current_user, dispute_id, form.decision.data, form.reason.data, refund)
    except DomainError as error:
        show_refusal(form, error)
        return _decision_page(found, form, error.status)
    flash(_("The dispute is decided; both sides can read the decision."), "success")
    return redirect(url_for("disputes.decide", dispute_id=dispute_id))


def _refund_minor(form, currency):
    """The typed refund in minor units, for a split; None otherwise. :raise InvalidInput: for a non-amount."""
    if form.decision.data != Decision.SPLIT or not form.refund.data:
        return None
    try:
        return Money.of(form.refund.data.replace(",", ""), currency).minor
    except MoneyError:
        message = _("Enter an amount such as 40000.00.")
        raise InvalidInput(message, {"refund": [message]}) from None


def _decision_page(found, form, status=200):
    return render_template("disputes/decide.html", dispute=found, form=form,
                           position=services.position_of(found)), status
