"""Web forms of sanctions: propose one, decide it (approve or reject with a note), lift it, filter the list.

The forms only parse; ``services`` judges the values, so the web and the API refuse the same things alike.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import TextInput

import credit.file.labels  # noqa: F401  (registers credit_severity, which the severity choices show)
import marketplace.oversight.sanctions.labels  # noqa: F401  (registers the label families the choices show)
from marketplace.accounts.forms import QueryForm, options
from marketplace.sourcing.forms import stripped


class ProposalForm(FlaskForm):
    enterprise = StringField(_l("Enterprise (public id or unified social credit code)"), filters=[stripped])
    kind = SelectField(_l("Measure"), choices=options("sanction_kind", blank="—"), validators=[Optional()])
    reason = TextAreaField(_l("Reason (the facts and the rule broken; the enterprise reads it)"),
                           filters=[stripped])
    target = StringField(_l("Listing to remove (its public id)"), filters=[stripped],
                         description=_l("Only for a listing removal: a catalog listing (lst_…) or a floor "
                                        "listing (fl_…) of this enterprise."))
    duration_days = IntegerField(_l("Duration in days"), validators=[Optional(), NumberRange(min=1, max=3650)],
                                 widget=TextInput(), render_kw={"inputmode": "numeric"},
                                 description=_l("For a suspension, escrow hold or termination; empty means until "
                                                "lifted."))
    severity = SelectField(_l("Severity in the credit file"), choices=options("credit_severity", blank="—"),
                           validators=[Optional()],
                           description=_l("Empty: minor for a warning, serious for a termination, general "
                                          "otherwise."))
    case = StringField(_l("Case (public id)"), filters=[stripped])


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Note (required to reject)"), filters=[stripped])


class LiftForm(FlaskForm):
    reason = TextAreaField(_l("Why the sanction is lifted"), filters=[stripped])


class SanctionFilterForm(QueryForm):
    status = SelectField(_l("Status"), choices=options("sanction_status", blank=_l("All")), validators=[Optional()])
    kind = SelectField(_l("Measure"), choices=options("sanction_kind", blank=_l("All")), validators=[Optional()])
