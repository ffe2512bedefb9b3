"""Forms of the screening pages: a review decision, a new term, a quality inspection."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from marketplace.accounts.forms import options
from marketplace.oversight.screening import labels  # noqa: F401 (the names the choices show)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Note"), filters=[_strip], validators=[Length(max=2000)],
                         description=_l("Required when rejecting; the seller reads it."))


class SwitchForm(FlaskForm):
    """Only the CSRF token: switching a term on or off takes no input."""


class TermForm(FlaskForm):
    list_name = SelectField(_l("List"))
    term = StringField(_l("Term"), filters=[_strip], validators=[InputRequired(), Length(max=200)],
                       description=_l("For a hazardous chemical, its CAS number (e.g. 7664-93-9)."))
    aliases = StringField(_l("Other names"), filters=[_strip], validators=[Length(max=1000)],
                          description=_l("Separated by commas, in either language."))
    note = StringField(_l("Note"), filters=[_strip], validators=[Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_name.choices = options("screening_list")


class InspectionForm(FlaskForm):
    sampled_on = DateField(_l("Sampled on"), validators=[InputRequired()])
    authority = StringField(_l("Inspection authority"), filters=[_strip], validators=[InputRequired(), Length(max=200)])
    report_number = StringField(_l("Report number"), filters=[_strip], validators=[InputRequired(), Length(max=100)])
    result = SelectField(_l("Result"))
    items = TextAreaField(_l("Items checked"), filters=[_strip], validators=[Optional(), Length(max=4000)],
                          description=_l("One item a line: item | required | measured | verdict."))
    note = TextAreaField(_l("Note"), filters=[_strip], validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result.choices = options("inspection_result")


def inspection_items(text):
    """The items of the form's text, one ``item | required | measured | verdict`` a line."""
    items = []
    for line in (text or "").splitlines():
        parts = [part.strip() for part in line.split("|")] + ["", "", ""]
        if parts[0]:
            items.append({"item": parts[0], "required": parts[1], "measured": parts[2], "verdict": parts[3]})
    return items
