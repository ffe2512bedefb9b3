"""Order pages for buyer and seller. ``enterprise_id`` in the URL is the enterprise acting or reading.

Buying a listing posts to ``/enterprises/<buyer>/orders`` with the listing's id, so the buyer's
enterprise is chosen in the URL like every other action.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.orders import services
from marketplace.orders.forms import BuyForm, CancelForm
from marketplace.orders.lifecycle import OrderStatus, may_cancel
from marketplace.permissions import requires

bp = Blueprint("orders", __name__)

SIDES = ("buying", "selling")


@bp.get("/enterprises/<enterprise_id>/orders")
@requires(policy.ENTERPRISE_MEMBER)
def orders(enterprise_id):
    """Orders the enterprise placed or received; ``?side=buying|selling`` narrows the list."""
    side = request.args.get("side") if request.args.get("side") in SIDES else None
    return render_template("orders/orders.html", enterprise=g.enterprise, side=side,
                           orders=services.orders_of(g.enterprise, side))


def _buy_page(form, status=200):
    """:raise NotFound: unless the form's listing is a product for sale."""
    listing = services.purchasable_listing(form.listing.data)
    return render_template("orders/buy.html", enterprise=g.enterprise, listing=listing, form=form), status


@bp.get("/enterprises/<enterprise_id>/orders/new")
@requires(policy.ENTERPRISE_TRADER)
def new(enterprise_id):
    """The buy-now form for ``?listing=<id>``, with the price tiers shown. :raise NotFound: if not for sale."""
    form = BuyForm(data={"listing": request.args.get("listing", ""), "delivery_address": g.enterprise.address})
    return _buy_page(form)


@bp.post("/enterprises/<enterprise_id>/orders")
@requires(policy.ENTERPRISE_TRADER)
def buy(enterprise_id):
    """Place the order at the tier price; refused below the minimum, beyond the stock, or for one's own listing."""
    form = BuyForm()
    if not form.validate_on_submit():
        return _buy_page(form, 422)
    try:
        order = services.buy_listing(current_user, g.enterprise, form.listing.data, form.quantity.data,
                                     form.delivery_address.data, form.delivery_date.data, form.note.data)
    except DomainError as error:
        show_refusal(form, error)
        return _buy_page(form, error.status)
    flash(_("Order %(order)s is placed; the seller confirms it next.", order=order.public_id), "success")
    return redirect(url_for("orders.order", enterprise_id=enterprise_id, order_id=order.public_id))


def _order_page(order_id, cancel_form=None, status=200):
    """The order, also after a refused cancellation; buttons only for the moves its status allows."""
    found = services.order_for(g.enterprise, order_id)
    return render_template(
        "orders/order.html", enterprise=g.enterprise, order=found, cancel_form=cancel_form or CancelForm(formdata=None),
        selling=found.seller_enterprise_id == g.enterprise.id,
        may_confirm=found.status == OrderStatus.PLACED and found.seller_enterprise_id == g.enterprise.id,
        may_cancel=may_cancel(found.status)), status


@bp.get("/enterprises/<enterprise_id>/orders/<order_id>")
@requires(policy.ENTERPRISE_MEMBER)
def order(enterprise_id, order_id):
    """Lines, amounts, delivery and the history of status changes, for either side."""
    return _order_page(order_id)


@bp.post("/enterprises/<enterprise_id>/orders/<order_id>/confirm")
@requires(policy.ENTERPRISE_TRADER)
def confirm(enterprise_id, order_id):
    """The seller's confirmation, after which the order awaits payment."""
    services.confirm(current_user, g.enterprise, order_id)
    flash(_("The order is confirmed and now awaits the buyer's payment."), "success")
    return redirect(url_for("orders.order", enterprise_id=enterprise_id, order_id=order_id))


@bp.post("/enterprises/<enterprise_id>/orders/<order_id>/cancel")
@requires(policy.ENTERPRISE_TRADER)
def cancel(enterprise_id, order_id):
    """Either side, with a reason, before payment; refusals show on the order page."""
    form = CancelForm()
    if not form.validate_on_submit():
        return _order_page(order_id, cancel_form=form, status=422)
    try:
        services.cancel(current_user, g.enterprise, order_id, form.reason.data)
    except DomainError as error:
        show_refusal(form, error)
        return _order_page(order_id, cancel_form=form, status=error.status)
    flash(_("The order is cancelled."), "success")
    return redirect(url_for("orders.order", enterprise_id=enterprise_id, order_id=order_id))
