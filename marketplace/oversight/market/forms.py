"""The period filter of the market pages, read from the query string."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import Optional

from marketplace.accounts.forms import QueryForm


class PeriodForm(QueryForm):
    start = DateField(_l("From"), validators=[Optional()], name="from")
    end = DateField(_l("To"), validators=[Optional()], name="to")
