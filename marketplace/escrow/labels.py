"""Translated names of escrow states, as buyers and sellers read them."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.escrow.lifecycle import EscrowStatus

labels.register("escrow_status", {
    EscrowStatus.AWAITING_PAYMENT: _l("Awaiting payment"),
    EscrowStatus.DEPOSIT_PAID: _l("Deposit paid, in escrow"),
    EscrowStatus.PAID: _l("Paid, in escrow"),
    EscrowStatus.SHIPPED: _l("Shipped, paid in escrow"),
    EscrowStatus.DELIVERED: _l("Delivered, under inspection"),
    EscrowStatus.DISPUTED: _l("Disputed, escrow frozen"),
    EscrowStatus.RELEASED: _l("Released to the seller"),
    EscrowStatus.RESOLVED: _l("Dispute decided"),
    EscrowStatus.CANCELLED: _l("Cancelled, payment refunded"),
}, tuple(EscrowStatus))


def status_name(status):
    return labels.label(status, "escrow_status")
