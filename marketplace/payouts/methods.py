"""One payout interface, two ways out: a gateway transfer (Stripe Connect) or a bank settlement batch.

Both start the same way. Under a row lock on every payout account (taken in one order, so two
starts never deadlock), each seller's payable balance is read from the ledger and moved whole into
one Payout, booked ``payout:<po id>``. A second start waiting on those locks reads the balance
again once the first has committed and finds nothing left, so a seller's payable is moved once
however many operators click at the same moment. A payout then completes exactly once
(``payout_paid:<po id>``) or comes back to the seller's payable (``payout_returned:<po id>``); its
status only leaves ``in_transit`` under its own row lock.
"""
import abc

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerEntry
from marketplace.money import MINOR_DIGITS
from marketplace.outbox import emit
from marketplace.payments import gateway as gateways
from marketplace.payments import services as payments
from marketplace.payouts.models import Payout, PayoutAccount, PayoutBatch

IN_TRANSIT, PAID, RETURNED = "in_transit", "paid", "returned"
BANK_BATCH, GATEWAY_TRANSFER = "bank_batch", "gateway_transfer"
# Ledger transaction kinds of a payout's three movements.
STARTED_KIND, PAID_KIND, RETURNED_KIND = "payout_started", "payout_paid", "payout_returned"


def payables(currency=None):
    """``{(enterprise id, currency): amount}`` of every seller the platform owes money to, from the ledger."""
    statement = (select(LedgerEntry.enterprise_id, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
                 .where(LedgerEntry.account_kind == postings.AccountKind.PAYABLE)
                 .group_by(LedgerEntry.enterprise_id, LedgerEntry.currency)
                 .having(func.sum(LedgerEntry.amount_minor) < 0))
    if currency:
        statement = statement.where(LedgerEntry.currency == currency)
    return {(enterprise_id, code): postings.shown_balance(postings.AccountKind.PAYABLE, int(total))
            for enterprise_id, code, total in db.session.execute(statement)}


class PayoutMethod(abc.ABC):
    """How what the platform owes sellers leaves it; ``start`` is the same for every way out."""

    name = ""

    @abc.abstractmethod
    def can_pay(self, account):
        """Whether ``account`` holds what this way out needs (bank details, or a connected account)."""

    @abc.abstractmethod
    def destination(self, account, enterprise):
        """The payee's details copied onto the payout, so a later change of the account never changes it."""

    def group(self, user, currency, payouts):
        """Inside the starting transaction: gather the new payouts (a bank batch does)."""

    def dispatch(self, payouts):
        """After the commit: send what can be sent at once (a gateway transfer is)."""

    def start(self, user, currency):
        """Pay out every seller's whole payable in ``currency`` that this way can reach; :return: the payouts.

        :raise InvalidInput: for an unknown currency, or when nobody can be paid.
        """
        if currency not in MINOR_DIGITS:
            raise InvalidInput(_("Choose a currency."), {"currency": [_("Unknown currency.")]})
        with transaction():
            payouts = self._open_payouts(user, currency)
            if not payouts:
                raise InvalidInput(_("No seller with payout details on file is owed anything in %(currency)s.",
                                     currency=currency))
            self.group(user, currency, payouts)
        self.dispatch(payouts)
        return payouts

    def _open_payouts(self, user, currency):
        accounts = db.session.scalars(lock_for_update(select(PayoutAccount).order_by(PayoutAccount.enterprise_id))
                                      .execution_options(populate_existing=True)).all()
        owed = payables(currency)  # read after the locks: what an earlier start moved is gone
        payouts = []
        for account in accounts:
            amount = owed.get((account.enterprise_id, currency), 0)
            if amount <= 0 or not self.can_pay(account):
                continue
            enterprise = db.session.get(Enterprise, account.enterprise_id)
            payout = Payout(enterprise_id=enterprise.id, method=self.name, amount_minor=amount, currency=currency,
                            status=IN_TRANSIT, **self.destination(account, enterprise))
            db.session.add(payout)
            db.session.flush()
            ledger.book(f"payout:{payout.public_id}", STARTED_KIND,
                        postings.payout_started(enterprise.public_id, amount, currency),
                        memo=f"payout {payout.public_id} by {self.name}")
            record("payouts.started", actor=user.public_id, enterprise=enterprise.public_id,
                   target=payout.public_id, after={"method": self.name, "amount_minor": amount, "currency": currency})
            emit("payout.started", "payout", payout.public_id, 1, _event(payout, enterprise))
            payouts.append(payout)
        return payouts


class BankBatchPayouts(PayoutMethod):
    """A settlement batch: the operator exports the transfer file, the bank pays it, the operator marks it paid."""

    name = BANK_BATCH

    def can_pay(self, account):
        return bool(account.bank_name and account.account_name and account.account_number)

    def destination(self, account, enterprise):
        return {"bank_name": account.bank_name, "account_name": account.account_name,
                "account_number": account.account_number}

    def group(self, user, currency, payouts):
        batch = PayoutBatch(currency=currency, created_by_id=user.id)
        db.session.add(batch)
        db.session.flush()
        for payout in payouts:
            payout.batch_id = batch.id
        record("payouts.batch_created", actor=user.public_id, target=batch.public_id,
               after={"currency": currency, "payouts": len(payouts),
                      "total_minor": sum(payout.amount_minor for payout in payouts)})

    def mark_paid(self, user, batch_public_id, bank_reference):
        """The bank has paid the batch: every payout still in transit completes. Marking it again changes nothing.

        :raise InvalidInput: without the bank's reference.
        """
        reference = (bank_reference or "").strip()
        if not reference or len(reference) > 100:
            raise InvalidInput(_("Give the bank's reference of the batch (at most 100 characters)."),
                               {"bank_reference": [_("Enter the bank's reference.")]})
        with transaction():
            batch = batch_locked(batch_public_id)
            if batch.status == PAID:
                return batch
            for payout in batch.payouts:
                complete(_payout_locked(payout.public_id), user)
            batch.status, batch.bank_reference, batch.paid_by_id, batch.paid_at = PAID, reference, user.id, utcnow()
            record("payouts.batch_paid", actor=user.public_id, target=batch.public_id,
                   after={"bank_reference": reference})
        return batch

    def mark_returned(self, user, payout_public_id, reason):
        """The bank could not pay one line of a batch still in transit: the seller is owed it again.

        :raise InvalidInput: without a reason, or for a payout already marked paid.
        """
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(_("Say why the bank returned the payout."), {"reason": [_("Give a reason.")]})
        with transaction():
            payout = payout_locked(payout_public_id)
            if payout.method != self.name:
                raise InvalidInput(_("Only a payout of a settlement batch is returned by hand."))
            if payout.status == RETURNED:
                return payout
            if payout.status != IN_TRANSIT:
                raise InvalidInput(_("This payout is already marked paid; a payout can be returned only while "
                                     "its batch is in transit."))
            send_back(payout, reason[:2000], user)
        return payout


class GatewayTransferPayouts(PayoutMethod):
    """A Stripe Connect transfer to the seller's connected account, sent right after the payout is booked.

    The payout row is committed before the gateway is called and tagged in the transfer's metadata;
    the call goes through the payments journal. No answer (down, timed out) leaves it in transit
    and the next start sends it again under the same idempotency key, which Stripe honours for
    transfers; a gateway without transfers (``GatewayUnsupported``) or a refusal returns it.
    """

    name = GATEWAY_TRANSFER

    def __init__(self, gateway=None):
        self._gateway = gateway

    @property
    def gateway(self):
        return self._gateway or payments.gateway()

    def can_pay(self, account):
        return bool(account.connected_account_id)

    def destination(self, account, enterprise):
        return {"account_name": enterprise.name_zh, "account_number": account.connected_account_id}

    def dispatch(self, payouts):
        waiting = db.session.scalars(select(Payout.public_id).where(
            Payout.method == self.name, Payout.status == IN_TRANSIT).order_by(Payout.id)).all()
        for payout_id in waiting:
            self.send(payout_id)

    def send(self, payout_public_id):
        """Transfer one payout in transit; safe to repeat. :return: the payout as it now stands."""
        payout = db.session.scalar(select(Payout).where(Payout.public_id == payout_public_id))
        if payout is None or payout.method != self.name or payout.status != IN_TRANSIT:
            return payout
        request = {"amount": payout.amount_minor, "currency": payout.currency, "destination": payout.account_number}
        try:
            transfer = payments.call_gateway(payout.public_id, "transfer", lambda key: self.gateway.create_transfer(
                payout.amount_minor, payout.currency, payout.account_number, {"binhai_payout": payout.public_id},
                key), request)
        except (gateways.GatewayUnavailable, gateways.GatewayTimeout):
            return payout
        except gateways.GatewayError as refused:
            with transaction():
                payout = payout_locked(payout_public_id)
                send_back(payout, str(refused)[:2000], None)
            return payout
        with transaction():
            payout = payout_locked(payout_public_id)
            payout.transfer_id = payout.transfer_id or transfer.id
            complete(payout)
        return payout


METHODS = {BANK_BATCH: BankBatchPayouts, GATEWAY_TRANSFER: GatewayTransferPayouts}


def configured():
    """The way out this installation uses (``PAYOUT_METHOD``)."""
    return METHODS[current_app.config["PAYOUT_METHOD"]]()


# --- one payout's end (call with the payout locked) -------------------------------------------------

def complete(payout, user=None):
    """The money has left the platform: booked once; a payout no longer in transit is left as it is."""
    if payout.status != IN_TRANSIT:
        return False
    ledger.book(f"payout_paid:{payout.public_id}", PAID_KIND, postings.payout_paid(payout.amount_minor,
                                                                                   payout.currency),
                memo=f"payout {payout.public_id} paid")
    payout.status, payout.paid_at = PAID, utcnow()
    seller = payout.enterprise
    record("payouts.paid", actor=user.public_id if user else None, enterprise=seller.public_id,
           target=payout.public_id, after={"amount_minor": payout.amount_minor, "currency": payout.currency,
                                           "transfer": payout.transfer_id})
    emit("payout.paid", "payout", payout.public_id, 2, _event(payout, seller))
    return True


def send_back(payout, why, user):
    """The payout did not reach the seller: what it took is payable to the seller again."""
    seller = payout.enterprise
    ledger.book(f"payout_returned:{payout.public_id}", RETURNED_KIND,
                postings.payout_returned(seller.public_id, payout.amount_minor, payout.currency),
                memo=f"payout {payout.public_id} returned: {why}"[:300])
    payout.status, payout.failure_message = RETURNED, why
    record("payouts.returned", actor=user.public_id if user else "system", enterprise=seller.public_id,
           target=payout.public_id, after={"reason": why})
    emit("payout.returned", "payout", payout.public_id, 2, _event(payout, seller) | {"reason": why})


def _event(payout, seller):
    return {"seller": seller.public_id, "method": payout.method, "amount_minor": payout.amount_minor,
            "currency": payout.currency}


def batch_locked(public_id):
    """:raise NotFound:"""
    batch = db.session.scalar(lock_for_update(select(PayoutBatch).where(PayoutBatch.public_id == public_id))
                              .execution_options(populate_existing=True))
    if batch is None:
        raise NotFound(_("There is no such settlement batch."))
    return batch


def payout_locked(public_id):
    """The payout locked, its batch first (the one lock order of batch changes). :raise NotFound:"""
    batch_public_id = db.session.scalar(select(PayoutBatch.public_id).join(Payout, Payout.batch_id == PayoutBatch.id)
                                        .where(Payout.public_id == public_id))
    if batch_public_id is not None:
        batch_locked(batch_public_id)
    return _payout_locked(public_id)


def _payout_locked(public_id):
    payout = db.session.scalar(lock_for_update(select(Payout).where(Payout.public_id == public_id))
                               .execution_options(populate_existing=True))
    if payout is None:
        raise NotFound(_("There is no such payout."))
    return payout
