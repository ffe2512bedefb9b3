"""The card form: typed into our page for the embedded and test gateways, which take card numbers."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from marketplace.sourcing.forms import stripped


class CardForm(FlaskForm):
    """Number, expiry and CVC. Every field is needed to add a card; ``PayForm`` asks for them only when the
    buyer pays with a new card, so the checks live in ``card_given``, not on the fields."""

    number = StringField(_l("Card number"), filters=[stripped], validators=[Length(max=30)],
                         render_kw={"autocomplete": "cc-number", "inputmode": "numeric"})
    exp_month = IntegerField(_l("Expiry month"), validators=[Optional(), NumberRange(min=1, max=12)],
                             render_kw={"autocomplete": "cc-exp-month", "inputmode": "numeric", "placeholder": "12"})
    exp_year = IntegerField(_l("Expiry year"), validators=[Optional(), NumberRange(min=2000, max=2100)],
                            render_kw={"autocomplete": "cc-exp-year", "inputmode": "numeric", "placeholder": "2030"})
    cvc = StringField(_l("CVC"), filters=[stripped], validators=[Length(max=4)],
                      render_kw={"autocomplete": "cc-csc", "inputmode": "numeric"})

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return self.card_given() and valid

    def card_given(self):
        """Mark each empty card field; True when none is empty."""
        missing = [field for field in (self.number, self.exp_month, self.exp_year, self.cvc)
                   if field.data in (None, "") and not field.errors]
        for field in missing:
            field.errors = [*field.errors, _("Enter this to use the card.")]
        return not missing
