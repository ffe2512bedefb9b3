"""Web forms of the settlement page: pay the part due, confirm a delivery, cancel before shipment."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from marketplace.payments.forms import CardForm
from marketplace.sourcing.forms import stripped

NEW_CARD = "new"


class PayForm(CardForm):
    """The part due, with a saved card or a new one typed in (saved with the gateway first, then charged).

    ``amount_minor`` carries the amount the page showed, so a payment never takes an amount the buyer did
    not see: if what is due changed meanwhile, the service refuses and the page shows the new amount.
    """

    amount_minor = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    card = RadioField(_l("Pay with"), validators=[DataRequired()])

    def offer(self, cards, card_name):
        """The enterprise's saved cards to choose from, then a new card; the first saved one by default."""
        self.card.choices = [(card.public_id, card_name(card)) for card in cards] + [(NEW_CARD, _("A new card"))]
        if not self.card.data:
            self.card.data = cards[0].public_id if cards else NEW_CARD
        return self

    def validate(self, extra_validators=None):
        valid = FlaskForm.validate(self, extra_validators)
        if self.card.data == NEW_CARD:
            valid = self.card_given() and valid
        return valid


class DeliveryForm(FlaskForm):
    quantity = DecimalField(_l("Quantity received"), places=None, validators=[Optional(), NumberRange(min=0)],
                            description=_l("All that is still to come unless you received only part of it."),
                            render_kw={"inputmode": "decimal"})


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[stripped], validators=[DataRequired(), Length(max=2000)],
                           description=_l("The other side reads it. Whatever was paid goes back to the buyer's card."))
