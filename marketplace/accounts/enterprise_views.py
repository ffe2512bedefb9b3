"""Enterprise pages: the directory, registration, profiles, members and invitations, API tokens.

The gate resolves ``enterprise_id`` into ``g.enterprise`` (404 when unknown) and checks the rule,
so these views only parse, call one service and show the result.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels, lifecycle, services
from marketplace.accounts.forms import (
    DirectoryFilterForm, EnterpriseProfileForm, InviteForm, RegisterEnterpriseForm, RoleForm, TokenForm,
    options, show_refusal, status_of,
)
from marketplace.errors import DomainError
from marketplace.permissions import requires

bp = Blueprint("enterprises", __name__)


@bp.get("/enterprises")
@requires(policy.SIGNED_IN)
def directory():
    """Verified enterprises; a filter that does not validate is ignored rather than refused."""
    form = DirectoryFilterForm(formdata=request.args)
    if not form.validate():
        form = DirectoryFilterForm(formdata=None)
    enterprises = services.directory(region=form.region.data or None, kind=form.kind.data or None)
    return render_template("enterprises/directory.html", form=form, enterprises=enterprises)


@bp.route("/enterprises/new", methods=["GET", "POST"])
@requires(policy.SIGNED_IN)
def register():
    """The person registering becomes the owner; the enterprise waits for an operator as pending."""
    form = RegisterEnterpriseForm()
    if form.validate_on_submit():
        try:
            enterprise = services.register_enterprise(current_user, form.credit_code.data, form.kinds.data,
                                                      **form.profile())
        except DomainError as error:
            show_refusal(form, error)
            return render_template("enterprises/register.html", form=form), error.status
        flash(_("%(name)s is registered. A platform operator will verify it soon.",
                name=labels.enterprise_name(enterprise)), "success")
        return redirect(url_for("enterprises.profile", enterprise_id=enterprise.public_id))
    return render_template("enterprises/register.html", form=form), status_of(form)


@bp.get("/enterprises/<enterprise_id>")
@requires(policy.SIGNED_IN)
def profile(enterprise_id):
    """:raise NotFound: for an enterprise the person may not see (a pending one of someone else)."""
    enterprise = services.visible_enterprise(g.principal, g.enterprise)
    return render_template("enterprises/profile.html", enterprise=enterprise)


@bp.route("/enterprises/<enterprise_id>/edit", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_OWNER)
def edit(enterprise_id):
    """Owners keep the profile current; the credit code is fixed at registration."""
    enterprise = g.enterprise
    current = {name: getattr(enterprise, name) for name in services.PROFILE_FIELDS}
    form = EnterpriseProfileForm(data=current | {"kinds": enterprise.kind_names})
    if form.validate_on_submit():
        try:
            services.update_enterprise_profile(current_user, enterprise, form.kinds.data, **form.profile())
        except DomainError as error:
            show_refusal(form, error)
            return render_template("enterprises/edit.html", form=form, enterprise=enterprise), error.status
        flash(_("The profile is saved."), "success")
        return redirect(url_for("enterprises.profile", enterprise_id=enterprise_id))
    return render_template("enterprises/edit.html", form=form, enterprise=enterprise), status_of(form)


# --- members and invitations ----------------------------------------------------------------------

def _members_page(status=200, invite_form=None, problem=None):
    """The members page, also after a refused action, showing ``problem`` above the lists."""
    enterprise = g.enterprise
    return render_template(
        "enterprises/members.html", enterprise=enterprise, members=services.members_of(enterprise),
        invitations=services.open_invitations(enterprise), invite_form=invite_form or InviteForm(formdata=None),
        role_choices=labels.choices("role"), problem=problem,
    ), status


@bp.get("/enterprises/<enterprise_id>/members")
@requires(policy.ENTERPRISE_MEMBER)
def members(enterprise_id):
    """Everyone in the enterprise reads who else is in it; only owners get the forms."""
    return _members_page()


@bp.post("/enterprises/<enterprise_id>/members/invite")
@requires(policy.ENTERPRISE_OWNER)
def invite(enterprise_id):
    """Mails a link; the person joins only by accepting it with that address."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(422, invite_form=form)
    try:
        services.invite_member(current_user, g.enterprise, form.email.data, form.role.data)
    except DomainError as error:
        show_refusal(form, error)
        return _members_page(error.status, invite_form=form)
    flash(_("An invitation was mailed to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("enterprises.members", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/members/<user_id>/role")
@requires(policy.ENTERPRISE_OWNER)
def change_role(enterprise_id, user_id):
    """A lower role also revokes the member's tokens that carry more than it allows."""
    form = RoleForm()
    if not form.validate_on_submit():
        return _members_page(422, problem=_("Choose one of the roles."))
    try:
        membership = services.change_member_role(current_user, g.enterprise, user_id, form.role.data)
    except DomainError as error:
        return _members_page(error.status, problem=error.message)
    flash(_("%(name)s is now %(role)s.", name=membership.user.display_name,
            role=labels.label(membership.role, "role")), "success")
    return redirect(url_for("enterprises.members", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/members/<user_id>/remove")
@requires(policy.ENTERPRISE_OWNER)
def remove_member(enterprise_id, user_id):
    """Removing a person also revokes their API tokens for this enterprise."""
    try:
        services.remove_member(current_user, g.enterprise, user_id)
    except DomainError as error:
        return _members_page(error.status, problem=error.message)
    flash(_("The member is removed and their API tokens are revoked."), "success")
    return redirect(url_for("enterprises.members", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/invitations/<invitation_id>/revoke")
@requires(policy.ENTERPRISE_OWNER)
def revoke_invitation(enterprise_id, invitation_id):
    """Safe to repeat: an invitation already answered or revoked stays as it is."""
    services.revoke_invitation(current_user, g.enterprise, invitation_id)
    flash(_("The invitation is revoked; its link no longer works."), "success")
    return redirect(url_for("enterprises.members", enterprise_id=enterprise_id))


# --- API tokens -----------------------------------------------------------------------------------

def _token_form(role, **kwargs):
    """Offer only the scopes the person's company role may grant."""
    form = TokenForm(**kwargs)
    form.scopes.choices = options("scope", policy.SCOPES_BY_ROLE[policy.CompanyRole(role)])
    return form


def _tokens_page(form=None, plain=None, status=200):
    """The token list; the creation form for members of a verified enterprise, who alone may use it."""
    enterprise = g.enterprise
    role = g.principal.role_in(enterprise.id)
    if role is not None and form is None:
        form = _token_form(role, formdata=None)
    return render_template(
        "enterprises/tokens.html", enterprise=enterprise, tokens=services.tokens_of(enterprise), form=form,
        plain=plain, may_create=role is not None and lifecycle.may_trade(enterprise.status),
    ), status


@bp.get("/enterprises/<enterprise_id>/tokens")
@requires(policy.ENTERPRISE_MEMBER)
def tokens(enterprise_id):
    """Oversight roles read the list too, but only members may create tokens."""
    return _tokens_page()


@bp.post("/enterprises/<enterprise_id>/tokens")
@requires(policy.ENTERPRISE_ANY_ROLE)
def create_token(enterprise_id):
    """Shows the plain token in the response itself: it is never stored, so it cannot be shown again."""
    form = _token_form(g.principal.role_in(g.enterprise.id))
    if not form.validate_on_submit():
        return _tokens_page(form, status=422)
    try:
        _token, plain = services.create_api_token(current_user, g.enterprise, form.name.data, form.scopes.data)
    except DomainError as error:
        show_refusal(form, error)
        return _tokens_page(form, status=error.status)
    return _tokens_page(plain=plain, status=201)


@bp.post("/enterprises/<enterprise_id>/tokens/<token_id>/revoke")
@requires(policy.ENTERPRISE_ANY_ROLE)
def revoke_token(enterprise_id, token_id):
    """Anyone revokes their own token, an owner any token; the service decides which."""
    services.revoke_api_token(current_user, g.enterprise, token_id)
    flash(_("The token is revoked; programs using it are refused from now on."), "success")
    return redirect(url_for("enterprises.tokens", enterprise_id=enterprise_id))
