"""Web forms of the credit file: enter an official entry, import a file of them, filter the oversight list.

The forms only parse; ``services.checked_entry`` judges the values, so the web, the API and imports
refuse the same things with the same words.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

import credit.file.labels  # noqa: F401  (registers the label families the choices show)
from credit.file.labels import TAX_GRADES
from marketplace.accounts.forms import QueryForm, options
from marketplace.sourcing.forms import stripped


class EntryForm(FlaskForm):
    credit_code = StringField(_l("Unified social credit code"), filters=[stripped],
                              description=_l("18 characters; the enterprise must be registered on the platform."))
    kind = SelectField(_l("Kind of entry"), choices=options("credit_entry_kind", blank="—"), validators=[Optional()])
    severity = SelectField(_l("Severity"), choices=options("credit_severity", blank="—"), validators=[Optional()],
                           description=_l("Sets the publicity period: minor at most 3 months, general 3 months "
                                          "to 1 year, serious 1 to 3 years. A tax credit grade stays public "
                                          "until the next year's grade replaces it (30 April two years after "
                                          "its tax year)."))
    decided_on = StringField(_l("Decision, listing or issue date"), filters=[stripped], render_kw={"type": "date"})
    authority = StringField(_l("Authority (issuing authority, court)"), filters=[stripped])
    decision_number = StringField(_l("Decision, licence or case number"), filters=[stripped])
    title = StringField(_l("Title (licence, violation type, listing ground)"), filters=[stripped])
    content = TextAreaField(_l("Content (the penalty, the ground in full)"), filters=[stripped])
    valid_until = StringField(_l("Valid until (licence, customs category)"), filters=[stripped],
                              render_kw={"type": "date"},
                              description=_l("A licence or customs category stays public while it is valid; a "
                                             "customs category without it stays public 3 years."))
    removed_on = StringField(_l("Taken off the list on"), filters=[stripped], render_kw={"type": "date"})
    tax_grade = SelectField(_l("Tax credit grade"),
                            choices=[SelectChoice("", "—")] + [SelectChoice(grade, grade) for grade in TAX_GRADES],
                            validators=[Optional()])
    tax_year = StringField(_l("Tax year"), filters=[stripped])
    customs_category = SelectField(_l("Customs credit category"), choices=options("credit_customs_category", blank="—"),
                                   validators=[Optional()])


class CorrectionForm(EntryForm):
    reason = TextAreaField(_l("Why it is corrected (the enterprise will read it)"), filters=[stripped])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or JSON file"), validators=[FileRequired()],
                     description=_l("CSV: a first row of field names (credit_code, kind, severity, decided_on, "
                                    "authority, decision_number, title, content, valid_until, removed_on, "
                                    "tax_grade, tax_year, customs_category). JSON: a list of objects with "
                                    "these fields."))
    store_valid_rows = BooleanField(_l("Store the valid rows even if some are refused"),
                                    description=_l("Otherwise any refused row means nothing is stored."))


class EntryFilterForm(QueryForm):
    credit_code = StringField(_l("Credit code"), filters=[stripped], validators=[Optional()])
    kind = SelectField(_l("Kind of entry"), choices=options("credit_entry_kind", blank=_l("All kinds")),
                       validators=[Optional()])
