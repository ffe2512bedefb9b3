"""Fixtures of settlement tests: a steel contract awaiting payment, an order awaiting payment, saved cards.

The gateway is the session's localstripe (``local_gateway``); its store is emptied after each test.
"""
from decimal import Decimal

import pytest
import requests

from marketplace.escrow import services as escrow
from marketplace.orders import services as orders
from marketplace.payments import services as payments
from tests.builders import owner_of
from tests.commerce import buyer, rebar, seller  # noqa: F401  (re-exported for settlement tests)
from tests.trading.market import REBAR_SPEC
from trading.listings import services as listings

VISA = "4242424242424242"
DECLINED_ON_ATTACH = "4000000000000002"
DECLINED_ON_CHARGE = "4000000000000341"

STEEL_SPEC = REBAR_SPEC


@pytest.fixture(autouse=True)
def _empty_gateway(app, local_gateway):
    """Each test starts with an empty gateway and a gateway object built from the app's settings."""
    yield
    app.extensions.pop("payment_gateway", None)
    requests.delete(f"{local_gateway.base_url}/_config/data", timeout=5)


def steel_contract(buyer, seller, quantity="100", price="4000.00"):
    """A listed-price purchase of rebar on the steel floor (20 per cent deposit): one contract awaiting payment."""
    lot = listings.create_listing(owner_of(seller), seller, "steel", "HRB400E 螺纹钢 Φ20mm 天津港",
                                  STEEL_SPEC, "1000", "10", price, "天津港 Tianjin Port", "2026-12")
    return listings.purchase(owner_of(buyer), buyer, lot.public_id, quantity)


def order_awaiting_payment(buyer, seller, listing, quantity="50"):
    """A catalog order the seller confirmed, so that it awaits payment."""
    order = orders.buy_listing(owner_of(buyer), buyer, listing.public_id, quantity, "天津市滨海新区 Binhai")
    return orders.confirm(owner_of(seller), seller, order.public_id)


def saved_card(enterprise, number=VISA):
    return payments.save_card(owner_of(enterprise), enterprise, number, 12, 2030, "123")


def pay_in_full(buyer, payable_public_id, card=None):
    """Pay every part due (deposit then balance) with a Visa card; returns the payments."""
    card = card or saved_card(buyer)
    made = []
    while (due := escrow.amount_due(escrow.escrow_for(buyer, payable_public_id))) is not None:
        made.append(payments.pay(owner_of(buyer), buyer, payable_public_id, due[1], card.public_id))
    return made


@pytest.fixture
def steel_deal(ctx, buyer, seller):
    """100 t of rebar at CNY 4,000.00/t bought on the steel floor, awaiting payment."""
    return steel_contract(buyer, seller)


def deliver_all(buyer, seller, payable_public_id, quantity=None):
    escrow.mark_shipped(owner_of(seller), seller, payable_public_id)
    return escrow.confirm_delivery(owner_of(buyer), buyer, payable_public_id,
                                   Decimal(quantity) if quantity else None)
