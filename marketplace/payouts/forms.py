"""Web forms: a seller's payout account, and the operator's payout runs and settlement batches."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.sourcing.forms import stripped


class PayoutAccountForm(FlaskForm):
    bank_name = StringField(_l("Bank and branch"), filters=[stripped], validators=[DataRequired(), Length(max=100)],
                            description=_l("For example 中国工商银行天津滨海分行."))
    account_name = StringField(_l("Account name"), filters=[stripped], validators=[DataRequired(), Length(max=200)],
                               description=_l("The name the bank holds the account in, usually the enterprise's "
                                              "registered Chinese name."))
    account_number = StringField(_l("Account number"), filters=[stripped], validators=[DataRequired(), Length(max=60)],
                                 description=_l("8 to 30 digits; spaces between groups are fine."))
    connected_account_id = StringField(_l("Connected account at the payment gateway"), filters=[stripped],
                                       validators=[Optional(), Length(max=64)],
                                       description=_l("Only where payouts are made by gateway transfer: the "
                                                      "acct_… id the platform gave you."))


class StartPayoutsForm(FlaskForm):
    currency = SelectField(_l("Currency"), validators=[DataRequired()])


class MarkPaidForm(FlaskForm):
    bank_reference = StringField(_l("The bank's reference of the batch"), filters=[stripped],
                                 validators=[DataRequired(), Length(max=100)])


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Why the bank returned it"), filters=[stripped],
                           validators=[DataRequired(), Length(max=2000)])
