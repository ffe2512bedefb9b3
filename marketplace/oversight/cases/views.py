"""Web pages: cases gathered from alerts, their work and evidence packages (regulators only).

Every page showing a case's non-public data is written to the regulators' access log.
"""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms import SelectChoice

from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.oversight.cases import forms, labels, packages, services, sources  # noqa: F401 - labels registers
from marketplace.oversight.exports.services import log_access
from marketplace.permissions import requires

bp = Blueprint("oversight_cases", __name__)

WORK_FORMS = {"assign": forms.AssignForm, "note": forms.NoteForm, "deadline": forms.DeadlineForm,
              "escalate": forms.EscalateForm, "dismiss": forms.DismissForm, "close": forms.CloseForm}


def _regulator_choices():
    """Every regulator as a choice of the assignee fields."""
    return [SelectChoice(user.public_id, user.display_name) for user in sources.regulators()]


@bp.get("/oversight/cases")
@requires(policy.REGULATOR)
def cases():
    """Cases, newest day first, filtered by status, assignee and overdue."""
    filters = forms.CaseFilterForm(request.args)
    filters.assignee.choices = [SelectChoice("", "—"), *_regulator_choices()]
    assignee = sources.regulator_named(filters.assignee.data) if filters.assignee.data else None
    found = services.list_cases(filters.status.data or None, assignee, bool(filters.overdue.data))
    log_access("cases")
    return render_template("oversight/cases/list.html", cases=found, filters=filters,
                           is_overdue=services.is_overdue)


@bp.route("/oversight/cases/new", methods=["GET", "POST"])
@requires(policy.REGULATOR)
def new_case():
    """Open a case by hand about one enterprise (it joins that group's case of today if there is one)."""
    form = forms.NewCaseForm()
    if request.method == "POST":
        try:
            case = services.open_case_for(current_user, form.enterprise.data, form.title.data, form.note.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("oversight/cases/new.html", form=form), error.status
        return redirect(url_for(".case", case_id=case.public_id), 303)
    return render_template("oversight/cases/new.html", form=form)


def _render_case(case_id, status=200, **bound):
    """The case page with a blank form for each piece of work, or the bound one that was refused."""
    found = services.case_file(case_id)
    work = {name: bound.get(name) or form_class(formdata=None) for name, form_class in WORK_FORMS.items()}
    work["assign"].assignee.choices = _regulator_choices()
    if found.case.assignee is not None and "assign" not in bound:
        work["assign"].assignee.data = found.case.assignee.public_id
    log_access("case", subject=found.case.public_id)
    return render_template("oversight/cases/case.html", file=found, case=found.case, work=work,
                           packages=packages.packages_of(found.case),
                           may_propose_sanction="oversight_sanctions.new" in current_app.view_functions), status


@bp.get("/oversight/cases/<case_id>")
@requires(policy.REGULATOR)
def case(case_id):
    """The case file: its alerts with their frozen evidence, the timeline, sanctions, the work forms."""
    return _render_case(case_id)


def _work(case_id, name, call):
    """Run one piece of work from its form; on refusal the case page again with the form's messages."""
    form = WORK_FORMS[name]()
    if name == "assign":
        form.assignee.choices = _regulator_choices()
    try:
        call(form)
    except DomainError as error:
        show_refusal(form, error)
        return _render_case(case_id, error.status, **{name: form})
    return redirect(url_for(".case", case_id=case_id), 303)


@bp.post("/oversight/cases/<case_id>/assign")
@requires(policy.REGULATOR)
def assign(case_id):
    """Give the case to a regulator."""
    return _work(case_id, "assign", lambda form: services.assign(current_user, case_id, form.assignee.data))


@bp.post("/oversight/cases/<case_id>/notes")
@requires(policy.REGULATOR)
def note(case_id):
    """Add a note to the case's timeline."""
    return _work(case_id, "note", lambda form: services.add_note(current_user, case_id, form.note.data))


@bp.post("/oversight/cases/<case_id>/deadline")
@requires(policy.REGULATOR)
def deadline(case_id):
    """Move the case's deadline."""
    return _work(case_id, "deadline", lambda form: services.set_deadline(current_user, case_id, form.chosen_day()))


@bp.post("/oversight/cases/<case_id>/escalate")
@requires(policy.REGULATOR)
def escalate(case_id):
    """Escalate the case one level."""
    return _work(case_id, "escalate", lambda form: services.escalate(current_user, case_id, form.note.data))


@bp.post("/oversight/cases/<case_id>/dismiss")
@requires(policy.REGULATOR)
def dismiss(case_id):
    """Dismiss the case with its reason (required)."""
    return _work(case_id, "dismiss", lambda form: services.dismiss(current_user, case_id, form.reason.data))


@bp.post("/oversight/cases/<case_id>/close")
@requires(policy.REGULATOR)
def close(case_id):
    """Close the case with its conclusion."""
    return _work(case_id, "close", lambda form: services.close(current_user, case_id, form.conclusion.data))


@bp.post("/oversight/cases/<case_id>/evidence")
@requires(policy.REGULATOR)
def export_evidence(case_id):
    """Start the evidence package; it is rendered in the background and its page follows the progress."""
    package = packages.request_package(current_user, case_id)
    packages.start_in_background(current_app._get_current_object(), package.id)
    return redirect(url_for(".package", case_id=case_id, package_id=package.public_id), 303)


@bp.get("/oversight/cases/<case_id>/evidence/<package_id>")
@requires(policy.REGULATOR)
def package(case_id, package_id):
    """The package's progress, then its files with their SHA-256 and the manifest's own SHA-256."""
    found = packages.package_named(case_id, package_id)
    log_access("evidence_package", subject=found.case.public_id)
    return render_template("oversight/cases/package.html", package=found, case=found.case,
                           progress_url=url_for(".package_progress", case_id=case_id, package_id=package_id))


@bp.get("/oversight/cases/<case_id>/evidence/<package_id>/progress")
@requires(policy.REGULATOR)
def package_progress(case_id, package_id):
    """The package's state as JSON, for its page to poll."""
    found = packages.package_named(case_id, package_id)
    return jsonify(status=found.status, done=int(found.status != "pending"), total=1)


@bp.get("/oversight/cases/<case_id>/evidence/<package_id>/files/<name>")
@requires(policy.REGULATOR)
def package_file(case_id, package_id, name):
    """One file of a ready package, exactly as its manifest hashes it."""
    found, path = packages.file_of(case_id, package_id, name)
    log_access("evidence_file", subject=found.case.public_id, query={"package": package_id, "file": name},
               channel="export")
    return send_file(path, as_attachment=True, download_name=name, mimetype=packages.media_type(name))
