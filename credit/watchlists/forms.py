"""Web forms of the watchlist and webhooks pages: follow a counterparty by its code, register an endpoint."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.sourcing.forms import stripped


class FollowForm(FlaskForm):
    credit_code = StringField(_l("Unified social credit code"), filters=[stripped],
                              validators=[DataRequired()],
                              description=_l("18 characters, as on the counterparty's business licence."))


class WebhookForm(FlaskForm):
    url = StringField(_l("Address"), filters=[stripped], validators=[DataRequired(), Length(max=500)],
                      description=_l("Where your systems receive credit news, e.g. https://erp.example.cn/credit-news"))
