"""Web forms of complaints and reports. They check shape only; the services judge respondents and steps."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts.forms import options
from marketplace.oversight.complaints.services import COMPLAINT_SUBJECTS, MAX_TEXT, REPORT_SUBJECTS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _Filing(FlaskForm):
    subject_id = StringField(_l("Its number"), filters=[_strip], validators=[Length(max=24)],
                             description=_l("The number shown on the enterprise's, listing's or order's page "
                                            "(ent_…, lst_…, fl_…, ord_…, ct_…)."))
    category = SelectField(_l("What it is about"), choices=lambda: options("complaint_category"),
                           validators=[DataRequired()])
    description = TextAreaField(_l("What happened"), filters=[_strip], render_kw={"rows": 6},
                                validators=[DataRequired(), Length(max=MAX_TEXT)])


class ReportForm(_Filing):
    subject_kind = SelectField(_l("The report is against"), choices=lambda: options("complaint_subject",
                                                                                    REPORT_SUBJECTS))
    anonymous = BooleanField(_l("Report anonymously"),
                             description=_l("No name or contact is kept; you will not be told the result."))
    reporter_name = StringField(_l("Your name"), filters=[_strip], validators=[Optional(), Length(max=100)])
    reporter_contact = StringField(_l("Phone or email"), filters=[_strip], validators=[Optional(), Length(max=200)],
                                   description=_l("The regulator tells you whether a case was opened. The "
                                                  "enterprise never sees who reported."))


class ComplaintForm(_Filing):
    subject_kind = SelectField(_l("The complaint is about"), choices=lambda: options("complaint_subject",
                                                                                     COMPLAINT_SUBJECTS))
    desired_outcome = TextAreaField(_l("What you ask for"), filters=[_strip], render_kw={"rows": 3},
                                    validators=[Length(max=MAX_TEXT)],
                                    description=_l("A refund, a replacement, compensation …"))


class HandlingForm(FlaskForm):
    action = SelectField(_l("Step"), choices=lambda: options("complaint_action"), validators=[DataRequired()])
    note = TextAreaField(_l("Reason or note"), filters=[_strip], render_kw={"rows": 4},
                         validators=[Length(max=MAX_TEXT)],
                         description=_l("Required to refuse, extend, end mediation, tell the parties or the "
                                        "reporter, and close; the parties read it unless it is internal."))
    outcome = SelectField(_l("Outcome (to close)"), validate_choice=False,
                          choices=lambda: options("complaint_outcome", ("upheld", "not_upheld", "no_agreement"),
                                                  blank=_l("—")))


class AnswerForm(FlaskForm):
    statement = TextAreaField(_l("Your enterprise's statement"), filters=[_strip], render_kw={"rows": 5},
                              validators=[DataRequired(), Length(max=MAX_TEXT)],
                              description=_l("The regulator reads it; for a complaint, so does the complainant."))
