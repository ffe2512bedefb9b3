"""The chart of accounts and the postings of each kind of movement. Pure: no Flask, no database.

Signs: a posting's amount is positive for a debit and negative for a credit, so every transaction
sums to zero per currency. The platform's money at the gateway (``gateway_clearing``) is an asset,
debit-normal; what the platform owes enterprises (``in_escrow``, ``payable``, ``available``) and
its own income are credit-normal, so their balances are shown negated.
"""
import enum
from collections import defaultdict
from dataclasses import dataclass


class AccountKind(enum.StrEnum):
    AVAILABLE = "available"  # the enterprise's money held free of any deal (e.g. a capture after a cancel)
    IN_ESCROW = "in_escrow"  # a buyer's money held until delivery and inspection
    PAYABLE = "payable"  # released to a seller and owed until paid out
    FEE_INCOME = "fee_income"
    GATEWAY_CLEARING = "gateway_clearing"
    PAYOUTS_IN_TRANSIT = "payouts_in_transit"


ENTERPRISE_KINDS = (AccountKind.AVAILABLE, AccountKind.IN_ESCROW, AccountKind.PAYABLE)
PLATFORM_KINDS = (AccountKind.FEE_INCOME, AccountKind.GATEWAY_CLEARING, AccountKind.PAYOUTS_IN_TRANSIT)
DEBIT_NORMAL = frozenset({AccountKind.GATEWAY_CLEARING})


class Unbalanced(ValueError):
    """A transaction whose postings do not sum to zero in some currency; it is never written."""


@dataclass(frozen=True)
class Account:
    kind: AccountKind
    enterprise: str | None = None  # public id; None for the platform's own accounts

    def __post_init__(self):
        if (self.enterprise is None) != (self.kind in PLATFORM_KINDS):
            raise ValueError(f"{self.kind} is {'a platform' if self.kind in PLATFORM_KINDS else 'an enterprise'} "
                             "account")

    @property
    def code(self):
        return f"{self.enterprise or 'platform'}:{self.kind}"

    @classmethod
    def parse(cls, code):
        owner, kind = code.rsplit(":", 1)
        return cls(AccountKind(kind), None if owner == "platform" else owner)


@dataclass(frozen=True)
class Posting:
    account: Account
    amount: int  # minor units; debit > 0, credit < 0
    currency: str


def check_balanced(postings):
    """:raise Unbalanced: unless the amounts sum to zero in every currency and none is zero or fractional."""
    totals = defaultdict(int)
    for posting in postings:
        if not isinstance(posting.amount, int) or isinstance(posting.amount, bool) or posting.amount == 0:
            raise Unbalanced(f"posting of {posting.amount!r} to {posting.account.code}")
        totals[posting.currency] += posting.amount
    off = {currency: total for currency, total in totals.items() if total}
    if off or not postings:
        raise Unbalanced(f"postings do not balance: {off or 'none given'}")
    return postings


def shown_balance(kind, debit_sum):
    """The balance a person reads (positive when the account holds money) from the sum of postings."""
    return debit_sum if AccountKind(kind) in DEBIT_NORMAL else -debit_sum


def _pair(debit, credit, amount, currency):
    return [Posting(debit, amount, currency), Posting(credit, -amount, currency)]


def capture(buyer, amount, currency):
    """The buyer's money arrives at the gateway and is held in escrow for the buyer's deal."""
    return check_balanced(_pair(Account(AccountKind.GATEWAY_CLEARING), Account(AccountKind.IN_ESCROW, buyer),
                                amount, currency))


def capture_unowed(buyer, amount, currency):
    """Money captured for a deal that no longer takes it (cancelled meanwhile): the buyer's, free of any deal."""
    return check_balanced(_pair(Account(AccountKind.GATEWAY_CLEARING), Account(AccountKind.AVAILABLE, buyer),
                                amount, currency))


def release(buyer, seller, gross, fee, currency):
    """Escrow goes to the seller: ``gross`` leaves escrow, the platform keeps ``fee``, the seller is owed the rest."""
    if not 0 <= fee <= gross:
        raise Unbalanced(f"a fee of {fee} on a release of {gross}")
    postings = [Posting(Account(AccountKind.IN_ESCROW, buyer), gross, currency)]
    if gross - fee:
        postings.append(Posting(Account(AccountKind.PAYABLE, seller), fee - gross, currency))
    if fee:
        postings.append(Posting(Account(AccountKind.FEE_INCOME), -fee, currency))
    return check_balanced(postings)


def refund(buyer, amount, currency, source=AccountKind.IN_ESCROW):
    """Money goes back to the buyer's card through the gateway, from escrow (or from ``available``)."""
    return check_balanced(_pair(Account(source, buyer), Account(AccountKind.GATEWAY_CLEARING), amount, currency))


def payout_started(seller, amount, currency):
    """What the platform owes a seller is on its way (in a bank batch or a gateway transfer)."""
    return check_balanced(_pair(Account(AccountKind.PAYABLE, seller), Account(AccountKind.PAYOUTS_IN_TRANSIT),
                                amount, currency))


def payout_paid(amount, currency):
    """The bank (or the gateway) confirms the payout: the money has left the platform."""
    return check_balanced(_pair(Account(AccountKind.PAYOUTS_IN_TRANSIT), Account(AccountKind.GATEWAY_CLEARING),
                                amount, currency))


def payout_returned(seller, amount, currency):
    """A payout the bank sent back: the seller is owed it again."""
    return check_balanced(_pair(Account(AccountKind.PAYOUTS_IN_TRANSIT), Account(AccountKind.PAYABLE, seller),
                                amount, currency))

