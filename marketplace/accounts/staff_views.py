"""Staff API tokens: operators and regulators make tokens that act in their platform role, for no enterprise.

They let oversight's programs use the credit API (imports of official entries, answers to objections).
"""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import services
from marketplace.accounts.forms import TokenForm, options, show_refusal, status_of
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _token_form(**kwargs):
    """Offer only the scopes the person's platform role may grant."""
    form = TokenForm(**kwargs)
    role = policy.PlatformRole(current_user.platform_role)
    form.scopes.choices = options("scope", policy.SCOPES_BY_PLATFORM_ROLE[role])
    return form


def _tokens_page(form=None, plain=None, status=200):
    return render_template("staff/tokens.html", tokens=services.staff_tokens_of(current_user),
                           form=form or _token_form(formdata=None), plain=plain), status


@bp.get("/tokens")
@requires(policy.OVERSIGHT)
def tokens():
    """The person's own staff tokens and the form to make one."""
    return _tokens_page()


@bp.post("/tokens")
@requires(policy.OVERSIGHT)
def create_token():
    """Shows the plain token in the response itself: it is never stored, so it cannot be shown again."""
    form = _token_form()
    if not form.validate_on_submit():
        return _tokens_page(form, status=status_of(form))
    try:
        _token, plain = services.create_staff_token(current_user, form.name.data, form.scopes.data)
    except DomainError as error:
        show_refusal(form, error)
        return _tokens_page(form, status=error.status)
    return _tokens_page(plain=plain, status=201)


@bp.post("/tokens/<token_id>/revoke")
@requires(policy.OVERSIGHT)
def revoke_token(token_id):
    """Each person revokes their own staff tokens."""
    services.revoke_staff_token(current_user, token_id)
    flash(_("The token is revoked; programs using it are refused from now on."), "success")
    return redirect(url_for("staff.tokens"))
