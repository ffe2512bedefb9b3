"""Web forms of disputes. They check shape only; the services judge files and amounts, and their
refusals come back onto the same form.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts.forms import options
from marketplace.disputes.services import MAX_TEXT

_FILES_HINT = _l("Photos (JPEG, PNG or WebP), PDF or plain text; at most 10 MB a file and 10 files per side.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class OpenDisputeForm(FlaskForm):
    reason = SelectField(_l("What is wrong"), choices=options("dispute_reason"), validators=[DataRequired()])
    description = TextAreaField(_l("Describe it"), filters=[_strip], render_kw={"rows": 6},
                                validators=[DataRequired(), Length(max=MAX_TEXT)],
                                description=_l("What you found, when and how; the seller and the operator read it."))
    evidence = MultipleFileField(_l("Evidence"), description=_FILES_HINT)


class AnswerForm(FlaskForm):
    text = TextAreaField(_l("The seller's answer"), filters=[_strip], render_kw={"rows": 6},
                         validators=[DataRequired(), Length(max=MAX_TEXT)],
                         description=_l("Given once; add files below to back it up."))


class EvidenceForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired()], description=_FILES_HINT)


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=options("dispute_decision"), validators=[DataRequired()])
    refund = StringField(_l("Refund to the buyer (split only)"), filters=[_strip], validators=[Optional()],
                         description=_l("An amount in the deal's currency, e.g. 40000.00; the rest goes to the "
                                        "seller less the platform fee in proportion."))
    reason = TextAreaField(_l("Reason"), filters=[_strip], render_kw={"rows": 6},
                           validators=[DataRequired(), Length(max=MAX_TEXT)],
                           description=_l("Both sides read it; say what the evidence showed."))
