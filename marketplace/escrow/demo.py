"""Demo settlement: floor contracts and catalog orders left in every payment state.

Made by the settlement use cases against the installation's gateway (the embedded localstripe by
default), so the ledger, the gateway and the documents agree: some deals await payment, some are
paid into escrow (a deposit, or in full), shipped, delivered and under inspection, released to the
seller, disputed (one open, one split by the operator), cancelled and refunded. Loaded once: a run
that finds payments already made adds nothing.
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.catalog.models import Listing
from marketplace.disputes import services as disputes
from marketplace.escrow import services as escrow
from marketplace.escrow.models import Escrow
from marketplace.extensions import db
from marketplace.orders import services as orders
from marketplace.payments import services as payments
from marketplace.payments.models import Payment
from marketplace.payouts import services as payouts

DEMO_CARD = ("4242424242424242", 12, 2030, "123")
# (seller slug, buyer slug) of the steel contracts the story uses, and the catalog orders it places.
CONTRACT_PAIRS = (("hengtai", "yujiapu"), ("ruigang", "dingsheng"), ("hengtai", "dingsheng"), ("ruigang", "yujiapu"))
ORDER_BUYERS = ("yujiapu", "zhongzhuang", "dingsheng")
# Seller bank accounts for settlement batches (demo numbers).
BANK_ACCOUNTS = {
    "hengtai": ("中国银行天津滨海分行", "6216 6100 0001 2345 678"),
    "ruigang": ("中国工商银行天津南港支行", "0302 0112 0910 0345 671"),
    "huahan": ("中国建设银行天津大港支行", "1205 0163 5000 0000 1234"),
}


def load(operator, credit_codes):
    """Move demo contracts and orders through settlement; :return: how many deals this run settled."""
    if db.session.scalar(select(Payment.id).limit(1)) is not None:
        return 0
    enterprises = {slug: db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
                   for slug, code in credit_codes.items()}
    _payout_accounts(enterprises)
    deals = _steel_contracts(enterprises) + _catalog_orders(enterprises)
    stories = (_deposit_paid, _paid, _shipped, _under_inspection, _released, _released, _disputed_open,
               _disputed_and_split, _cancelled_and_refunded, _paid, _released, _cancelled_and_refunded)
    for (seller, buyer, public_id), story in zip(deals, stories):
        story(operator, seller, buyer, public_id)
    return min(len(deals), len(stories))


def _payout_accounts(enterprises):
    for slug, (bank, number) in BANK_ACCOUNTS.items():
        enterprise = enterprises.get(slug)
        if enterprise is not None:
            payouts.save_payout_account(owner_of(enterprise), enterprise, bank, enterprise.name_zh, number)


def _steel_contracts(enterprises):
    """The oldest contracts awaiting payment between each demo pair, three per pair."""
    deals = []
    for seller_slug, buyer_slug in CONTRACT_PAIRS:
        seller, buyer = enterprises.get(seller_slug), enterprises.get(buyer_slug)
        if seller is None or buyer is None:
            continue
        rows = db.session.scalars(select(Escrow).where(
            Escrow.payable_type == escrow.CONTRACT, Escrow.seller_enterprise_id == seller.id,
            Escrow.buyer_enterprise_id == buyer.id, Escrow.status == "awaiting_payment")
            .order_by(Escrow.id).limit(2)).all()
        deals += [(seller, buyer, row.payable_public_id) for row in rows]
    return deals


def _catalog_orders(enterprises):
    """Confirmed orders of published steel products from the demo catalog."""
    deals = []
    listings = db.session.scalars(select(Listing).where(Listing.kind == "product", Listing.status == "published",
                                                        Listing.unit == "t").order_by(Listing.id).limit(3)).all()
    for listing, buyer_slug in zip(listings, ORDER_BUYERS):
        buyer = enterprises.get(buyer_slug)
        if buyer is None or buyer.id == listing.enterprise_id:
            continue
        quantity = max(listing.min_order_quantity or Decimal(1), Decimal(10))
        order = orders.buy_listing(owner_of(buyer), buyer, listing.public_id, quantity, buyer.address)
        orders.confirm(owner_of(listing.enterprise), listing.enterprise, order.public_id)
        deals.append((listing.enterprise, buyer, order.public_id))
    return deals


def _pay(buyer, public_id, parts=2):
    card = payments.cards_of(buyer)[0] if payments.cards_of(buyer) else payments.save_card(
        owner_of(buyer), buyer, *DEMO_CARD)
    for _ in range(parts):
        due = escrow.amount_due(escrow.escrow_for(buyer, public_id))
        if due is None:
            return
        payments.pay(owner_of(buyer), buyer, public_id, due[1], card.public_id)


def _deposit_paid(operator, seller, buyer, public_id):
    _pay(buyer, public_id, parts=1)


def _paid(operator, seller, buyer, public_id):
    _pay(buyer, public_id)


def _shipped(operator, seller, buyer, public_id):
    _pay(buyer, public_id)
    escrow.mark_shipped(owner_of(seller), seller, public_id, "demo waybill")


def _under_inspection(operator, seller, buyer, public_id):
    _shipped(operator, seller, buyer, public_id)
    escrow.confirm_delivery(owner_of(buyer), buyer, public_id, None)


def _released(operator, seller, buyer, public_id):
    _under_inspection(operator, seller, buyer, public_id)
    delivery = escrow.escrow_for(buyer, public_id).deliveries[-1]
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))


def _disputed_open(operator, seller, buyer, public_id):
    _under_inspection(operator, seller, buyer, public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, public_id, "quality",
                                    "抽检屈服强度低于 HRB400E 标准 / Sampled yield strength below the HRB400E standard.")
    disputes.answer(owner_of(seller), seller, dispute.public_id,
                    "出厂质保书合格，建议第三方复检 / Mill certificate passes; we propose a third-party retest.")


def _disputed_and_split(operator, seller, buyer, public_id):
    _under_inspection(operator, seller, buyer, public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, public_id, "quantity",
                                    "到货过磅短少 / Goods short on the weighbridge.")
    disputes.answer(owner_of(seller), seller, dispute.public_id, "承认部分短少 / Part of the shortfall is accepted.")
    held = dispute.frozen_minor
    disputes.decide(operator, dispute.public_id, "split",
                    "过磅单显示短少约 10%，退还买方相应货款 / The weighbridge tickets show about 10 per cent short; "
                    "that share is refunded to the buyer.", refund_minor=held // 10)


def _cancelled_and_refunded(operator, seller, buyer, public_id):
    _pay(buyer, public_id)
    escrow.cancel(owner_of(seller), seller, public_id, "库存不足，无法按期发货 / Out of stock, cannot ship on time.")
