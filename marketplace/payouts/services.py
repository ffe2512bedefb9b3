"""Payout use cases: a seller's payout account, starting payouts, marking a settlement batch paid, reading them.

The ways out themselves (bank batch, gateway transfer) are in ``marketplace.payouts.methods``.
"""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace import policy
from marketplace.accounts.models import Enterprise, Membership
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.escrow.models import Escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from marketplace.payouts import bank_files, methods
from marketplace.payouts.models import Payout, PayoutAccount, PayoutBatch

CONNECTED_ACCOUNT = re.compile(r"acct_[A-Za-z0-9]{1,59}")


# --- the seller's payout account -------------------------------------------------------------------

def save_payout_account(user, enterprise, bank_name, account_name, account_number, connected_account_id=None):
    """Where the enterprise is paid; only its owners say so, since whoever sets it receives the money.

    :raise Forbidden: unless ``user`` owns the enterprise.
    :raise InvalidInput: for a missing bank or name, or an account number that is not 8 to 30 digits.
    """
    if _role(user, enterprise) != policy.CompanyRole.OWNER:
        raise Forbidden(_("Only an owner of the enterprise says where it is paid."))
    bank_name, account_name = (bank_name or "").strip(), (account_name or "").strip()
    connected_account_id = (connected_account_id or "").strip() or None
    errors = {}
    if not 1 <= len(bank_name) <= 100:
        errors["bank_name"] = [_("Enter the bank and branch (at most 100 characters).")]
    if not 1 <= len(account_name) <= 200:
        errors["account_name"] = [_("Enter the name the account is held in (at most 200 characters).")]
    try:
        account_number = bank_files.account_number(account_number)
    except bank_files.BadAccountNumber:
        errors["account_number"] = [_("An account number has 8 to 30 digits.")]
    if connected_account_id and not CONNECTED_ACCOUNT.fullmatch(connected_account_id):
        errors["connected_account_id"] = [_("A connected account id looks like acct_1AbC…")]
    if errors:
        raise InvalidInput(_("Some payout details are not valid."), errors)
    with transaction() as session:
        account = session.scalar(lock_for_update(select(PayoutAccount).where(
            PayoutAccount.enterprise_id == enterprise.id)).execution_options(populate_existing=True))
        before = _shown(account) if account else None
        if account is None:
            account = PayoutAccount(enterprise_id=enterprise.id)
            session.add(account)
        account.bank_name, account.account_name, account.account_number = bank_name, account_name, account_number
        account.connected_account_id = connected_account_id
        session.flush()
        if before != _shown(account):
            record("payouts.account_saved", actor=user.public_id, enterprise=enterprise.public_id,
                   target=enterprise.public_id, before=before, after=_shown(account))
    return account


def _role(user, enterprise):
    return db.session.scalar(select(Membership.role).where(Membership.user_id == user.id,
                                                           Membership.enterprise_id == enterprise.id))


def _shown(account):
    """What the audit log keeps of an account: enough to see that it changed, not the whole number."""
    return {"bank_name": account.bank_name, "account_name": account.account_name,
            "account_number_last4": account.account_number[-4:], "connected_account_id": account.connected_account_id}


def payout_account_of(enterprise):
    return db.session.get(PayoutAccount, enterprise.id)


# --- starting and completing -------------------------------------------------------------------------

def start(user, currency):
    """Pay out every seller owed money in ``currency`` the installation's way (``PAYOUT_METHOD``).

    :return: the payouts made (for a bank batch they share one ``PayoutBatch``).
    :raise InvalidInput: when nobody can be paid.
    """
    return methods.configured().start(user, currency)


def mark_paid(user, batch_public_id, bank_reference):
    """See ``BankBatchPayouts.mark_paid``: exactly once, whatever the number of clicks."""
    return methods.BankBatchPayouts().mark_paid(user, batch_public_id, bank_reference)


def mark_returned(user, payout_public_id, reason):
    """See ``BankBatchPayouts.mark_returned``."""
    return methods.BankBatchPayouts().mark_returned(user, payout_public_id, reason)


# --- reading ---------------------------------------------------------------------------------------

def payouts_statement(enterprise):
    """The enterprise's payouts, for the API's pages."""
    return select(Payout).where(Payout.enterprise_id == enterprise.id)


def payouts_of(enterprise, limit=100):
    return db.session.scalars(payouts_statement(enterprise).order_by(Payout.id.desc()).limit(limit)).all()


def payout_for(enterprise, public_id):
    """A payout seen by its seller, or by oversight with ``None``. :raise NotFound:"""
    payout = db.session.scalar(select(Payout).where(Payout.public_id == public_id))
    if payout is None or (enterprise is not None and payout.enterprise_id != enterprise.id):
        raise NotFound(_("There is no such payout."))
    return payout


def payables_waiting():
    """Who is owed what and whether the installation's way out can reach them, largest first.

    :return: dicts of enterprise, currency, amount_minor, account (or None), reachable.
    """
    method = methods.configured()
    owed = methods.payables()
    enterprises = {e.id: e for e in db.session.scalars(select(Enterprise).where(
        Enterprise.id.in_([enterprise_id for enterprise_id, _currency in owed])))}
    accounts = {a.enterprise_id: a for a in db.session.scalars(select(PayoutAccount).where(
        PayoutAccount.enterprise_id.in_(list(enterprises))))}
    rows = [{"enterprise": enterprises[enterprise_id], "currency": currency, "amount_minor": amount,
             "account": accounts.get(enterprise_id),
             "reachable": enterprise_id in accounts and method.can_pay(accounts[enterprise_id])}
            for (enterprise_id, currency), amount in owed.items()]
    return sorted(rows, key=lambda row: (row["currency"], -row["amount_minor"]))


def payout_balances():
    """``{currency: (payable to sellers, payouts in transit)}`` from the ledger, for the operator's page."""
    platform = ledger.platform_balances()
    totals = {}
    for (_enterprise_id, currency), amount in methods.payables().items():
        totals[currency] = totals.get(currency, 0) + amount
    currencies = set(totals) | {currency for kind, currency in platform if kind == "payouts_in_transit"}
    return {currency: (totals.get(currency, 0), platform.get(("payouts_in_transit", currency), 0))
            for currency in sorted(currencies)}


def batches(limit=50):
    """The newest settlement batches with their totals: ``[(batch, payouts, total_minor)]``."""
    rows = db.session.execute(
        select(PayoutBatch, func.count(Payout.id), func.coalesce(func.sum(Payout.amount_minor), 0))
        .outerjoin(Payout, Payout.batch_id == PayoutBatch.id).group_by(PayoutBatch.id)
        .order_by(PayoutBatch.id.desc()).limit(limit)).all()
    return [(batch, count, int(total)) for batch, count, total in rows]


def batch_for(public_id):
    """:raise NotFound:"""
    batch = db.session.scalar(select(PayoutBatch).where(PayoutBatch.public_id == public_id))
    if batch is None:
        raise NotFound(_("There is no such settlement batch."))
    return batch


def transfers_in_transit():
    return db.session.scalars(select(Payout).where(Payout.method == methods.GATEWAY_TRANSFER,
                                                   Payout.status == methods.IN_TRANSIT).order_by(Payout.id)).all()


def batch_lines(batch):
    """The transfers of the batch's file: every payout but those the bank returned."""
    return [bank_files.Line(payout.account_name, payout.enterprise.credit_code, payout.bank_name,
                            payout.account_number, payout.amount_minor, payout.currency, payout.public_id)
            for payout in batch.payouts if payout.status != methods.RETURNED]


def batch_csv(batch):
    """The bank-transfer file, UTF-8 with a byte-order mark so spreadsheets read the Chinese names."""
    return bank_files.batch_csv(batch_lines(batch)).encode("utf-8-sig")


def released_into(payout):
    """What a payout paid: the entries credited to the seller's payable since its previous payout.

    :return: dicts of reference (the contract or order, or the returned payout sent again),
        booked_at, gross_minor, fee_minor, net_minor; the nets add up to the payout.
    """
    seller = payout.enterprise
    account = f"{seller.public_id}:payable"
    started = ledger.booked(f"payout:{payout.public_id}")
    until = next(entry.id for entry in started.entries if entry.account == account)
    since = db.session.scalar(
        select(func.max(LedgerEntry.id)).join(LedgerTransaction, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(LedgerEntry.account == account, LedgerEntry.currency == payout.currency,
               LedgerTransaction.kind == methods.STARTED_KIND, LedgerEntry.id < until)) or 0
    entries = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.account == account, LedgerEntry.currency == payout.currency, LedgerEntry.id > since,
        LedgerEntry.id < until).order_by(LedgerEntry.id)).all()
    return [_released(entry) for entry in entries]


def _released(entry):
    transaction = entry.transaction
    if transaction.kind == ledger.RELEASE:
        return release_row(transaction)
    net = -entry.amount_minor
    reference = transaction.key.split(":", 1)[1] if transaction.kind == methods.RETURNED_KIND else transaction.key
    return {"reference": reference, "booked_at": transaction.created_at, "gross_minor": net, "fee_minor": 0,
            "net_minor": net}


def release_row(transaction):
    """One release of escrow to a seller as a statement shows it: the deal, gross, the platform fee and net."""
    escrow = db.session.get(Escrow, transaction.escrow_id)
    gross = sum(e.amount_minor for e in transaction.entries if e.account_kind == "in_escrow")
    net = -sum(e.amount_minor for e in transaction.entries if e.account_kind == "payable")
    return {"reference": escrow.payable_public_id, "booked_at": transaction.created_at, "gross_minor": gross,
            "fee_minor": gross - net, "net_minor": net}
