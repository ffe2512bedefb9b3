"""Settlement pages of one enterprise: its escrows as buyer and seller, and one deal's money and delivery.

The buyer pays the part due, confirms delivery and accepts the goods; the seller ships; either side
cancels before shipment. Oversight reads the same pages under the enterprise's id. Other areas add
their own sections to the deal's page (documents, disputes) with ``settlement_extra``.
"""
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.escrow import services
from marketplace.escrow.forms import NEW_CARD, CancelForm, DeliveryForm, PayForm
from marketplace.escrow.labels import status_name
from marketplace.escrow.lifecycle import CANCELLABLE, EscrowStatus
from marketplace.escrow.models import Escrow
from marketplace.escrow.rules import Position
from marketplace.extensions import db
from marketplace.i18n import local_time, money
from marketplace.ledger import services as ledger
from marketplace.ledger.postings import AccountKind
from marketplace.payments import services as payments
from marketplace.payments.models import Payment, Refund
from marketplace.payments.views import card_name, paid_with
from marketplace.permissions import requires
from marketplace.sourcing.schemas import plain

bp = Blueprint("escrow", __name__)

SIDES = ("buying", "selling")

labels.register("payable_type", {services.ORDER: _l("Order"), services.CONTRACT: _l("Contract")})
labels.register("settlement_balance", {
    AccountKind.IN_ESCROW: _l("Our payments held in escrow"),
    AccountKind.PAYABLE: _l("Released to us, awaiting payout"),
    AccountKind.AVAILABLE: _l("Paid after a deal closed, being refunded"),
}, tuple(AccountKind))

# A link another area shows on the settlement page (``note`` is a short status beside it).
Link = namedtuple("Link", "text url note", defaults=("",))

_EXTRAS = []


@dataclass(frozen=True)
class Settlement:
    """One escrow as its parties read it: the deal, its money from the ledger, and what the buyer owes now."""

    escrow: Escrow
    position: Position
    payments: list = field(default_factory=list)
    refunds: list = field(default_factory=list)

    @property
    def due(self):
        """``(part, amount_minor)`` the buyer pays next, or None."""
        return services.amount_due(self.escrow, self.position)

    @property
    def parts(self):
        """``[(part, amount_minor, paid?)]``: a deposit then the balance, or the whole at once."""
        escrow, captured = self.escrow, self.position.captured
        if escrow.deposit_minor:
            return [("deposit", escrow.deposit_minor, captured >= escrow.deposit_minor),
                    ("balance", escrow.due_minor - escrow.deposit_minor, captured >= escrow.due_minor)]
        return [("full", escrow.due_minor, captured >= escrow.due_minor)]

    @property
    def outstanding(self):
        """The quantity not yet confirmed as delivered."""
        return self.escrow.quantity - sum((d.quantity for d in self.escrow.deliveries), Decimal(0))

    @property
    def checking(self):
        """A payment whose gateway answer is still awaited or being looked up."""
        return any(payment.status in payments.OPEN_PAYMENT for payment in self.payments)


def settlement_of(escrow, position=None, with_movements=True):
    """The settlement of ``escrow``; ``position`` when already read for many, movements only for one deal."""
    if not with_movements:
        return Settlement(escrow, position or ledger.position_of(escrow))
    return Settlement(
        escrow, position or ledger.position_of(escrow),
        db.session.scalars(select(Payment).where(Payment.escrow_id == escrow.id).order_by(Payment.id)).all(),
        db.session.scalars(select(Refund).where(Refund.escrow_id == escrow.id).order_by(Refund.id)).all())


def settlements_of(enterprise, status=None, side=None):
    """The enterprise's settlements, newest first, with their ledger positions read in one query."""
    escrows = services.escrows_of(enterprise, status)
    if side:
        party = "buyer_enterprise_id" if side == "buying" else "seller_enterprise_id"
        escrows = [escrow for escrow in escrows if getattr(escrow, party) == enterprise.id]
    positions = ledger.positions_of([escrow.id for escrow in escrows])
    return [settlement_of(escrow, positions.get(escrow.id, Position()), with_movements=False) for escrow in escrows]


def settlement_extra(build):
    """Register ``build(escrow, viewer_enterprise) -> dict`` whose keys the settlement page also gets.

    The page lists ``documents`` and ``disputes`` (lists of ``Link``) when a registered builder gives them.
    """
    _EXTRAS.append(build)
    return build


def settlement_context(escrow, viewer_enterprise):
    """What the settlement page shows ``viewer_enterprise`` (a party, or the one oversight reads it under):
    the settlement, the viewer's side, the actions its status allows that side, and the extras."""
    settlement = settlement_of(escrow)
    buying = viewer_enterprise.id == escrow.buyer_enterprise_id
    selling = viewer_enterprise.id == escrow.seller_enterprise_id
    delivered = escrow.status == EscrowStatus.DELIVERED
    context = {
        "settlement": settlement, "escrow": escrow, "buying": buying, "selling": selling,
        "may_pay": buying and settlement.due is not None,
        "may_ship": selling and escrow.status == EscrowStatus.PAID,
        "may_confirm": buying and escrow.status in (EscrowStatus.SHIPPED, EscrowStatus.DELIVERED)
        and settlement.outstanding > 0,
        "acceptable": [d.public_id for d in escrow.deliveries if buying and delivered and d.released_at is None],
        "may_cancel": (buying or selling) and escrow.status in CANCELLABLE,
        "documents": [], "disputes": [],
    }
    for build in _EXTRAS:
        context |= build(escrow, viewer_enterprise)
    return context


@bp.app_template_global()
def settlement_for(payable):
    """The escrow of an order or contract, for the link from its page (None before it awaits payment)."""
    return services.escrow_of(payable.public_id)


# --- pages --------------------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/settlements")
@requires(policy.ENTERPRISE_MEMBER)
def settlements(enterprise_id):
    """The enterprise's deals in settlement as buyer and seller: what is due, what is held; by status or side."""
    status = request.args.get("status") if request.args.get("status") in tuple(EscrowStatus) else None
    side = request.args.get("side") if request.args.get("side") in SIDES else None
    balances = sorted((key, amount) for key, amount in ledger.balances_of(g.enterprise).items() if amount)
    return render_template("settlement/settlements.html", enterprise=g.enterprise, status=status, side=side,
                           statuses=[(code, status_name(code)) for code in EscrowStatus],
                           settlements=settlements_of(g.enterprise, status, side), balances=balances)


def _settlement_page(public_id, status=200, refusal=None, pay_form=None, delivery_form=None, cancel_form=None):
    """The deal's page, also after a refused action (its form shown again with the reason).

    :raise NotFound: unless the enterprise in the URL is the buyer or the seller.
    """
    escrow = services.escrow_for(g.enterprise, public_id)
    context = settlement_context(escrow, g.enterprise)
    settlement = context["settlement"]
    pay_form = pay_form or PayForm(formdata=None)
    if context["may_pay"]:
        pay_form.offer(payments.cards_of(g.enterprise), card_name)
        pay_form.amount_minor.raw_data, pay_form.amount_minor.data = None, settlement.due[1]
    outstanding = Decimal(plain(settlement.outstanding))
    delivery_form = delivery_form or DeliveryForm(formdata=None, data={"quantity": outstanding})
    return render_template("settlement/settlement.html", enterprise=g.enterprise, refusal=refusal, pay_form=pay_form,
                           delivery_form=delivery_form, cancel_form=cancel_form or CancelForm(formdata=None),
                           new_card=NEW_CARD, **context), status


def _back(public_id):
    return redirect(url_for("escrow.settlement", enterprise_id=g.enterprise.public_id, public_id=public_id))


@bp.get("/enterprises/<enterprise_id>/settlements/<public_id>")
@requires(policy.ENTERPRISE_MEMBER)
def settlement(enterprise_id, public_id):
    """One deal's settlement (by the order's, the contract's or the escrow's id): parties, goods, money, deliveries."""
    return _settlement_page(public_id)


@bp.post("/enterprises/<enterprise_id>/settlements/<public_id>/payments")
@requires(policy.ENTERPRISE_TRADER)
def pay(enterprise_id, public_id):
    """Pay the part due with a saved card or a new one; a decline or an outage shows the form again, nothing paid."""
    form = PayForm().offer(payments.cards_of(g.enterprise), card_name)
    if not form.validate_on_submit():
        return _settlement_page(public_id, 422, pay_form=form)
    try:
        card = form.card.data
        if card == NEW_CARD:
            card = payments.save_card(current_user, g.enterprise, form.number.data, form.exp_month.data,
                                      form.exp_year.data, form.cvc.data).public_id
        payment = payments.pay(current_user, g.enterprise, public_id, form.amount_minor.data, card)
    except DomainError as error:
        show_refusal(form, error)
        return _settlement_page(public_id, error.status, pay_form=form)
    flash(_("%(amount)s is paid with %(card)s and held in escrow until the goods are delivered and inspected.",
            amount=money(payment.amount_minor, payment.currency), card=paid_with(payment)), "success")
    return _back(public_id)


@bp.post("/enterprises/<enterprise_id>/settlements/<public_id>/shipment")
@requires(policy.ENTERPRISE_TRADER)
def ship(enterprise_id, public_id):
    """The seller has sent the goods (once paid in full); the buyer confirms their arrival next."""
    try:
        services.mark_shipped(current_user, g.enterprise, public_id)
    except DomainError as error:
        return _settlement_page(public_id, error.status, refusal=error.message)
    flash(_("The goods are marked as shipped; the buyer confirms their arrival next."), "success")
    return _back(public_id)


@bp.post("/enterprises/<enterprise_id>/settlements/<public_id>/deliveries")
@requires(policy.ENTERPRISE_TRADER)
def confirm_delivery(enterprise_id, public_id):
    """The buyer received all that is still to come, or part of it; its inspection window opens."""
    form = DeliveryForm()
    if not form.validate_on_submit():
        return _settlement_page(public_id, 422, delivery_form=form)
    try:
        delivery = services.confirm_delivery(current_user, g.enterprise, public_id, form.quantity.data)
    except DomainError as error:
        show_refusal(form, error)
        return _settlement_page(public_id, error.status, delivery_form=form)
    flash(_("The delivery is confirmed. Inspect the goods: the escrow is released to the seller when you accept "
            "them or when the inspection window ends on %(ends)s.", ends=local_time(delivery.inspection_ends_at)),
          "success")
    return _back(public_id)


@bp.post("/enterprises/<enterprise_id>/settlements/<public_id>/deliveries/<delivery_id>/acceptance")
@requires(policy.ENTERPRISE_TRADER)
def accept(enterprise_id, public_id, delivery_id):
    """The buyer accepts the goods of one delivery now: their share of the escrow goes to the seller."""
    try:
        services.accept_delivery(current_user, g.enterprise, public_id, delivery_id)
    except DomainError as error:
        return _settlement_page(public_id, error.status, refusal=error.message)
    flash(_("The goods are accepted and their share of the escrow is released to the seller."), "success")
    return _back(public_id)


@bp.post("/enterprises/<enterprise_id>/settlements/<public_id>/cancellation")
@requires(policy.ENTERPRISE_TRADER)
def cancel(enterprise_id, public_id):
    """Either side calls the deal off before shipment, with a reason; what was paid is refunded to the card."""
    form = CancelForm()
    if not form.validate_on_submit():
        return _settlement_page(public_id, 422, cancel_form=form)
    try:
        services.cancel(current_user, g.enterprise, public_id, form.reason.data)
    except DomainError as error:
        show_refusal(form, error)
        return _settlement_page(public_id, error.status, cancel_form=form)
    flash(_("The deal is cancelled. Whatever was paid goes back to the buyer's card."), "success")
    return _back(public_id)
