"""Web forms of credit reports: authorise a counterparty, check a report's number or its PDF."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from credit.reports.access import MAX_PURPOSE_LENGTH
from marketplace.sourcing.forms import stripped


class AuthorisationForm(FlaskForm):
    grantee = StringField(_l("Counterparty's unified social credit code"), filters=[stripped],
                          validators=[DataRequired(), Length(max=18)])
    expires_on = DateField(_l("Readable until (inclusive)"), validators=[DataRequired()],
                           description=_l("China Standard Time; the authorisation ends at the end of that day."))
    purpose = TextAreaField(_l("Purpose"), filters=[stripped],
                            validators=[DataRequired(), Length(max=MAX_PURPOSE_LENGTH)],
                            description=_l("What the counterparty reads the report for, e.g. a supply contract."))


class VerificationUploadForm(FlaskForm):
    pdf = FileField(_l("The report PDF"), validators=[FileRequired()],
                    description=_l("The file is compared with the one the platform issued; it is not kept."))
