"""Web pages: registered parties behind enterprises, and the control groups they make."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.errors import DomainError
from marketplace.oversight.groups import labels as _labels  # noqa: F401  (registers the code families)
from marketplace.oversight.groups import services
from marketplace.oversight.groups.forms import PartyForm
from marketplace.permissions import requires

bp = Blueprint("oversight_groups", __name__)


def _parties_page(form=None, status=200):
    return render_template("oversight/groups/parties.html", enterprise=g.enterprise,
                           parties=services.read_parties(g.enterprise, include_ended=True),
                           form=form or PartyForm(formdata=None)), status


@bp.get("/enterprises/<enterprise_id>/parties")
@requires(policy.ENTERPRISE_MEMBER)
def parties(enterprise_id):
    """Members read who stands behind their enterprise; owners also get the form."""
    return _parties_page()


@bp.post("/enterprises/<enterprise_id>/parties")
@requires(policy.ENTERPRISE_OWNER)
def register_party(enterprise_id):
    """A refused party is shown on the form again with the reasons; nothing is recorded then."""
    form = PartyForm()
    if not form.validate_on_submit():
        return _parties_page(form, status_of(form))
    try:
        services.register_party(current_user, g.enterprise, role=form.role.data, party_kind=form.party_kind.data,
                                name=form.name.data, identifier=form.identifier.data,
                                share_percent=form.share_percent.data)
    except DomainError as error:
        show_refusal(form, error)
        return _parties_page(form, error.status)
    flash(_("The party is recorded."), "success")
    return redirect(url_for("oversight_groups.parties", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/parties/<party_id>/end")
@requires(policy.ENTERPRISE_OWNER)
def end_party(enterprise_id, party_id):
    """The party stays in the history, marked as ended, and no longer links the enterprise to others."""
    services.end_party(current_user, g.enterprise, party_id)
    flash(_("The party is marked as ended."), "success")
    return redirect(url_for("oversight_groups.parties", enterprise_id=enterprise_id))
