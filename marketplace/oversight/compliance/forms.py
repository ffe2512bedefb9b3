"""The form of a floor's compliance profile."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from marketplace.accounts.forms import CheckboxesField, options
from marketplace.oversight.compliance import labels  # noqa: F401 (the names the choices show)


class ProfileForm(FlaskForm):
    mechanisms = CheckboxesField(_l("Trading mechanisms allowed"))
    standardised_contracts = BooleanField(_l("Contracts are standardised"))
    min_holding_days = IntegerField(_l("Minimum holding interval (T+N, working days)"),
                                    validators=[InputRequired(), NumberRange(min=0, max=250)])
    holder_cap = IntegerField(_l("Most holders of one instrument"), validators=[Optional(), NumberRange(min=1)],
                              description=_l("Leave empty for no cap."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mechanisms.choices = options("trading_mechanism")


class ApplyForm(FlaskForm):
    """Only the CSRF token: applying the built-in profile takes no input."""
