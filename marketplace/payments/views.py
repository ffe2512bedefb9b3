"""Payment pages: the enterprise's saved cards, which its traders pay orders and contracts with."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.payments import services
from marketplace.payments.forms import CardForm
from marketplace.permissions import requires

bp = Blueprint("payments", __name__)

labels.register("card_brand", {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express",
                               "unionpay": _l("UnionPay"), "card": _l("Card")})
labels.register("payment_part", {"full": _l("In full"), "deposit": _l("Deposit"), "balance": _l("Balance")})
labels.register("payment_status", {
    "pending": _l("Being processed"), "unknown": _l("Being checked with the payment service"),
    "captured": _l("Paid"), "declined": _l("Declined"), "failed": _l("Failed"), "cancelled": _l("Cancelled"),
})
labels.register("refund_status", {"pending": _l("Being sent back to the card"), "succeeded": _l("Refunded"),
                                  "failed": _l("Refund failed")})


def _card_text(brand, last4):
    return f"{labels.label(brand or 'card', 'card_brand')} •••• {last4}"


@bp.app_template_filter("card_name")
def card_name(card):
    """``Visa •••• 4242 (12/2030)``: enough to tell an enterprise's cards apart, never more."""
    text = _card_text(card.brand, card.last4)
    return f"{text} ({card.exp_month:02d}/{card.exp_year})" if card.exp_month and card.exp_year else text


@bp.app_template_filter("paid_with")
def paid_with(payment):
    """``Visa •••• 4242``: the card a payment was made with, as it was when paying."""
    return _card_text(payment.card_brand, payment.card_last4)


@bp.app_template_global()
def takes_test_cards():
    """Whether the gateway is the embedded or a test one, which accept card numbers typed into our pages."""
    key = current_app.config.get("STRIPE_API_KEY") or ""
    return not key or key.startswith("sk_test")


def _cards_page(form, status=200):
    return render_template("settlement/cards.html", enterprise=g.enterprise, cards=services.cards_of(g.enterprise),
                           form=form), status


@bp.get("/enterprises/<enterprise_id>/cards")
@requires(policy.ENTERPRISE_MEMBER)
def cards(enterprise_id):
    """The enterprise's saved cards (brand, last four digits, expiry) and a form to add one."""
    return _cards_page(CardForm(formdata=None))


@bp.post("/enterprises/<enterprise_id>/cards")
@requires(policy.ENTERPRISE_TRADER)
def add_card(enterprise_id):
    """Save a card with the gateway; a declined card or an unreachable gateway shows the form again."""
    form = CardForm()
    if not form.validate_on_submit():
        return _cards_page(form, 422)
    try:
        card = services.save_card(current_user, g.enterprise, form.number.data, form.exp_month.data,
                                  form.exp_year.data, form.cvc.data)
    except DomainError as error:
        show_refusal(form, error)
        return _cards_page(form, error.status)
    flash(_("%(card)s is saved for your enterprise's payments.", card=card_name(card)), "success")
    return redirect(url_for("payments.cards", enterprise_id=enterprise_id))
