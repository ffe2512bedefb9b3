"""Web forms of objections and repair. They check shape only; the services judge entries, dates and files."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from credit.objections.services import MAX_TEXT
from marketplace.accounts.forms import options

_FILES_HINT = _l("Photos (JPEG, PNG or WebP), PDF or plain text; at most 10 MB a file and 10 files.")
# The fields of an entry a correction may change; left empty, a field keeps its recorded value.
CORRECTABLE = ("title", "content", "severity", "authority", "decision_number")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ObjectionForm(FlaskForm):
    statement = TextAreaField(_l("Why the entry is wrong"), filters=[_strip], render_kw={"rows": 6},
                              validators=[DataRequired(), Length(max=MAX_TEXT)],
                              description=_l("What is wrong with it and what shows it; the operator reads it "
                                             "before answering."))
    evidence = MultipleFileField(_l("Evidence"), description=_FILES_HINT)


class RepairForm(FlaskForm):
    statement = TextAreaField(_l("What the enterprise has done"), filters=[_strip], render_kw={"rows": 6},
                              validators=[DataRequired(), Length(max=MAX_TEXT)],
                              description=_l("How the matter was put right (penalty paid, obligations fulfilled, "
                                             "a commitment to keep the law); back it up with files."))
    evidence = MultipleFileField(_l("Evidence"), description=_FILES_HINT)


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Answer"), choices=options("objection_answer"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), filters=[_strip], render_kw={"rows": 5},
                           validators=[DataRequired(), Length(max=MAX_TEXT)],
                           description=_l("The enterprise reads it; say what the evidence showed."))
    title = StringField(_l("Corrected title"), filters=[_strip], validators=[Optional(), Length(max=300)])
    content = TextAreaField(_l("Corrected content"), filters=[_strip], render_kw={"rows": 3},
                            validators=[Optional(), Length(max=MAX_TEXT)])
    severity = SelectField(_l("Corrected severity"), validators=[Optional()],
                           choices=options("credit_severity", blank=_l("unchanged")))
    authority = StringField(_l("Corrected authority"), filters=[_strip], validators=[Optional(), Length(max=200)])
    decision_number = StringField(_l("Corrected decision number"), filters=[_strip],
                                  validators=[Optional(), Length(max=100)])

    def corrected_fields(self):
        """The correction's fields that were filled in."""
        return {name: self[name].data for name in CORRECTABLE if self[name].data}


class RepairDecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=options("repair_decision"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), filters=[_strip], render_kw={"rows": 5},
                           validators=[DataRequired(), Length(max=MAX_TEXT)],
                           description=_l("The enterprise reads it."))
