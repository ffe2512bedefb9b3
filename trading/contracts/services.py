"""Contracts: made by a fill, an auction award or a listed-price purchase, then left awaiting payment."""
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from credit.terms import services as credit_terms
from marketplace.audit.services import record
from marketplace.errors import NotFound
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.money import Money
from marketplace.outbox import emit
from trading.auctions.models import Auction
from trading.book.models import Trade
from trading.contracts.models import Contract
from trading.floors.models import Floor
from trading.listings.models import FloorListing

AWAITING_PAYMENT = "awaiting_payment"
# A contract's status names its settlement's, except where the escrow's own word would mislead.
SETTLEMENT_STATUS = {"released": "completed", "resolved": "completed"}

_RECORDED_BY_CALLER = ContextVar("contracts_recorded_by_caller", default=False)


def fee(amount_minor, basis_points):
    """A fee of ``basis_points`` (1/10,000) of an amount, half-up to the minor unit."""
    return int((Decimal(amount_minor) * basis_points / 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _make(floor, buyer_id, seller_id, quantity, price_minor, **terms):
    amount = Money(price_minor, floor.currency).times(quantity).minor
    contract = Contract(floor_id=floor.id, buyer_enterprise_id=buyer_id, seller_enterprise_id=seller_id,
                        quantity=quantity, unit=floor.unit, price_minor=price_minor, amount_minor=amount,
                        currency=floor.currency, buyer_fee_minor=fee(amount, floor.buyer_fee_bp),
                        seller_fee_minor=fee(amount, floor.seller_fee_bp), status="made", **terms)
    db.session.add(contract)
    db.session.flush()
    await_payment(contract)
    return contract


def from_trade(trade):
    """The contract of one fill on an instrument's book, on the instrument's standard terms."""
    instrument = trade.instrument
    return _make(instrument.floor, trade.buyer_enterprise_id, trade.seller_enterprise_id, trade.quantity,
                 trade.price_minor, source="trade", trade_id=trade.id, instrument_id=instrument.id,
                 title_zh=instrument.name_zh, title_en=instrument.name_en, spec=dict(instrument.spec),
                 delivery_place=instrument.delivery_place, delivery_month=instrument.delivery_month,
                 delivery_terms=instrument.floor.delivery_terms)


def from_award(auction, bid):
    """The contract of an auction's winning bid; in a reverse auction the owner is the buyer."""
    buyer_id, seller_id = ((auction.owner_enterprise_id, bid.enterprise_id) if auction.kind == "reverse"
                           else (bid.enterprise_id, auction.owner_enterprise_id))
    return _make(auction.floor, buyer_id, seller_id, auction.quantity, bid.price_minor, source="auction",
                 auction_id=auction.id, title_zh=auction.title, title_en=auction.title, spec=dict(auction.spec),
                 delivery_place=auction.delivery_place, delivery_month=auction.delivery_month,
                 delivery_terms=auction.delivery_terms)


def from_purchase(listing, buyer, quantity):
    """The contract of a listed-price purchase of ``quantity`` from a seller's non-standard lot."""
    return _make(listing.floor, buyer.id, listing.seller_enterprise_id, quantity, listing.price_minor,
                 source="listing", floor_listing_id=listing.id, title_zh=listing.title, title_en=listing.title,
                 spec=dict(listing.spec), delivery_place=listing.delivery_place,
                 delivery_month=listing.delivery_month, delivery_terms=listing.delivery_terms)


@contextmanager
def recorded_by_caller():
    """Contracts made inside have no audit record of their own: the caller's record names them (an
    order's record lists the contracts its fills made), so a fill does not take the audit chain's lock again."""
    token = _RECORDED_BY_CALLER.set(True)
    try:
        yield
    finally:
        _RECORDED_BY_CALLER.reset(token)


def await_payment(contract):
    """The one point where a contract starts waiting for the buyer's money: its escrow opens with it, on
    the buyer's credit terms at this moment (a grade change applies to the next contract at once)."""
    contract.status = AWAITING_PAYMENT
    buyer_terms = credit_terms.terms_of(contract.buyer)
    opened = escrow.open_for_contract(contract, buyer_terms)
    if not _RECORDED_BY_CALLER.get():
        record("trading.contract.awaiting_payment", enterprise=contract.buyer.public_id if contract.buyer else None,
               target=contract.public_id, after={"amount_minor": contract.amount_minor, "currency": contract.currency,
                                                 "buyer_grade": buyer_terms.grade,
                                                 "deposit_minor": opened.deposit_minor})
    emit("contract.awaiting_payment", "contract", contract.public_id, contract.version, {
        "source": contract.source, "buyer": contract.buyer.public_id, "seller": contract.seller.public_id,
        "amount_minor": contract.amount_minor, "currency": contract.currency,
        "buyer_fee_minor": contract.buyer_fee_minor, "seller_fee_minor": contract.seller_fee_minor})


def settlement_moved(contract_id, escrow_status):
    """The contract follows its escrow (called by ``marketplace.escrow`` inside its transaction)."""
    contract = db.session.get(Contract, contract_id)
    contract.status = SETTLEMENT_STATUS.get(escrow_status, escrow_status)
    contract.version += 1


def contracts_statement(enterprise, status=None):
    """Contracts where ``enterprise`` buys or sells, newest first."""
    statement = select(Contract).where(or_(Contract.buyer_enterprise_id == enterprise.id,
                                           Contract.seller_enterprise_id == enterprise.id))
    if status:
        statement = statement.where(Contract.status == status)
    return statement


def contract_for(enterprise, public_id):
    """:raise NotFound: unless ``enterprise`` is a party (oversight passes ``None`` and sees all)."""
    contract = db.session.scalar(select(Contract).where(Contract.public_id == public_id))
    if contract is None or (enterprise is not None and enterprise.id not in (
            contract.buyer_enterprise_id, contract.seller_enterprise_id)):
        raise NotFound(_("There is no such contract."))
    return contract


# --- reading for pages -----------------------------------------------------------------------------

def contracts_of_trades(trade_ids):
    """``{trade id: its contract}``: where each fill of an order went."""
    if not trade_ids:
        return {}
    return {contract.trade_id: contract for contract in db.session.scalars(
        select(Contract).where(Contract.trade_id.in_(list(trade_ids))))}


def source_of(contract):
    """The public ids of what made the contract: ``{"trade": …, "auction": …, "listing": …}`` (None where not)."""
    def public_id(model, row_id):
        return db.session.get(model, row_id).public_id if row_id is not None else None

    return {"trade": public_id(Trade, contract.trade_id), "auction": public_id(Auction, contract.auction_id),
            "listing": public_id(FloorListing, contract.floor_listing_id)}


def contracts_page(enterprise, page, size):
    """One page (from 1) of the enterprise's contracts, newest first, and how many there are in all."""
    statement = contracts_statement(enterprise)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(statement.order_by(Contract.id.desc()).offset((page - 1) * size).limit(size)).all()
    return rows, total


def traders_by_floor():
    """``[(floor, {enterprise id, …}), …]``: who has bought or sold on each floor, for credit oversight."""
    traders = {}
    for floor_id, buyer_id, seller_id in db.session.execute(
            select(Contract.floor_id, Contract.buyer_enterprise_id, Contract.seller_enterprise_id).distinct()):
        traders.setdefault(floor_id, set()).update((buyer_id, seller_id))
    floors = db.session.scalars(select(Floor).order_by(Floor.id)).all()
    return [(floor, traders.get(floor.id, set())) for floor in floors]
