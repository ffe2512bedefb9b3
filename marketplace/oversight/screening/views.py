"""Web pages: the screening review queue, term lists, a listing's oversight record with its quality inspections,
and the notice a seller reads about its own listing waiting for review."""
from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.errors import DomainError, NotFound
from marketplace.oversight.screening import hooks, labels, lists, services  # noqa: F401 (labels registers names)
from marketplace.oversight.screening.forms import InspectionForm, ReviewForm, SwitchForm, TermForm, inspection_items
from marketplace.permissions import requires

bp = Blueprint("oversight_screening", __name__)


@bp.app_template_global("listing_screening")
def listing_screening(kind, public_id):
    """The screening of a listing, for the seller's own pages (why it waits, what the reviewer said)."""
    return hooks.screening_of(kind, public_id)


@bp.get("/oversight/screening")
@requires(policy.OVERSIGHT)
def queue():
    """Listings waiting for review, oldest first; ``?status=`` shows the cleared, rejected or passed ones."""
    status = request.args.get("status", "flagged")
    status = status if status in hooks.STATUSES else "flagged"
    rows = services.review_queue(status)
    return render_template("oversight/screening/queue.html", rows=rows, status=status, statuses=hooks.STATUSES)


@bp.get("/oversight/screening/reviews/<screening_id>")
@requires(policy.OVERSIGHT)
def review(screening_id, form=None):
    """One screening: what was found where, the listing's record, and the clear / reject form."""
    row = services.screening_named(screening_id)
    listing, _screening, inspections = services.listing_record(row.listing_kind, row.listing_public_id)
    return render_template("oversight/screening/review.html", row=row, listing=listing, inspections=inspections,
                           form=form or ReviewForm())


@bp.post("/oversight/screening/reviews/<screening_id>/<decision>")
@requires(policy.OVERSIGHT)
def decide(screening_id, decision):
    """Clear or reject (with a note); the listing goes on sale or back to its seller."""
    form = ReviewForm()
    if decision not in ("clear", "reject"):
        raise NotFound(_("There is no such decision."))
    if form.validate_on_submit():
        try:
            services.review(current_user, screening_id, decision == "clear", form.note.data)
            return redirect(url_for(".queue"), 303)
        except DomainError as error:
            show_refusal(form, error)
    return review(screening_id, form=form), 422


@bp.post("/oversight/screening/reviews/<screening_id>/rescreen")
@requires(policy.OVERSIGHT)
def rescreen(screening_id):
    """Screens the listing again now (after the seller's licence was recorded, say)."""
    if not SwitchForm().validate_on_submit():
        return review(screening_id), 422
    services.rescreen_screening(screening_id)
    return redirect(url_for(".review", screening_id=screening_id), 303)


def _terms_page(form, code=200):
    return render_template("oversight/screening/terms.html", terms=lists.all_terms(), form=form,
                           progress=services.rescreen_progress()), code


@bp.get("/oversight/screening/terms")
@requires(policy.OVERSIGHT)
def terms():
    """The term lists (seeded with the defaults on first use) and the progress of re-screening."""
    return _terms_page(TermForm())


@bp.post("/oversight/screening/terms")
@requires(policy.OVERSIGHT)
def add_term():
    """Adds a term; every listing is screened again in the background."""
    form = TermForm()
    if form.validate_on_submit():
        try:
            services.change_term(current_app._get_current_object(), current_user, list_name=form.list_name.data,
                                 term=form.term.data, aliases=(form.aliases.data or "").split(","),
                                 note=form.note.data)
            return redirect(url_for(".terms"), 303)
        except DomainError as error:
            show_refusal(form, error)
    return _terms_page(form, status_of(form))


@bp.post("/oversight/screening/terms/<term_id>/<switch>")
@requires(policy.OVERSIGHT)
def switch_term(term_id, switch):
    """Switches a term on or off; every listing is screened again in the background."""
    if switch not in ("on", "off"):
        raise NotFound(_("There is no such action."))
    if not SwitchForm().validate_on_submit():
        return _terms_page(TermForm(), 422)
    services.change_term(current_app._get_current_object(), current_user, public_id=term_id, active=switch == "on")
    return redirect(url_for(".terms"), 303)


@bp.get("/oversight/screening/rescreen/progress")
@requires(policy.OVERSIGHT)
def rescreen_progress():
    """``{status, done, total}`` of re-screening against today's lists (the terms page polls it)."""
    progress = services.rescreen_progress()
    return jsonify(status="running" if progress["done"] < progress["total"] else "finished", **progress)


@bp.get("/oversight/screening/listings/<kind>/<listing_id>")
@requires(policy.OVERSIGHT)
def listing_record(kind, listing_id, form=None):
    """A listing's oversight record: its screening and quality inspections, and the form to record one."""
    listing, row, inspections = services.listing_record(kind, listing_id)
    return render_template("oversight/screening/listing.html", kind=kind, listing=listing, row=row,
                           inspections=inspections, form=form or InspectionForm())


@bp.post("/oversight/screening/listings/<kind>/<listing_id>/inspections")
@requires(policy.OVERSIGHT)
def record_inspection(kind, listing_id):
    """Records a sampling inspection's result against the listing and its enterprise."""
    form = InspectionForm()
    if form.validate_on_submit():
        try:
            services.record_inspection(current_user, kind, listing_id, form.sampled_on.data, form.authority.data,
                                       form.report_number.data, form.result.data, inspection_items(form.items.data),
                                       form.note.data)
            return redirect(url_for(".listing_record", kind=kind, listing_id=listing_id), 303)
        except DomainError as error:
            show_refusal(form, error)
    return listing_record(kind, listing_id, form=form), 422


@bp.get("/oversight/screening/notices/<screening_id>")
@requires(policy.SIGNED_IN)
def notice(screening_id):
    """Why the seller's listing waits for review (or what the reviewer decided); only its own members see it.

    :raise 404: for anyone not a member of the seller (nor staff).
    """
    row = services.screening_named(screening_id)
    if not (g.principal.platform_role or row.enterprise_id in g.principal.memberships):
        raise NotFound(_("There is no such screening."))
    return render_template("oversight/screening/notice.html", row=row)
