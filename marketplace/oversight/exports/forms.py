"""The forms of the exports and access-log pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Optional

from marketplace.accounts.forms import QueryForm
from marketplace.oversight.exports.labels import KINDS


class ExportForm(FlaskForm):
    """A PDF report to prepare: the floor and the period matter to the period report and the statistics."""
    kind = SelectField(_l("Report"), choices=list(KINDS.items()))
    floor = SelectField(_l("Trading floor"), choices=[], validate_choice=False)
    start = DateField(_l("First day"), validators=[Optional()], name="from")
    end = DateField(_l("Last day"), validators=[Optional()], name="to")


class PeriodReportQuery(QueryForm):
    floor = StringField(_l("Trading floor"))
    start = DateField(_l("First day"), validators=[Optional()], name="from")
    end = DateField(_l("Last day"), validators=[Optional()], name="to")


class AccessLogQuery(QueryForm):
    person = StringField(_l("Person"), validators=[Optional()])
    subject = StringField(_l("About (public id)"), validators=[Optional()])
    view = StringField(_l("View"), validators=[Optional()])
    start = DateField(_l("First day"), validators=[Optional()], name="from")
    end = DateField(_l("Last day"), validators=[Optional()], name="to")
    page = IntegerField(validators=[Optional()], default=1)
