"""Translated names of order states (amounts and quantities use the catalog's ``money``/``quantity`` filters)."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.orders.lifecycle import OrderStatus

labels.register("order_status", {
    OrderStatus.PLACED: _l("Placed, waiting for the seller"),
    OrderStatus.CONFIRMED: _l("Confirmed by the seller"),
    OrderStatus.AWAITING_PAYMENT: _l("Awaiting payment"),
    OrderStatus.PAID: _l("Paid, in escrow"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.DELIVERED: _l("Delivered, under inspection"),
    OrderStatus.DISPUTED: _l("Disputed"),
    OrderStatus.COMPLETED: _l("Completed"),
    OrderStatus.CANCELLED: _l("Cancelled"),
}, tuple(OrderStatus))


def status_name(status):
    return labels.label(status, "order_status")

