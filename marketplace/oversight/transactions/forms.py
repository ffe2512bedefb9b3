"""The regulator's search filters, read from the query string (they change nothing, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from marketplace.accounts.forms import QueryForm, options
from marketplace.money import MINOR_DIGITS
from marketplace.oversight.transactions import filters


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class TransactionSearchForm(QueryForm):
    kind = SelectField(_l("Kind of transaction"), default="trade")
    enterprise = StringField(_l("Enterprise (id or unified social credit code)"), filters=[_strip],
                             validators=[Optional(), Length(max=40)])
    floor = SelectField(_l("Floor"), validators=[Optional()])
    instrument = StringField(_l("Instrument code"), filters=[_strip], validators=[Optional(), Length(max=40)])
    start = DateField(_l("From (day)"), validators=[Optional()])
    end = DateField(_l("To (day)"), validators=[Optional()])
    min_amount = DecimalField(_l("Lowest amount"), validators=[Optional()])
    max_amount = DecimalField(_l("Highest amount"), validators=[Optional()])
    currency = SelectField(_l("Currency"), default="CNY", choices=[SelectChoice(code, code) for code in MINOR_DIGITS])

    def __init__(self, floor_codes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options("transaction_kind", filters.KINDS)
        self.floor.choices = [SelectChoice("", _l("All floors"))] + [SelectChoice(code, code) for code in floor_codes]

    def search(self):
        return filters.Search(kind=self.kind.data or "trade", enterprise=self.enterprise.data or None,
                              floor=self.floor.data or None, instrument=self.instrument.data or None,
                              start=self.start.data, end=self.end.data, min_amount=self.min_amount.data,
                              max_amount=self.max_amount.data, currency=self.currency.data or "CNY")


class EnterpriseFinderForm(QueryForm):
    q = StringField(_l("Name or unified social credit code"), filters=[_strip], validators=[Optional(), Length(max=200)])
