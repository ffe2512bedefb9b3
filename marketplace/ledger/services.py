"""Booking and reading the ledger. Booking joins the caller's transaction; balances are sums of entries.

``book`` is idempotent by key: the same business fact (``capture:pay_…``) is booked once however
often a retry, a webhook or a recovery pass reaches it, because the key is unique in the table.
"""
from collections import defaultdict

from sqlalchemy import case, func, select

from marketplace.accounts.models import Enterprise
from marketplace.escrow.rules import EscrowRuleBroken, Position
from marketplace.extensions import db
from marketplace.ledger import postings as rules
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from marketplace.ledger.postings import AccountKind

# Transaction kinds, by what they do to an escrow's position.
CAPTURE, RELEASE, REFUND = "capture", "release", "refund"


def booked(key):
    """The transaction already booked under ``key``, or None."""
    return db.session.scalar(select(LedgerTransaction).where(LedgerTransaction.key == key))


def book(key, kind, postings, escrow=None, memo=""):
    """Write one balanced transaction under ``key`` unless it is already booked; returns (transaction, new?).

    :raise postings.Unbalanced: for postings that do not sum to zero per currency (nothing is written).
    """
    rules.check_balanced(postings)
    existing = booked(key)
    if existing is not None:
        return existing, False
    enterprise_ids = _enterprise_ids({p.account.enterprise for p in postings if p.account.enterprise})
    transaction = LedgerTransaction(key=key, kind=kind, escrow_id=escrow.id if escrow else None, memo=memo[:300])
    for posting in postings:
        transaction.entries.append(LedgerEntry(
            account=posting.account.code, account_kind=posting.account.kind,
            enterprise_id=enterprise_ids.get(posting.account.enterprise), escrow_id=escrow.id if escrow else None,
            currency=posting.currency, amount_minor=posting.amount))
    db.session.add(transaction)
    db.session.flush()
    return transaction, True


def _enterprise_ids(public_ids):
    if not public_ids:
        return {}
    return dict(db.session.execute(select(Enterprise.public_id, Enterprise.id)
                                   .where(Enterprise.public_id.in_(public_ids))).all())


def balances_of(enterprise):
    """``{(kind, currency): shown balance}`` of the enterprise's accounts (available, in escrow, payable)."""
    rows = db.session.execute(select(LedgerEntry.account_kind, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
                              .where(LedgerEntry.enterprise_id == enterprise.id)
                              .group_by(LedgerEntry.account_kind, LedgerEntry.currency)).all()
    return {(kind, currency): rules.shown_balance(kind, int(total)) for kind, currency, total in rows}


def platform_balances():
    """``{(kind, currency): shown balance}`` of the platform's own accounts."""
    rows = db.session.execute(select(LedgerEntry.account_kind, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
                              .where(LedgerEntry.enterprise_id.is_(None))
                              .group_by(LedgerEntry.account_kind, LedgerEntry.currency)).all()
    return {(kind, currency): rules.shown_balance(kind, int(total)) for kind, currency, total in rows}


def position_of(escrow):
    """What came into and went out of ``escrow``, from its ledger entries (never from a stored counter)."""
    return positions_of([escrow.id]).get(escrow.id, Position())


def positions_of(escrow_ids):
    """``{escrow id: Position}`` for many escrows in one query."""
    if not escrow_ids:
        return {}
    in_escrow = LedgerEntry.account_kind == AccountKind.IN_ESCROW
    kind = LedgerTransaction.kind
    amount = LedgerEntry.amount_minor
    rows = db.session.execute(
        select(LedgerEntry.escrow_id,
               func.sum(case((in_escrow & (kind == CAPTURE), -amount), else_=0)),
               func.sum(case((in_escrow & (kind == RELEASE), amount), else_=0)),
               func.sum(case((in_escrow & (kind == REFUND), amount), else_=0)),
               func.sum(case(((LedgerEntry.account_kind == AccountKind.FEE_INCOME) & (kind == RELEASE), -amount),
                             else_=0)))
        .join(LedgerTransaction, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(LedgerEntry.escrow_id.in_(list(escrow_ids)))
        .group_by(LedgerEntry.escrow_id)).all()
    return {escrow_id: Position(int(c), int(r), int(f), int(fee)) for escrow_id, c, r, f, fee in rows}


def entries_of(enterprise, limit=200):
    """The enterprise's most recent entries with their transactions, newest first (its statement)."""
    return db.session.scalars(select(LedgerEntry).where(LedgerEntry.enterprise_id == enterprise.id)
                              .order_by(LedgerEntry.id.desc()).limit(limit)).all()


def verify():
    """Every difference from the ledger's rules, as readable lines; an empty list means the books hold.

    Checks: each transaction balances per currency; no account that holds money for others is
    overdrawn; no escrow released or refunded more than was captured, nor took more fee than it released.
    """
    problems = []
    unbalanced = db.session.execute(
        select(LedgerTransaction.key, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .group_by(LedgerTransaction.key, LedgerEntry.currency)
        .having(func.sum(LedgerEntry.amount_minor) != 0)).all()
    problems += [f"transaction {key} does not balance in {currency}: off by {total}"
                 for key, currency, total in unbalanced]
    empty = db.session.scalars(select(LedgerTransaction.key).where(
        ~select(LedgerEntry.id).where(LedgerEntry.transaction_id == LedgerTransaction.id).exists())).all()
    problems += [f"transaction {key} has no entries" for key in empty]
    totals = defaultdict(int)
    for account, kind, currency, total in db.session.execute(
            select(LedgerEntry.account, LedgerEntry.account_kind, LedgerEntry.currency,
                   func.sum(LedgerEntry.amount_minor)).group_by(LedgerEntry.account, LedgerEntry.account_kind,
                                                                LedgerEntry.currency)):
        shown = rules.shown_balance(kind, int(total))
        if kind in (AccountKind.IN_ESCROW, AccountKind.PAYABLE, AccountKind.AVAILABLE,
                    AccountKind.PAYOUTS_IN_TRANSIT) and shown < 0:
            problems.append(f"account {account} is overdrawn: {shown} {currency}")
        totals[currency] += int(total)
    problems += [f"the ledger does not balance in {currency}: off by {total}" for currency, total in totals.items()
                 if total]
    escrow_ids = db.session.scalars(select(LedgerEntry.escrow_id).where(LedgerEntry.escrow_id.is_not(None))
                                    .distinct()).all()
    for escrow_id, position in positions_of(escrow_ids).items():
        try:
            position.check()
        except EscrowRuleBroken as broken:
            problems.append(f"escrow #{escrow_id}: {broken}")
    return problems
