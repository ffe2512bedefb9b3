"""The period filter of the market pages, read from the query string."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import Optional

from marketplace.accounts.forms import QueryForm, show_refusal
from marketplace.errors import InvalidInput
from marketplace.oversight.market import services


class PeriodForm(QueryForm):
    start = DateField(_l("First day"), validators=[Optional()], name="from")
    end = DateField(_l("Last day"), validators=[Optional()], name="to")

    def chosen_period(self):
        """:return: the period asked for and the page's status; a bad one gives the default period (the last 30
        days) with the form's messages and 422, so the page still shows something."""
        if not self.validate():
            return services.period(), 422
        try:
            return services.period(self.start.data, self.end.data), 200
        except InvalidInput as refusal:
            show_refusal(self, refusal)
            return services.period(), 422
