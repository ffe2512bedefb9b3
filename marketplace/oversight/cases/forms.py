"""Web forms of the case pages: filters, a new case, and each piece of work on a case."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from marketplace.errors import InvalidInput
from marketplace.oversight.cases.labels import STATUSES


class CaseFilterForm(FlaskForm):
    """Read from the query string (GET), so it carries no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Any"))] + [
        SelectChoice(code, name) for code, name in STATUSES.items()], validators=[Optional()])
    assignee = SelectField(_l("Assigned to"), choices=[], validators=[Optional()])
    overdue = BooleanField(_l("Overdue only"))


class NewCaseForm(FlaskForm):
    enterprise = StringField(_l("Enterprise"), description=_l("Its unified social credit code or public id."))
    title = StringField(_l("Title"))
    note = TextAreaField(_l("Note"), render_kw={"rows": 3})


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Regulator"), choices=[])


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), render_kw={"rows": 3})


class DeadlineForm(FlaskForm):
    deadline = DateField(_l("Deadline"), validators=[Optional()],
                         description=_l("Blank: the standard period in working days from today."))

    def chosen_day(self):
        """The day given, None when blank. :raise InvalidInput: when the text is not a date."""
        if self.deadline.raw_data and self.deadline.raw_data[0].strip() and self.deadline.data is None:
            message = _("Enter the date as YYYY-MM-DD.")
            raise InvalidInput(message, {"deadline": [message]})
        return self.deadline.data


class EscalateForm(FlaskForm):
    note = TextAreaField(_l("Why escalate"), render_kw={"rows": 2})


class DismissForm(FlaskForm):
    reason = TextAreaField(_l("Reason for dismissal"), render_kw={"rows": 3})


class CloseForm(FlaskForm):
    conclusion = TextAreaField(_l("Conclusion"), render_kw={"rows": 3})
