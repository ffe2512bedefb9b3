"""The owners' form for the parties behind their enterprise: shape only, the service decides the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts.forms import options


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PartyForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])
    party_kind = SelectField(_l("Person or enterprise"), validators=[DataRequired()])
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    identifier = StringField(
        _l("Identity number"), filters=[_strip], validators=[DataRequired(), Length(max=40)],
        description=_l("A resident identity card or other document number for a person, the unified social credit "
                       "code for an enterprise. It is kept only as a fingerprint and shown masked."))
    share_percent = DecimalField(_l("Share (per cent)"), places=4, validators=[Optional()],
                                 description=_l("Shareholders only."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = options("party_role")
        self.party_kind.choices = options("party_kind")
