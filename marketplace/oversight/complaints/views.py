"""Web pages of complaints and reports: the public report form, the enterprise's complaints, the regulator's desk.

Anyone reports (``/reports/new``, signed in or not); a buyer's traders complain about an order or
contract under their enterprise's id; the enterprise's members follow what it filed and what is
filed against it, never seeing who reported; regulators handle everything under
``/oversight/complaints``.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import options, show_refusal, status_of
from marketplace.accounts.labels import label
from marketplace.errors import DomainError
from marketplace.extensions import limiter
from marketplace.oversight.complaints import labels  # noqa: F401  (registers the code families the pages use)
from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.flow import Status
from marketplace.oversight.complaints.forms import AnswerForm, ComplaintForm, HandlingForm, ReportForm
from marketplace.oversight.market.forms import PeriodForm
from marketplace.permissions import requires

bp = Blueprint("oversight_complaints", __name__)
# The public form takes reports from anyone, signed in or not; a flood from one address is refused.
REPORTS_PER_ADDRESS = "20 per hour"


def _signed_in_user():
    return current_user if current_user.is_authenticated else None


@bp.route("/reports/new", methods=["GET", "POST"])
@requires(policy.PUBLIC)
@limiter.limit(REPORTS_PER_ADDRESS, methods=["POST"])
def new_report():
    """Anyone reports an enterprise, a listing or an order; anonymously if they wish."""
    form = ReportForm(subject_kind=request.args.get("subject_kind"), subject_id=request.args.get("subject_id"))
    status = status_of(form)
    if form.validate_on_submit():
        try:
            report = services.file_report(_signed_in_user(), form.subject_kind.data, form.subject_id.data,
                                          form.category.data, form.description.data, anonymous=form.anonymous.data,
                                          reporter_name=form.reporter_name.data,
                                          reporter_contact=form.reporter_contact.data)
        except DomainError as error:
            show_refusal(form, error)
            status = error.status
        else:
            return render_template("oversight/complaints/filed.html", complaint=report)
    return render_template("oversight/complaints/report_form.html", form=form), status


@bp.get("/reports")
@requires(policy.SIGNED_IN)
def my_reports():
    """The reports and complaints the signed-in person filed under their name, with their progress."""
    return render_template("oversight/complaints/my_reports.html", reports=services.reports_of(current_user))


@bp.get("/enterprises/<enterprise_id>/complaints")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_complaints(enterprise_id):
    """What the enterprise filed and what was filed against it, with status and deadlines."""
    return render_template("oversight/complaints/enterprise_list.html", enterprise=g.enterprise,
                           complaints=services.complaints_of(g.enterprise))


@bp.route("/enterprises/<enterprise_id>/complaints/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def new_complaint(enterprise_id):
    """A buyer's trader complains about one of its orders or contracts; the seller is the respondent."""
    form = ComplaintForm(subject_kind=request.args.get("subject_kind"), subject_id=request.args.get("subject_id"))
    status = status_of(form)
    if form.validate_on_submit():
        try:
            complaint = services.file_complaint(current_user, g.enterprise, form.subject_kind.data,
                                                form.subject_id.data, form.category.data, form.description.data,
                                                form.desired_outcome.data)
        except DomainError as error:
            show_refusal(form, error)
            status = error.status
        else:
            flash(_("Complaint %(number)s is filed; the regulator accepts or refuses it by %(due)s.",
                    number=complaint.number, due=complaint.accept_due_on.isoformat()), "success")
            return redirect(url_for("oversight_complaints.enterprise_complaint", enterprise_id=enterprise_id,
                                    complaint_id=complaint.public_id))
    return render_template("oversight/complaints/complaint_form.html", enterprise=g.enterprise, form=form), status


@bp.get("/enterprises/<enterprise_id>/complaints/<complaint_id>")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_complaint(enterprise_id, complaint_id):
    """One complaint as this party reads it: progress and deadlines, never the reporter. :raise 404:"""
    return _party_page(services.complaint_of(g.enterprise, complaint_id), AnswerForm(formdata=None))


def _party_page(view, form, status=200):
    may_answer = policy.ENTERPRISE_TRADER.decide(g.principal, g.enterprise.id) is policy.Decision.ALLOW
    return render_template("oversight/complaints/party_detail.html", enterprise=g.enterprise, view=view,
                           form=form, may_answer=may_answer), status


@bp.post("/enterprises/<enterprise_id>/complaints/<complaint_id>")
@requires(policy.ENTERPRISE_TRADER)
def answer(enterprise_id, complaint_id):
    """The respondent's traders state its side; a refused statement shows the page again with the reason."""
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer(current_user, g.enterprise, complaint_id, form.statement.data)
        except DomainError as error:
            show_refusal(form, error)
            return _party_page(services.complaint_of(g.enterprise, complaint_id), form, error.status)
        flash(_("Your statement is recorded; the regulator reads it."), "success")
        return redirect(url_for("oversight_complaints.enterprise_complaint", enterprise_id=enterprise_id,
                                complaint_id=complaint_id))
    return _party_page(services.complaint_of(g.enterprise, complaint_id), form, 422)


# --- the regulator's desk ------------------------------------------------------------------------

@bp.get("/oversight/complaints")
@requires(policy.REGULATOR)
def desk():
    """Every complaint and report, filtered by status, kind and overdue, the oldest deadline first."""
    status = request.args.get("status") or None
    kind = request.args.get("kind") or None
    overdue = request.args.get("overdue") == "1"
    return render_template("oversight/complaints/desk.html", status=status, kind=kind, overdue=overdue,
                           statuses=options("complaint_status", blank=_("All")),
                           complaints=services.regulator_list(status, kind, overdue),
                           overdue_count=services.overdue_count(),
                           overdue_of=services.overdue_stages)


@bp.get("/oversight/complaints/statistics")
@requires(policy.REGULATOR)
def statistics():
    """Complaints and reports filed in a period: per day as a chart with its table, by status, category, outcome."""
    form = PeriodForm(request.args)
    chosen, status = form.chosen_period()
    figures = services.regulator_statistics(chosen.start, chosen.end)
    by_day = services.counts_by_day(chosen.start, chosen.end)
    chart = {"days": [row["day"].isoformat() for row in by_day], "series": [
        {"name": label(kind, "complaint_kind"), "values": [row[kind] for row in by_day]}
        for kind in ("complaint", "report")]}
    return render_template("oversight/complaints/statistics.html", form=form, figures=figures, by_day=by_day,
                           chart=chart, span=chosen.as_query()), status


def _detail(complaint, form, status=200):
    form.action.choices = options("complaint_action", services.open_actions(complaint))
    return render_template("oversight/complaints/detail.html", complaint=complaint, form=form,
                           overdue=services.overdue_stages(complaint), clocks=services.clocks_of(complaint),
                           finished=complaint.status in (Status.REFUSED, Status.CLOSED)), status


@bp.get("/oversight/complaints/<complaint_id>")
@requires(policy.REGULATOR)
def detail(complaint_id):
    """Everything about one complaint, reporter included, with its clocks and the steps open now."""
    return _detail(services.complaint_for_regulator(complaint_id), HandlingForm(formdata=None))


@bp.post("/oversight/complaints/<complaint_id>")
@requires(policy.REGULATOR)
def handle(complaint_id):
    """Take one handling step; a refused step shows the page again with the reason."""
    form = HandlingForm()
    form.action.choices = options("complaint_action")
    if form.validate_on_submit():
        try:
            services.handle(current_user, complaint_id, form.action.data, form.note.data, form.outcome.data or None)
        except DomainError as error:
            show_refusal(form, error)
            return _detail(services.complaint_for_regulator(complaint_id), form, error.status)
        flash(_("Done: %(step)s.", step=label(form.action.data, "complaint_action")), "success")
        return redirect(url_for("oversight_complaints.detail", complaint_id=complaint_id))
    return _detail(services.complaint_for_regulator(complaint_id), form, 422)
