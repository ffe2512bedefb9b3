"""Documents: requested once per kind and subject, rendered off the request path, stored, read by those allowed.

A document is made for a business fact that never changes (a contract awaiting payment, a captured
payment, a release of escrow, a paid payout), so once rendered it is kept as it is. Every figure
in it is read from the fact's own rows as of that fact (a statement's "paid so far" counts the
payments up to its own), so rendering again after a failure gives the same document.

Which kind, about what, for whom:

- ``sales_contract``: a contract or an order, when it starts awaiting payment; buyer and seller.
- ``payment_receipt``: a captured payment; buyer and seller (the money is held for the seller).
- ``invoice``: the statement to the buyer as at a captured payment (what is owed, what is paid,
  the balance due); one per payment, because a document never changes and a buyer who paid a
  deposit needs the statement of the balance then, not only once everything is paid.
- ``payout_statement``: a release of escrow to the seller (a delivery, or a dispute decided with
  a release), and a payout once paid; the seller only.
"""
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.accounts.models import Enterprise
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.documents import rendering
from marketplace.documents.models import Document
from marketplace.errors import DomainError, NotFound
from marketplace.escrow import services as escrow_services
from marketplace.escrow.models import Delivery, Escrow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from marketplace.ledger import services as ledger
from marketplace.money import Money
from marketplace.orders import services as orders
from marketplace.payments.models import Payment
from marketplace.payouts import methods as payout_methods
from marketplace.payouts import services as payouts
from trading.contracts import services as contracts

log = logging.getLogger(__name__)

SALES_CONTRACT, INVOICE, PAYMENT_RECEIPT, PAYOUT_STATEMENT = "sales_contract", "invoice", "payment_receipt", \
    "payout_statement"
KINDS = (SALES_CONTRACT, INVOICE, PAYMENT_RECEIPT, PAYOUT_STATEMENT)
QUEUED, READY, FAILED = "queued", "ready", "failed"
MAX_ATTEMPTS = 3
# The document's own name, as printed on it, leads its stored title.
TITLES = {SALES_CONTRACT: "销售合同 Sales Contract", INVOICE: "结算单 Statement",
          PAYMENT_RECEIPT: "付款回单 Payment Receipt", PAYOUT_STATEMENT: "放款结算单 Payout Statement"}


class NotReady(DomainError):
    """The document is still being prepared (or could not be); its PDF is not there yet."""

    status = 409


@dataclass(frozen=True)
class _About:
    """Who a document is for and what it is called."""

    first_party: Enterprise
    second_party: Enterprise | None
    title: str


# --- requesting --------------------------------------------------------------------------------------

def request(kind, subject_public_id):
    """The document of ``kind`` about ``subject_public_id``, queued for rendering if there is none yet.

    Joins the caller's transaction. :return: the document, or None when the subject calls for none
    (a dispute decided without releasing anything to the seller, a payment for a deal already closed).
    :raise NotFound: for a subject that does not exist.
    """
    existing = db.session.scalar(select(Document).where(Document.kind == kind,
                                                        Document.subject_id == subject_public_id))
    if existing is not None:
        return existing
    about = _ABOUT[kind](subject_public_id)
    if about is None:
        return None
    with transaction() as session:
        document = Document(kind=kind, subject_id=subject_public_id, title=about.title[:200],
                            first_party_id=about.first_party.id,
                            second_party_id=about.second_party.id if about.second_party else None)
        session.add(document)
        session.flush()
        record("documents.requested", actor="system", enterprise=about.first_party.public_id,
               target=document.public_id, after={"kind": kind, "subject": subject_public_id})
    return document


def _deal_parties(kind, escrow, detail=""):
    return _About(escrow.buyer, escrow.seller, f"{TITLES[kind]} · {detail or escrow.title}")


def _about_deal(subject):
    return _deal_parties(SALES_CONTRACT, escrow_services.escrow_for(None, subject))


def _about_payment(kind):
    def about(subject):
        payment = _payment(subject)
        if ledger.booked(f"capture:{payment.public_id}").kind != ledger.CAPTURE:
            return None  # captured after the deal closed and refunded at once: never held for the seller
        return _deal_parties(kind, db.session.get(Escrow, payment.escrow_id))

    return about


def _about_payout_statement(subject):
    release = _release_of(subject)
    if release is not None:
        escrow = db.session.get(Escrow, release.escrow_id)
        return _About(escrow.seller, None, f"{TITLES[PAYOUT_STATEMENT]} · {escrow.title}")
    if subject.startswith("esc_"):
        escrow_services.escrow_for(None, subject)  # it exists, but its decision released nothing to the seller
        return None
    payout = payouts.payout_for(None, subject)
    return _About(payout.enterprise, None, f"{TITLES[PAYOUT_STATEMENT]} · {payout.public_id}")


_ABOUT = {SALES_CONTRACT: _about_deal, INVOICE: _about_payment(INVOICE),
          PAYMENT_RECEIPT: _about_payment(PAYMENT_RECEIPT), PAYOUT_STATEMENT: _about_payout_statement}


def _payment(public_id):
    payment = db.session.scalar(select(Payment).where(Payment.public_id == public_id))
    if payment is None or payment.status != "captured":
        raise NotFound(_("There is no such captured payment."))
    return payment


def _release_of(subject):
    """The ledger's release that a payout statement about a delivery or a decided dispute shows, if any."""
    if subject.startswith("dlv_"):
        delivery = db.session.scalar(select(Delivery).where(Delivery.public_id == subject))
        if delivery is None:
            raise NotFound(_("There is no such delivery."))
        return ledger.booked(f"release:{subject}")
    if subject.startswith("esc_"):
        release = ledger.booked(f"release:dispute:{subject}")
        return release if release is not None and payouts.release_row(release)["net_minor"] > 0 else None
    return None


# --- rendering ---------------------------------------------------------------------------------------

def render_pending(limit=10):
    """Render up to ``limit`` queued documents (and failed ones with attempts left), oldest first.

    :return: the documents as they now stand. :raise rendering.FontMissing: when no document can be made.
    """
    waiting = db.session.scalars(select(Document.public_id).where(or_(
        Document.status == QUEUED, and_(Document.status == FAILED, Document.attempts < MAX_ATTEMPTS)))
        .order_by(Document.id).limit(limit)).all()
    rendered = (render(public_id) for public_id in waiting)
    return [document for document in rendered if document is not None]


def render(public_id):
    """Render one document in its own transaction, its row locked meanwhile; safe to call for a ready one.

    A failure of this document (its data, its template) is kept on it with the error, and counts as
    one of its ``MAX_ATTEMPTS``; a missing font or a database fault is no fault of the document and
    is raised instead. :return: the document, or None while another renderer holds it.
    """
    with transaction():
        document = db.session.scalar(select(Document).where(Document.public_id == public_id)
                                     .with_for_update(skip_locked=True).execution_options(populate_existing=True))
        if document is None or document.status == READY:
            return document
        document.attempts += 1
        try:
            pdf = rendering.render_pdf(render_template(f"documents/{document.kind}.html", **context_of(document)))
        except (rendering.FontMissing, SQLAlchemyError):
            raise
        except Exception as error:  # noqa: BLE001 - whatever broke this one document is kept on it
            document.status, document.error = FAILED, f"{type(error).__name__}: {error}"[:2000]
            log.warning("document %s (%s %s) failed, attempt %d: %s", document.public_id, document.kind,
                        document.subject_id, document.attempts, document.error)
            record("documents.failed", actor="system", target=document.public_id,
                   after={"attempts": document.attempts, "error": document.error})
            return document
        document.content, document.size = pdf, len(pdf)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.status, document.error, document.rendered_at = READY, None, utcnow()
        record("documents.rendered", actor="system", target=document.public_id,
               after={"sha256": document.sha256, "size": document.size, "attempts": document.attempts})
    return document


def retry(user, public_id):
    """The operator has fixed what made a document fail: render it again, with its attempts counted afresh."""
    with transaction():
        document = db.session.scalar(select(Document).where(Document.public_id == public_id).with_for_update())
        if document is None:
            raise NotFound(_("There is no such document."))
        if document.status == FAILED:
            document.status, document.attempts = QUEUED, 0
            record("documents.retried", actor=user.public_id, target=document.public_id,
                   after={"error": document.error})
    return document


# --- reading -----------------------------------------------------------------------------------------

def documents_statement(enterprise=None, kind=None, subject=None):
    """Documents the enterprise is a party to (all of them for oversight, ``None``), newest last by id."""
    statement = select(Document)
    if enterprise is not None:
        statement = statement.where(or_(Document.first_party_id == enterprise.id,
                                        Document.second_party_id == enterprise.id))
    if kind:
        statement = statement.where(Document.kind == kind)
    if subject:
        statement = statement.where(Document.subject_id.in_(_subjects_of(subject)))
    return statement


def documents_page(enterprise, page, size, status=None):
    """One page (from 1) of documents, newest first, and how many there are."""
    statement = documents_statement(enterprise)
    if status:
        statement = statement.where(Document.status == status)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(statement.order_by(Document.id.desc()).offset((page - 1) * size).limit(size)).all()
    return rows, total


def documents_for(subject_public_id, viewer_enterprise):
    """Every document of a deal (the contract or order, its payments, releases) or about one subject,
    that ``viewer_enterprise`` may read (oversight passes ``None``), oldest first."""
    return db.session.scalars(documents_statement(viewer_enterprise, subject=subject_public_id)
                              .order_by(Document.id)).all()


def _subjects_of(subject):
    """The subject, and for a deal (by its own or its escrow's id) the subjects of its payments and deliveries."""
    try:
        escrow = escrow_services.escrow_for(None, subject)
    except NotFound:
        return [subject]
    payments = db.session.scalars(select(Payment.public_id).where(Payment.escrow_id == escrow.id)).all()
    return [subject, escrow.public_id, escrow.payable_public_id, *payments,
            *(delivery.public_id for delivery in escrow.deliveries)]


def document_for(enterprise, public_id):
    """A document seen by one of its parties, or by oversight with ``None``. :raise NotFound: otherwise."""
    document = db.session.scalar(select(Document).where(Document.public_id == public_id))
    if document is None or (enterprise is not None and enterprise.id not in (document.first_party_id,
                                                                             document.second_party_id)):
        raise NotFound(_("There is no such document."))
    return document


def content_of(document):
    """The stored PDF. :raise NotReady: while it is being prepared or if it could not be."""
    if document.status != READY:
        raise NotReady(_("This document is still being prepared; try again in a few seconds.")
                       if may_still_come(document) else
                       _("This document could not be prepared; the operator has been told."))
    return document.content


def may_still_come(document):
    """Whether a document not ready yet will be tried (again) without anyone doing anything."""
    return document.status == QUEUED or (document.status == FAILED and document.attempts < MAX_ATTEMPTS)


def parties_of(documents):
    """``{enterprise id: Enterprise}`` of the parties of ``documents``, in one query."""
    ids = {i for d in documents for i in (d.first_party_id, d.second_party_id) if i is not None}
    if not ids:
        return {}
    return {e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}


# --- what each document says ---------------------------------------------------------------------------

def printed_money(minor, currency):
    """``CNY 4,100,000.00``: how the documents print an amount (the code, never a symbol)."""
    return f"{currency} {Money(minor, currency).amount:,}"


def printed_quantity(value, unit):
    return f"{format(Decimal(value).normalize(), ',f')} {unit}"


def printed_date(moment):
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d")


def printed_time(moment):
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M (UTC+8)")


def party(enterprise):
    return {"name_zh": enterprise.name_zh, "name_en": enterprise.name_en, "credit_code": enterprise.credit_code,
            "address": enterprise.address}


def context_of(document):
    """The template context of ``document`` (see the comment at the top of each template)."""
    return _CONTEXTS[document.kind](document)


def _sales_contract(document):
    escrow = escrow_services.escrow_for(None, document.subject_id)
    currency = escrow.currency
    deposit = escrow.deposit_minor
    payment = {"total": printed_money(escrow.due_minor, currency), "deposit_percent": None}
    if deposit:
        percent = (Decimal(deposit * 100) / escrow.due_minor).quantize(Decimal("0.01")).normalize()
        payment |= {"deposit_percent": format(percent, "f"), "deposit": printed_money(deposit, currency),
                    "balance": printed_money(escrow.due_minor - deposit, currency)}
    common = {"document_number": escrow.payable_public_id, "issued_on": printed_date(escrow.created_at),
              "buyer": party(escrow.buyer), "seller": party(escrow.seller),
              "buyer_fee": printed_money(escrow.buyer_fee_minor, currency),
              "seller_fee": printed_money(escrow.seller_fee_minor, currency), "payment": payment,
              "inspection_days": escrow.inspection_days}
    if escrow.payable_type == escrow_services.CONTRACT:
        return common | _contract_terms(contracts.contract_for(None, escrow.payable_public_id))
    return common | _order_terms(orders.order_for(escrow.buyer, escrow.payable_public_id), escrow)


def _contract_terms(contract):
    currency = contract.currency
    attributes = contract.floor.spec_schema.get("attributes", ())
    named = {item["name"]: f"{item.get('label_zh') or item['name']} {item.get('label_en') or ''}".strip()
             for item in attributes}
    order = [item["name"] for item in attributes if item["name"] in contract.spec]
    order += [name for name in contract.spec if name not in named]
    return {"goods": {"title_zh": contract.title_zh, "title_en": contract.title_en,
                      "spec": {named.get(name, name): str(contract.spec[name]) for name in order},
                      "quantity": printed_quantity(contract.quantity, contract.unit),
                      "unit_price": f"{printed_money(contract.price_minor, currency)} / {contract.unit}",
                      "amount": printed_money(contract.amount_minor, currency)},
            "delivery": {"place": contract.delivery_place, "month": contract.delivery_month,
                         "terms": contract.delivery_terms}}


def _order_terms(order, escrow):
    currency = order.currency
    lines = order.lines
    if len(lines) == 1:
        line = lines[0]
        quantity, unit_price, spec = (printed_quantity(line.quantity, line.unit),
                                      f"{printed_money(line.unit_price_minor, currency)} / {line.unit}", {})
    else:
        quantity, unit_price = printed_quantity(escrow.quantity, escrow.unit), "—"
        spec = {f"{number}. {line.description}": f"{printed_quantity(line.quantity, line.unit)} × "
                f"{printed_money(line.unit_price_minor, currency)} = {printed_money(line.line_total_minor, currency)}"
                for number, line in enumerate(lines, 1)}
    title = "; ".join(line.description for line in lines) or order.public_id
    return {"goods": {"title_zh": title, "title_en": "", "spec": spec, "quantity": quantity, "unit_price": unit_price,
                      "amount": printed_money(order.total_minor, currency)},
            "delivery": {"place": order.delivery_address,
                         "month": order.delivery_date.strftime("%Y-%m") if order.delivery_date else "",
                         "terms": ""}}


def _payment_receipt(document):
    payment = _payment(document.subject_id)
    escrow = db.session.get(Escrow, payment.escrow_id)
    return {"document_number": payment.public_id, "issued_on": printed_date(payment.captured_at),
            "reference": escrow.payable_public_id, "part": payment.part, "payer": party(escrow.buyer),
            "seller": party(escrow.seller), "amount": printed_money(payment.amount_minor, payment.currency),
            "card_brand": payment.card_brand.capitalize(), "card_last4": payment.card_last4,
            "gateway_reference": payment.intent_id or "", "captured_at": printed_time(payment.captured_at)}


def _invoice(document):
    payment = _payment(document.subject_id)
    escrow = db.session.get(Escrow, payment.escrow_id)
    currency = escrow.currency
    paid = sum(db.session.scalars(select(Payment.amount_minor).where(
        Payment.escrow_id == escrow.id, Payment.status == "captured", Payment.id <= payment.id)))
    return {"document_number": document.public_id, "issued_on": printed_date(payment.captured_at),
            "reference": escrow.payable_public_id, "buyer": party(escrow.buyer), "seller": party(escrow.seller),
            "lines": _statement_lines(escrow), "goods_amount": printed_money(escrow.goods_minor, currency),
            "buyer_fee": printed_money(escrow.buyer_fee_minor, currency),
            "total": printed_money(escrow.due_minor, currency), "paid": printed_money(paid, currency),
            "balance_due": printed_money(max(escrow.due_minor - paid, 0), currency)}


def _statement_lines(escrow):
    currency = escrow.currency
    if escrow.payable_type == escrow_services.CONTRACT:
        contract = contracts.contract_for(None, escrow.payable_public_id)
        title = contract.title_zh if contract.title_zh == contract.title_en else \
            f"{contract.title_zh} {contract.title_en}"
        return [{"description": title, "quantity": printed_quantity(contract.quantity, contract.unit),
                 "unit_price": f"{printed_money(contract.price_minor, currency)} / {contract.unit}",
                 "amount": printed_money(contract.amount_minor, currency)}]
    order = orders.order_for(escrow.buyer, escrow.payable_public_id)
    return [{"description": line.description, "quantity": printed_quantity(line.quantity, line.unit),
             "unit_price": f"{printed_money(line.unit_price_minor, currency)} / {line.unit}",
             "amount": printed_money(line.line_total_minor, currency)} for line in order.lines]


def _payout_statement(document):
    release = _release_of(document.subject_id)
    if release is not None:
        escrow = db.session.get(Escrow, release.escrow_id)
        rows, seller, issued, currency = [payouts.release_row(release)], escrow.seller, release.created_at, \
            escrow.currency
        payout = {"method": payout_methods.configured().name, "status": "payable"}
    else:
        found = payouts.payout_for(None, document.subject_id)
        rows, seller, currency = payouts.released_into(found), found.enterprise, found.currency
        issued = found.paid_at or found.created_at
        payout = {"method": found.method, "status": found.status,
                  "reference": " / ".join(filter(None, [found.public_id, found.transfer_id,
                                                        found.batch.bank_reference if found.batch else None]))}
        if found.method == payout_methods.BANK_BATCH:
            payout |= {"bank_name": found.bank_name, "account_name": found.account_name,
                       "account_number": found.account_number}
    return {"document_number": document.public_id, "issued_on": printed_date(issued), "seller": party(seller),
            "releases": [{"reference": row["reference"], "released_on": printed_date(row["booked_at"]),
                          "gross": printed_money(row["gross_minor"], currency),
                          "fee": printed_money(row["fee_minor"], currency),
                          "net": printed_money(row["net_minor"], currency)} for row in rows],
            "gross_total": printed_money(sum(row["gross_minor"] for row in rows), currency),
            "fee_total": printed_money(sum(row["fee_minor"] for row in rows), currency),
            "net_total": printed_money(sum(row["net_minor"] for row in rows), currency),
            "payout": payout}


_CONTEXTS = {SALES_CONTRACT: _sales_contract, INVOICE: _invoice, PAYMENT_RECEIPT: _payment_receipt,
             PAYOUT_STATEMENT: _payout_statement}


# --- the settlement batch's PDF (not stored: the batch's status changes) --------------------------------

def settlement_batch_pdf(batch):
    """The bank-transfer file of a settlement batch as a bilingual PDF for the bank and the files.

    Rendered on request: the operator asks for it, and it shows the batch's current status.
    """
    lines = payouts.batch_lines(batch)
    total = sum(line.amount_minor for line in lines)
    html = render_template(
        "documents/settlement_batch.html", document_number=batch.public_id, issued_on=printed_date(batch.created_at),
        currency=batch.currency, status=batch.status, bank_reference=batch.bank_reference or "",
        paid_on=printed_date(batch.paid_at) if batch.paid_at else "",
        lines=[{"payee_name": line.payee_name, "credit_code": line.credit_code, "bank_name": line.bank_name,
                "account_number": line.account_number, "amount": printed_money(line.amount_minor, line.currency),
                "reference": line.reference} for line in lines],
        total=printed_money(total, batch.currency), count=len(lines))
    return rendering.render_pdf(html)
