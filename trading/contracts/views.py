"""Contract pages of one enterprise: what it bought and sold on the floors, and each contract's full terms.

Oversight (regulators, the operator) reads them through the same pages under the enterprise's id.
"""
from flask import Blueprint, g, render_template, request
from flask_babel import lazy_gettext as _l

from marketplace import policy
from marketplace.accounts import labels
from marketplace.i18n import in_reader_language
from marketplace.permissions import requires
from trading.contracts import services

bp = Blueprint("contracts", __name__)

PAGE_SIZE = 50

labels.register("contract_status", {
    "made": _l("Made"), services.AWAITING_PAYMENT: _l("Awaiting payment"),
    "deposit_paid": _l("Deposit paid, in escrow"), "paid": _l("Paid, in escrow"), "shipped": _l("Shipped"),
    "delivered": _l("Delivered, under inspection"), "disputed": _l("Disputed, escrow frozen"),
    "completed": _l("Completed"), "cancelled": _l("Cancelled"),
})
labels.register("contract_source", {"trade": _l("Trade on the book"), "auction": _l("Auction award"),
                                    "listing": _l("Listed-price purchase")})


@bp.app_template_filter("contract_title")
def contract_title(contract):
    return in_reader_language(contract.title_zh, contract.title_en)


@bp.get("/enterprises/<enterprise_id>/contracts")
@requires(policy.ENTERPRISE_MEMBER)
def contracts(enterprise_id):
    """The enterprise's contracts as buyer or seller, newest first, ``PAGE_SIZE`` a page (``?page=2``…)."""
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.contracts_page(g.enterprise, page, PAGE_SIZE)
    return render_template("trading/contracts/contracts.html", enterprise=g.enterprise, contracts=rows, page=page,
                           pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), total=total)


@bp.get("/enterprises/<enterprise_id>/contracts/<contract_id>")
@requires(policy.ENTERPRISE_MEMBER)
def contract(enterprise_id, contract_id):
    """One contract's terms as the two parties signed up to them. :raise NotFound: unless a party."""
    found = services.contract_for(g.enterprise, contract_id)
    return render_template("trading/contracts/contract.html", enterprise=g.enterprise, contract=found,
                           source=services.source_of(found))
