"""Web pages: transaction search, finding an enterprise, and the enterprise 360 view (regulators only)."""
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import get_locale

from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import InvalidInput
from marketplace.i18n import in_reader_language
from marketplace.oversight.groups import labels as _group_labels  # noqa: F401  (registers the code families)
from marketplace.oversight.transactions import labels as _labels  # noqa: F401  (registers the code families)
from marketplace.oversight.transactions import services, sources
from marketplace.oversight.surveillance import sources as surveillance_sources
from marketplace.oversight.transactions.forms import EnterpriseFinderForm, TransactionSearchForm
from marketplace.permissions import requires

bp = Blueprint("oversight_transactions", __name__)


@bp.app_template_global("party_names")
def party_names(rows):
    """Public id → name in the reader's language of every buyer and seller in ``rows``, for tables of them."""
    ids = {party for row in rows for party in (row.buyer, row.seller) if party}
    return {public_id: in_reader_language(*names) for public_id, names in surveillance_sources.enterprise_names(ids).items()}


def _search_form():
    return TransactionSearchForm(sources.floor_codes(), formdata=request.args)


def _filters_refused(form):
    """The search page again with the form's messages and no results: bad filters search nothing."""
    return render_template("oversight/transactions/search.html", form=form, page=None), 422


@bp.get("/oversight/transactions")
@requires(policy.REGULATOR)
def search():
    """Filters that do not validate are shown on the form again with the reasons, and nothing is searched."""
    form = _search_form()
    if not form.validate():
        return _filters_refused(form)
    try:
        page = services.search_transactions(form.search(), cursor=request.args.get("cursor"))
    except InvalidInput as error:
        show_refusal(form, error)
        return _filters_refused(form)
    query = form.search().as_query()
    next_url = url_for(".search", **query, cursor=page["next_cursor"]) if page["next_cursor"] else None
    return render_template("oversight/transactions/search.html", form=form, page=page, query=query, next_url=next_url)


@bp.get("/oversight/transactions.csv")
@requires(policy.REGULATOR)
def export():
    """Every transaction the filters find, as CSV; the export is logged."""
    form = _search_form()
    if not form.validate():
        return _filters_refused(form)
    try:
        text = services.export_csv(form.search())
    except InvalidInput as error:
        show_refusal(form, error)
        return _filters_refused(form)
    filename = f"transactions-{form.search().kind}.csv"
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/oversight/enterprises")
@requires(policy.REGULATOR)
def finder():
    """Find an enterprise by (part of) its name or its unified social credit code."""
    form = EnterpriseFinderForm(formdata=request.args)
    found = services.find_enterprises(form.q.data) if form.validate() else []
    return render_template("oversight/transactions/finder.html", form=form, enterprises=found)


@bp.get("/oversight/enterprises/<subject_id>")
@requires(policy.REGULATOR)
def enterprise(subject_id):
    """The enterprise's whole footprint and its control group; the read is logged."""
    view = services.enterprise_360(subject_id, str(get_locale()))
    return render_template("oversight/transactions/enterprise.html", view=view, enterprise=view.enterprise)
