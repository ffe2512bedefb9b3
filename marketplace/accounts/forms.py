"""Web forms for accounts and enterprises.

Forms check shape only (present, an email, not too long); the services decide the rules (a valid
credit code, a strong password, an allowed scope) and their refusals are shown on the same form.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField, HiddenField, IntegerField, PasswordField, SelectChoice, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.accounts import labels, lifecycle, services
from marketplace.accounts.passwords import MIN_LENGTH

_PASSWORD_HINT = _l("At least %(n)d characters; a sentence you remember is best.", n=MIN_LENGTH)


def options(family, allowed=None, blank=None):
    """The translated choices of a code family, with a leading ``blank`` choice (e.g. "all") when given."""
    leading = [SelectChoice("", blank)] if blank else []
    return leading + [SelectChoice(code, name) for code, name in labels.choices(family, allowed)]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes, so the form works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QueryForm(FlaskForm):
    """Filters read from the query string: no CSRF token, since they change nothing."""

    class Meta:
        csrf = False


def show_refusal(form, error):
    """Put a service's refusal on ``form``: field messages at their fields, the rest above the form."""
    for name, messages in error.errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]
    if not any(error.message in messages for messages in error.errors.values()):
        form.form_errors.append(error.message)


def status_of(form):
    """422 for a submitted form that did not pass, so a refusal is never mistaken for a plain display."""
    return 422 if form.is_submitted() else 200


# --- people ---------------------------------------------------------------------------------------

class SignUpForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_strip], validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Your name"), filters=[_strip], validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), description=_PASSWORD_HINT, validators=[DataRequired()])
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[EqualTo("password", message=_l("The two passwords differ."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_strip], validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_strip], validators=[DataRequired(), Email()])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), description=_PASSWORD_HINT, validators=[DataRequired()])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[EqualTo("password", message=_l("The two passwords differ."))])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (accepting an invitation)."""


class LocaleForm(FlaskForm):
    locale = SelectField(_l("Preferred language"),
                         choices=[SelectChoice("zh_CN", "中文"), SelectChoice("en", "English")])


# --- enterprises ----------------------------------------------------------------------------------

class EnterpriseProfileForm(FlaskForm):
    name_zh = StringField(_l("Name in Chinese"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), filters=[_strip], validators=[Optional(), Length(max=200)])
    kinds = CheckboxesField(_l("Kinds of business"), choices=options("kind"))
    region = SelectField(_l("Region"), choices=options("region"))
    address = StringField(_l("Address"), filters=[_strip], validators=[DataRequired(), Length(max=300)])
    contact_name = StringField(_l("Contact person"), filters=[_strip], validators=[DataRequired(), Length(max=100)])
    contact_phone = StringField(_l("Contact phone"), filters=[_strip], validators=[DataRequired(), Length(max=40)])
    contact_email = EmailField(_l("Contact email"), filters=[_strip],
                               validators=[DataRequired(), Email(), Length(max=254)])

    def profile(self):
        """The profile fields as the services name them."""
        return {name: self[name].data or "" for name in services.PROFILE_FIELDS}


class RegisterEnterpriseForm(EnterpriseProfileForm):
    credit_code = StringField(_l("Unified social credit code"), filters=[_strip],
                              validators=[DataRequired(), Length(max=40)])


class DirectoryFilterForm(QueryForm):
    region = SelectField(_l("Region"), choices=options("region", blank=_l("All regions")),
                         validators=[Optional()])
    kind = SelectField(_l("Kind of business"), choices=options("kind", blank=_l("All kinds")),
                       validators=[Optional()])


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_strip], validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=options("role"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options("role"))


class TokenForm(FlaskForm):
    """Scopes are limited per person: the view sets ``scopes.choices`` from the person's role."""

    name = StringField(_l("Token name"), filters=[_strip], validators=[DataRequired(), Length(max=100)])
    scopes = CheckboxesField(_l("Scopes"))


# --- operator and oversight -------------------------------------------------------------------------

class StatusFilterForm(QueryForm):
    status = SelectField(_l("Status"), choices=options("status"), default=lifecycle.EnterpriseStatus.PENDING)


class StatusChangeForm(FlaskForm):
    """The operator's decision; ``target`` comes from the button pressed."""

    target = HiddenField(validators=[AnyOf(tuple(lifecycle.EnterpriseStatus))])
    reason = TextAreaField(_l("Reason (required to suspend; the enterprise will see it)"), filters=[_strip],
                           validators=[Length(max=2000)])


class AuditFilterForm(QueryForm):
    enterprise = StringField(_l("Enterprise id"), filters=[_strip], validators=[Optional(), Length(max=40)])
    action = StringField(_l("Action starts with"), filters=[_strip], validators=[Optional(), Length(max=80)])
    before = IntegerField(validators=[Optional(), NumberRange(min=1)])
