"""Signing up, logging in and out, password resets, invitations, and a person's own account page."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from marketplace.accounts import labels, services
from marketplace.accounts.forms import (
    ConfirmForm, ForgotPasswordForm, LocaleForm, LoginForm, ResetPasswordForm, SignUpForm, show_refusal, status_of,
)
from marketplace.errors import DomainError
from marketplace.extensions import limiter
from marketplace.home import current_language, local_path
from marketplace.permissions import requires
from marketplace.policy import PUBLIC, SIGNED_IN

bp = Blueprint("auth", __name__)


def _next_page():
    """Where the gate was sending the person before it asked them to log in."""
    return local_path(request.args.get("next"), url_for("main.index"))


def _login_limit():
    """Read at request time, so a deployment can change the limit in its configuration."""
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/auth/signup", methods=["GET", "POST"])
@requires(PUBLIC)
def signup():
    """A new person is logged in at once and taken where they were going (an invitation, say)."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.sign_up(form.email.data, form.display_name.data, form.password.data,
                                    locale=current_language())
        except DomainError as error:
            show_refusal(form, error)
            return render_template("auth/signup.html", form=form), error.status
        login_user(user)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
        return redirect(_next_page())
    return render_template("auth/signup.html", form=form), status_of(form)


@bp.route("/auth/login", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """One message for an unknown email and a wrong password, so accounts cannot be probed."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_next_page())
        form.form_errors.append(_("The email or the password is not right."))
    return render_template("auth/login.html", form=form)


@bp.post("/auth/logout")
@requires(SIGNED_IN)
def logout():
    """A POST with a CSRF token, so no other site can log a person out with a link."""
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/auth/reset", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Always the same answer, whether or not the address belongs to an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account uses this address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), status_of(form)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def reset_password(token):
    """A new password ends every session of the person, this browser's included."""
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("auth/reset_password.html", form=form), error.status
        logout_user()
        flash(_("Your password is changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), status_of(form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(SIGNED_IN)
def accept_invitation(token):
    """:raise InvalidInput: (shown as a page) for a used, revoked or expired invitation."""
    invitation = services.find_open_invitation(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            enterprise = services.accept_invitation(current_user, token)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("auth/invitation.html", form=form, invitation=invitation), error.status
        flash(_("You joined %(name)s as %(role)s.", name=labels.enterprise_name(enterprise),
                role=labels.label(invitation.role, "role")), "success")
        return redirect(url_for("enterprises.profile", enterprise_id=enterprise.public_id))
    return render_template("auth/invitation.html", form=form, invitation=invitation)


@bp.route("/account", methods=["GET", "POST"])
@requires(SIGNED_IN)
def account():
    """The person's memberships and preferred language (used on every device they log in from)."""
    form = LocaleForm(locale=current_user.preferred_locale or current_language())
    if form.validate_on_submit():
        services.set_locale(current_user, form.locale.data)
        session["locale"] = form.locale.data
        flash(_("Your preferred language is saved."), "success")
        return redirect(url_for("auth.account"))
    memberships = services.memberships_of(current_user)
    return render_template("auth/account.html", form=form, memberships=memberships), status_of(form)
