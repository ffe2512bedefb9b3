"""Web forms of the surveillance pages: a draft rule version, a backtest, the alert filters."""
import json

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import Optional

from marketplace.errors import InvalidInput


class DraftForm(FlaskForm):
    document = TextAreaField(
        _l("Rule version (JSON)"), render_kw={"rows": 16, "spellcheck": "false"},
        description=_l('{"parameters": {…}, "floor_overrides": {"steel": {…}}, "notes": "…"}: only the detector\'s '
                       "parameters, each within its range. Stored versions are never changed; a change is a new draft."))

    def parsed(self):
        """The document as a dict. :raise InvalidInput: when the text is not JSON."""
        try:
            return json.loads(self.document.data or "")
        except ValueError as error:
            message = _l("This is not valid JSON (%(problem)s).", problem=str(error))
            raise InvalidInput(str(message), {"document": [str(message)]}) from None


class BacktestForm(FlaskForm):
    version = SelectField(_l("Rule version"))
    period_start = DateField(_l("First day"), validators=[Optional()])
    period_end = DateField(_l("Last day"), validators=[Optional()])


class AlertFilterForm(FlaskForm):
    class Meta:
        csrf = False

    floor = SelectField(_l("Floor"), validators=[Optional()])
    rule = SelectField(_l("Rule"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    day = DateField(_l("Day"), validators=[Optional()])
