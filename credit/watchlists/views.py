"""An enterprise's watchlist (the counterparties whose credit it follows, with their grade now) and its
webhook endpoints (where its systems are told of credit news, signed).

Members read the watchlist; owners and traders follow and unfollow; owners manage endpoints. A new
endpoint's secret is shown once, in the answer to registering it.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from credit.watchlists import services, signing
from credit.watchlists.forms import FollowForm, WebhookForm
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.accounts.labels import enterprise_name
from marketplace.accounts.lifecycle import EnterpriseStatus
from marketplace.accounts.services import memberships_of
from marketplace.errors import DomainError
from marketplace.home import local_path
from marketplace.permissions import requires

bp = Blueprint("credit_watchlists", __name__)

FOLLOWING_ROLES = {policy.CompanyRole.OWNER, policy.CompanyRole.TRADER}


@bp.app_template_global()
def may_follow(enterprise):
    """The signed-in person's enterprises (as owner or trader) that could follow ``enterprise`` from its profile,
    each with whether it already does."""
    if not current_user.is_authenticated or enterprise.status != EnterpriseStatus.VERIFIED:
        return []
    return [(membership.enterprise, services.is_following(membership.enterprise, enterprise))
            for membership in memberships_of(current_user)
            if membership.role in FOLLOWING_ROLES and membership.enterprise_id != enterprise.id]


def _watchlist_page(form=None, status=200):
    return render_template("credit/watchlists/watchlist.html", enterprise=g.enterprise,
                           lines=services.watchlist_of(g.enterprise),
                           form=form or FollowForm(formdata=None)), status


@bp.get("/enterprises/<enterprise_id>/credit/watchlist")
@requires(policy.ENTERPRISE_MEMBER)
def watchlist(enterprise_id):
    """The counterparties followed, each with its grade now and since when it has held it."""
    return _watchlist_page()


@bp.post("/enterprises/<enterprise_id>/credit/watchlist")
@requires(policy.ENTERPRISE_TRADER)
def follow(enterprise_id):
    """Follow a counterparty by its credit code (the form here, or the button on its profile, which comes back)."""
    form = FollowForm()
    if not form.validate_on_submit():
        return _watchlist_page(form, status=422)
    try:
        watch = services.follow(current_user, g.enterprise, form.credit_code.data)
    except DomainError as error:
        show_refusal(form, error)
        return _watchlist_page(form, status=error.status)
    flash(_("You now follow the credit of %(name)s: its grade changes and new official entries will be told to "
            "you.", name=enterprise_name(watch.watched)), "success")
    return redirect(local_path(request.form.get("next"), url_for("credit_watchlists.watchlist",
                                                                 enterprise_id=enterprise_id)))


@bp.post("/enterprises/<enterprise_id>/credit/watchlist/<credit_code>/remove")
@requires(policy.ENTERPRISE_TRADER)
def unfollow(enterprise_id, credit_code):
    """Stop following a counterparty; what was told before stays in the notifications."""
    watched = services.unfollow(current_user, g.enterprise, credit_code)
    flash(_("You no longer follow the credit of %(name)s.", name=enterprise_name(watched)), "success")
    return redirect(url_for("credit_watchlists.watchlist", enterprise_id=enterprise_id))


def _webhooks_page(form=None, secret=None, new_endpoint=None, status=200):
    """The endpoints page; one that shows a secret is marked ``no-store`` so no cache keeps it."""
    return render_template(
        "credit/watchlists/webhooks.html", enterprise=g.enterprise, endpoints=services.endpoints_of(g.enterprise),
        deliveries=services.recent_deliveries_of(g.enterprise), form=form or WebhookForm(formdata=None),
        secret=secret, new_endpoint=new_endpoint, header=signing.SIGNATURE_HEADER,
        tolerance=signing.TOLERANCE_SECONDS,
    ), status, {"Cache-Control": "no-store"} if secret else {}


@bp.get("/enterprises/<enterprise_id>/credit/webhooks")
@requires(policy.ENTERPRISE_OWNER)
def webhooks(enterprise_id):
    """Endpoints, how to check their signatures, and the latest deliveries with their attempts and errors."""
    return _webhooks_page()


@bp.post("/enterprises/<enterprise_id>/credit/webhooks")
@requires(policy.ENTERPRISE_OWNER)
def register_webhook(enterprise_id):
    """Shows the signing secret in this answer only."""
    form = WebhookForm()
    if not form.validate_on_submit():
        return _webhooks_page(form, status=422)
    try:
        endpoint, secret = services.register_endpoint(current_user, g.enterprise, form.url.data)
    except DomainError as error:
        show_refusal(form, error)
        return _webhooks_page(form, status=error.status)
    return _webhooks_page(secret=secret, new_endpoint=endpoint, status=201)


@bp.post("/enterprises/<enterprise_id>/credit/webhooks/<endpoint_id>/retire")
@requires(policy.ENTERPRISE_OWNER)
def retire_webhook(enterprise_id, endpoint_id):
    """Nothing more is posted there; deliveries still waiting for it are given up."""
    services.retire_endpoint(current_user, g.enterprise, endpoint_id)
    flash(_("The webhook endpoint is retired: nothing more is posted to it."), "success")
    return redirect(url_for("credit_watchlists.webhooks", enterprise_id=enterprise_id))
