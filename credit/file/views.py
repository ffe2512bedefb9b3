"""Credit file pages: oversight enters, imports, lists and corrects official entries; an enterprise reads
its own file (the timeline of its platform facts and the entries about it, with their history).
"""
from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from credit.file import services
from credit.file.forms import CorrectionForm, EntryFilterForm, EntryForm, ImportForm
from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.errors import DomainError, NotFound
from marketplace.permissions import requires

bp = Blueprint("credit_file", __name__)

PAGE_SIZE = 50


def _oversees():
    """Whether the caller is an operator or regulator (who see every entry and its whole history)."""
    return g.principal is not None and g.principal.platform_role in policy.OVERSIGHT.platform_roles


@bp.app_template_global("credit_entry_state")
def credit_entry_state(entry):
    """What ``entry`` is today (public, expired, ended, repaired, removed), for any page listing entries."""
    return services.state_of(entry)


@bp.get("/credit/entries")
@requires(policy.OVERSIGHT)
def entries():
    """Every official entry, newest recorded first, filtered by credit code and kind."""
    form = EntryFilterForm(request.args)
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.entries_page(page, PAGE_SIZE, form.credit_code.data, form.kind.data)
    return render_template("credit/file/entries.html", entries=rows, form=form, page=page, total=total,
                           pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
                           filters={"credit_code": form.credit_code.data or "", "kind": form.kind.data or ""})


@bp.route("/credit/entries/new", methods=["GET", "POST"])
@requires(policy.OVERSIGHT)
def new_entry():
    """Enter one official entry as the publicity system published it; a refusal shows the form again."""
    form = EntryForm()
    if form.validate_on_submit():
        try:
            entry = services.record_entry(current_user, _fields(form), source="web")
        except DomainError as error:
            show_refusal(form, error)
            return render_template("credit/file/new.html", form=form), error.status
        return redirect(url_for("credit_file.entry", entry_id=entry.public_id), 303)
    return render_template("credit/file/new.html", form=form), status_of(form)


@bp.route("/credit/entries/import", methods=["GET", "POST"])
@requires(policy.OVERSIGHT)
def import_entries():
    """Import a CSV or JSON file of entries and show, row by row, what was refused and why."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("credit/file/import.html", form=form, report=None), status_of(form)
    upload = form.file.data
    try:
        rows = services.rows_from_file(upload.filename, upload.read())
        report = services.import_entries(current_user, rows, store_valid_rows=form.store_valid_rows.data)
    except DomainError as error:
        show_refusal(form, error)
        return render_template("credit/file/import.html", form=form, report=None), error.status
    status = 422 if report.refused and not report.stored else 200
    return render_template("credit/file/import.html", form=ImportForm(formdata=None), report=report), status


@bp.get("/credit/entries/<entry_id>")
@requires(policy.SIGNED_IN)
def entry(entry_id):
    """One entry: its content, publicity window and steps, for oversight and the enterprise's own members.

    :raise NotFound: for anyone else, so an entry's existence is not given away.
    """
    found = services.entry_for(entry_id)
    if not _oversees() and g.principal.role_in(found.enterprise_id) is None:
        raise NotFound(_("There is no such official entry."))
    return render_template("credit/file/entry.html", entry=found, oversees=_oversees(),
                           replaced_by=services.replacement_of(found))


@bp.route("/credit/entries/<entry_id>/correct", methods=["GET", "POST"])
@requires(policy.OVERSIGHT)
def correct_entry(entry_id):
    """Correct an entry: a new entry replaces it and it ends; both stay in the history."""
    found = services.entry_for(entry_id)
    form = CorrectionForm(data={name: _as_text(getattr(found, name)) for name in services.ENTRY_FIELDS})
    if form.validate_on_submit():
        try:
            replacement = services.correct_entry(current_user, found, _fields(form), form.reason.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("credit/file/correct.html", form=form, entry=found), error.status
        return redirect(url_for("credit_file.entry", entry_id=replacement.public_id), 303)
    return render_template("credit/file/correct.html", form=form, entry=found), status_of(form)


@bp.get("/enterprises/<enterprise_id>/credit/file")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_file(enterprise_id):
    """The enterprise's own credit file: the official entries about it and the timeline of what it did."""
    audience = "oversight" if _oversees() else "subject"
    return render_template("credit/file/file.html", enterprise=g.enterprise,
                           entries=services.entries_of(g.enterprise, audience),
                           timeline=services.timeline_of(g.enterprise, audience), audience=audience)


def _fields(form):
    return {name: getattr(form, name).data for name in services.ENTRY_FIELDS}


def _as_text(value):
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
