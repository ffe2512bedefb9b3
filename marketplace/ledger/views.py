"""Balances and statements from the ledger; the operator's checks of the books and the gateway.

An enterprise reads what it holds (available, in escrow, payable) and its latest entries with the
deal each belongs to; the operator and regulators read the platform's own accounts, whether the
books hold, and the reconciliations with the gateway, which only the operator starts.
"""
from collections import defaultdict
from dataclasses import dataclass

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from marketplace import policy
from marketplace.accounts import labels
from marketplace.escrow.models import Escrow
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from marketplace.ledger.postings import AccountKind
from marketplace.payments import reconciliation
from marketplace.payments.reconciliation import DifferenceKind
from marketplace.permissions import requires

bp = Blueprint("ledger", __name__)

STATEMENT_LINES = 100

labels.register("ledger_account", {
    AccountKind.AVAILABLE: _l("Available"),
    AccountKind.IN_ESCROW: _l("In escrow"),
    AccountKind.PAYABLE: _l("Payable to us"),
    AccountKind.FEE_INCOME: _l("Fee income"),
    AccountKind.GATEWAY_CLEARING: _l("At the payment gateway"),
    AccountKind.PAYOUTS_IN_TRANSIT: _l("Payouts in transit"),
}, tuple(AccountKind))
labels.register("ledger_kind", {
    ledger.CAPTURE: _l("Payment received"),
    "capture_unowed": _l("Payment received after the deal closed"),
    ledger.RELEASE: _l("Released to the seller"),
    ledger.REFUND: _l("Refunded to the card"),
    "payout_started": _l("Payout sent"),
    "payout_paid": _l("Payout paid"),
    "payout_returned": _l("Payout returned by the bank"),
})
labels.register("reconciliation_difference", {
    DifferenceKind.CAPTURED_NOT_BOOKED: _l("Captured at the gateway, not booked"),
    DifferenceKind.BOOKED_NOT_CAPTURED: _l("Booked, not captured at the gateway"),
    DifferenceKind.CAPTURE_AMOUNT_DIFFERS: _l("Captured amount differs"),
    DifferenceKind.REFUND_NOT_BOOKED: _l("Refunded at the gateway, not booked"),
    DifferenceKind.REFUND_NOT_AT_GATEWAY: _l("Refund booked, not at the gateway"),
    DifferenceKind.REFUND_AMOUNT_DIFFERS: _l("Refunded amount differs"),
    DifferenceKind.UNKNOWN_PAYMENT: _l("Tagged with a payment we do not know"),
}, tuple(DifferenceKind))


@dataclass(frozen=True)
class StatementLine:
    """One entry as its enterprise reads it: ``amount`` is positive when the account grew."""

    entry: LedgerEntry
    transaction: LedgerTransaction
    deal: Escrow | None
    amount: int


def statement_lines(entries):
    """The entries with their transactions and deals, each loaded once for the whole page."""
    transactions = _by_id(LedgerTransaction, {entry.transaction_id for entry in entries})
    deals = _by_id(Escrow, {entry.escrow_id for entry in entries if entry.escrow_id})
    return [StatementLine(entry, transactions[entry.transaction_id], deals.get(entry.escrow_id),
                          postings.shown_balance(entry.account_kind, entry.amount_minor)) for entry in entries]


def _by_id(model, ids):
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def balances_by_currency(balances, kinds):
    """``{currency: {kind: shown balance}}`` with every kind present (0 where nothing was booked)."""
    table = defaultdict(lambda: dict.fromkeys(kinds, 0))
    for (kind, currency), amount in balances.items():
        if kind in kinds:
            table[currency][kind] = amount
    return dict(sorted(table.items()))


def ledger_size():
    """``(transactions, entries)`` in the whole ledger: what "the ledger holds" counts, here and in the command."""
    return (db.session.scalar(select(func.count()).select_from(LedgerTransaction)),
            db.session.scalar(select(func.count()).select_from(LedgerEntry)))


@bp.app_template_global()
def deal_url(deal, enterprise):
    """The page of the order or contract a ledger line belongs to, under the enterprise being read."""
    if deal.payable_type == "order":
        return url_for("orders.order", enterprise_id=enterprise.public_id, order_id=deal.payable_public_id)
    return url_for("contracts.contract", enterprise_id=enterprise.public_id, contract_id=deal.payable_public_id)


@bp.get("/enterprises/<enterprise_id>/ledger")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_ledger(enterprise_id):
    """What the enterprise holds per currency and its latest ``STATEMENT_LINES`` entries, newest first."""
    balances = balances_by_currency(ledger.balances_of(g.enterprise), postings.ENTERPRISE_KINDS)
    lines = statement_lines(ledger.entries_of(g.enterprise, limit=STATEMENT_LINES))
    return render_template("ledger/enterprise.html", enterprise=g.enterprise, balances=balances, lines=lines,
                           kinds=postings.ENTERPRISE_KINDS, limit=STATEMENT_LINES)


@bp.get("/operator/ledger")
@requires(policy.OVERSIGHT)
def platform():
    """The platform's own accounts, whether the books hold, and the latest reconciliations with the gateway."""
    transactions, entries = ledger_size()
    runs = reconciliation.recent_runs()
    return render_template("ledger/platform.html",
                           balances=balances_by_currency(ledger.platform_balances(), postings.PLATFORM_KINDS),
                           kinds=postings.PLATFORM_KINDS, problems=ledger.verify(), transactions=transactions,
                           entries=entries, runs=runs,
                           differences={run.id: reconciliation.differences_of(run) for run in runs})


@bp.post("/operator/ledger/reconciliations")
@requires(policy.OPERATOR)
def reconcile():
    """Compare the books with the gateway now; the run appears first in the list."""
    run = reconciliation.reconcile()
    if run.error:
        flash(_("The gateway could not be read, so nothing was compared. Try again in a few minutes."), "error")
    elif run.differences:
        flash(ngettext("%(num)d difference between the books and the gateway; it is listed below.",
                       "%(num)d differences between the books and the gateway; they are listed below.",
                       len(run.differences)), "error")
    else:
        flash(ngettext("The books agree with the gateway: %(num)d payment intent checked.",
                       "The books agree with the gateway: %(num)d payment intents checked.",
                       run.intents_checked), "success")
    return redirect(url_for("ledger.platform"))
