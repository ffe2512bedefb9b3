"""The platform operator's verification queue: check a registration, then verify, suspend or reinstate."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels, services
from marketplace.accounts.forms import StatusChangeForm, StatusFilterForm, show_refusal, status_of
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("operator", __name__, url_prefix="/operator")


@bp.get("/enterprises")
@requires(policy.OPERATOR)
def enterprises():
    """Pending registrations first: they wait for the operator before they can trade."""
    form = StatusFilterForm(formdata=request.args)
    if not form.validate():
        form = StatusFilterForm(formdata=None)
    queue = services.enterprises_by_status(form.status.data)
    return render_template("operator/queue.html", form=form, enterprises=queue,
                           counts=services.count_enterprises_by_status())


def _review_page(form, status=200):
    """One button per move the lifecycle allows from the current status."""
    enterprise = g.enterprise
    return render_template("operator/review.html", enterprise=enterprise, form=form,
                           decisions=labels.decisions(enterprise.status)), status


@bp.route("/enterprises/<enterprise_id>", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def review(enterprise_id):
    """The enterprise sees the reason of a suspension, so it is required for one."""
    form = StatusChangeForm()
    if not form.validate_on_submit():
        return _review_page(form, status_of(form))
    try:
        enterprise = services.change_enterprise_status(current_user, enterprise_id, form.target.data,
                                                       form.reason.data)
    except DomainError as error:
        show_refusal(form, error)
        return _review_page(form, error.status)
    flash(_("%(name)s is now %(status)s.", name=labels.enterprise_name(enterprise),
            status=labels.label(enterprise.status, "status")), "success")
    return redirect(url_for("operator.review", enterprise_id=enterprise_id))
