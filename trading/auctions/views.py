"""Auction pages: the public list and auction page, and an enterprise's own view where it bids, announces,
disqualifies an offer or cancels. ``enterprise_id`` in the URL is the enterprise acting or reading.

The public page shows what anyone may see; the enterprise page adds that enterprise's own bids (and,
for the owner, who bids), the forms it may use and, once awarded, the link to its contract.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.accounts.services import memberships_of
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.i18n import in_reader_language, money
from marketplace.permissions import requires
from marketplace.sourcing.forms import binhai_now_plus, in_binhai
from trading.auctions import labels, services
from trading.auctions.forms import (
    AuctionFilterForm, BidForm, DisqualifyForm, auction_form, show_auction_refusal,
)
from trading.floors import services as floors
from trading.floors.forms import spec_fields

bp = Blueprint("auctions", __name__)

bp.add_app_template_filter(labels.outcome_label, "auction_outcome")
bp.add_app_template_filter(labels.reserve_label, "auction_reserve_label")


@bp.get("/auctions")
@requires(policy.PUBLIC)
def auctions():
    """Open auctions, closing soonest first, and those closed lately; ``?floor=`` and ``?kind=`` narrow both."""
    form = AuctionFilterForm(request.args)
    form.floor.choices = [SelectChoice("", _("All floors"))] + [
        SelectChoice(floor.code, in_reader_language(floor.name_zh, floor.name_en)) for floor in floors.floors()]
    valid = form.validate()
    floor_code, kind = (form.floor.data or None, form.kind.data or None) if valid else (None, None)
    now = utcnow()
    running, recent = services.open_and_recent(floor_code, kind, now)
    return render_template("trading/auctions/auctions.html", form=form, now=now,
                           running=[services.seen_by(auction, None) for auction in running],
                           recent=[services.seen_by(auction, None) for auction in recent])


def _page(auction_id, viewer, bid_form=None, disqualify_form=None, status=200):
    """The auction as ``viewer`` (None: the public) sees it, with the forms it may use."""
    now = utcnow()
    view = services.seen_by(services.auction_by_public_id(auction_id, now), viewer)
    acting = []
    if viewer is None and current_user.is_authenticated:
        acting = [membership.enterprise for membership in memberships_of(current_user)]
    return render_template(
        "trading/auctions/auction.html", view=view, auction=view.auction, enterprise=viewer, now=now,
        acting=acting, bid_form=bid_form or BidForm(formdata=None),
        disqualify_form=disqualify_form or DisqualifyForm(formdata=None), bid_hint=labels.bid_hint(view),
        countdown=labels.countdown(view.auction, now),
        may_bid=viewer is not None and not view.owned and view.auction.status == services.OPEN,
        may_cancel=view.owned and view.auction.status == services.OPEN and not view.bid_count), status


@bp.get("/auctions/<auction_id>")
@requires(policy.PUBLIC)
def auction(auction_id):
    """Anyone reads an auction: the lot, the prices, the time left, the bids that are public, the outcome."""
    return _page(auction_id, None)


@bp.get("/enterprises/<enterprise_id>/auctions/<auction_id>")
@requires(policy.ENTERPRISE_MEMBER)
def enterprise_auction(enterprise_id, auction_id):
    """The auction as this enterprise sees it, with its bid form, or the owner's controls."""
    return _page(auction_id, g.enterprise)


@bp.post("/enterprises/<enterprise_id>/auctions/<auction_id>/bids")
@requires(policy.ENTERPRISE_TRADER)
def bid(enterprise_id, auction_id):
    """Bid (or offer, in a tender); a refusal names the rule on the auction's page."""
    form = BidForm()
    if not form.validate_on_submit():
        return _page(auction_id, g.enterprise, bid_form=form, status=422)
    try:
        placed = services.place_bid(current_user, g.enterprise, auction_id, form.price.data)
    except DomainError as error:
        show_refusal(form, error)
        return _page(auction_id, g.enterprise, bid_form=form, status=error.status)
    flash(_("Your bid of %(price)s per unit is in.", price=money(placed.price_minor, placed.auction.currency)),
          "success")
    return redirect(url_for("auctions.enterprise_auction", enterprise_id=enterprise_id, auction_id=auction_id))


@bp.post("/enterprises/<enterprise_id>/auctions/<auction_id>/bids/<bid_id>/disqualify")
@requires(policy.ENTERPRISE_TRADER)
def disqualify(enterprise_id, auction_id, bid_id):
    """The tender's buyer sets an offer aside, with a reason the supplier reads."""
    form = DisqualifyForm()
    if not form.validate_on_submit():
        return _page(auction_id, g.enterprise, disqualify_form=form, status=422)
    try:
        services.disqualify_offer(current_user, g.enterprise, auction_id, bid_id, form.reason.data)
    except DomainError as error:
        show_refusal(form, error)
        return _page(auction_id, g.enterprise, disqualify_form=form, status=error.status)
    flash(_("The offer is disqualified; it no longer counts."), "success")
    return redirect(url_for("auctions.enterprise_auction", enterprise_id=enterprise_id, auction_id=auction_id))


@bp.post("/enterprises/<enterprise_id>/auctions/<auction_id>/cancel")
@requires(policy.ENTERPRISE_TRADER)
def cancel(enterprise_id, auction_id):
    """The owner withdraws an auction nobody has bid in yet."""
    try:
        services.cancel_auction(current_user, g.enterprise, auction_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The auction is cancelled."), "success")
    return redirect(url_for("auctions.enterprise_auction", enterprise_id=enterprise_id, auction_id=auction_id))


def _new_page(form, floor, status=200):
    return render_template("trading/auctions/new.html", enterprise=g.enterprise, form=form, floor=floor,
                           spec_fields=spec_fields(form) if form else [], floors=floors.floors()), status


@bp.route("/enterprises/<enterprise_id>/auctions/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def new(enterprise_id):
    """Announce an auction on the floor of ``?floor=<code>`` (without it: choose the floor first)."""
    code = request.args.get("floor")
    if not code:
        return _new_page(None, None)
    floor = floors.floor_by_code(code)
    form = auction_form(floor, data={"closes_at": binhai_now_plus(3), "kind": request.args.get("kind")}
                        if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _new_page(form, floor, status_of(form))
    try:
        created = services.create_auction(
            current_user, g.enterprise, floor_code=code, kind=form.kind.data, title=form.title.data,
            description=form.description.data, spec=form.spec(), quantity=form.quantity.data,
            reserve=form.reserve.data, increment=form.increment.data, opens_at=in_binhai(form.opens_at.data),
            closes_at=in_binhai(form.closes_at.data), delivery_place=form.delivery_place.data,
            delivery_month=form.delivery_month.data, delivery_terms=form.delivery_terms.data,
            extension_window_seconds=form.extension_seconds_of(form.extension_window_minutes),
            extension_seconds=form.extension_seconds_of(form.extension_minutes))
    except DomainError as error:
        show_auction_refusal(form, error)
        return _new_page(form, floor, error.status)
    flash(_("The auction is announced."), "success")
    return redirect(url_for("auctions.enterprise_auction", enterprise_id=enterprise_id,
                            auction_id=created.public_id))


@bp.get("/enterprises/<enterprise_id>/auctions")
@requires(policy.ENTERPRISE_MEMBER)
def mine(enterprise_id):
    """The auctions this enterprise announced and those it bid in, latest close first."""
    now = utcnow()
    views = [services.seen_by(auction, g.enterprise) for auction in services.auctions_of(g.enterprise, now)]
    return render_template("trading/auctions/mine.html", enterprise=g.enterprise, now=now,
                           announced=[view for view in views if view.owned],
                           bidding=[view for view in views if not view.owned])

