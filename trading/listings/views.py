"""Pages of listed-price purchase (挂牌): a lot's public page with a buy form, offering a lot, one's own lots.

``enterprise_id`` in the URL is the enterprise acting (seller or buyer), as everywhere on the site.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.accounts.labels import enterprise_name
from marketplace.errors import DomainError, NotFound
from marketplace.i18n import in_reader_language
from marketplace.permissions import requires
from trading.floors import services as floors
from trading.floors.forms import show_spec_refusal, spec_fields
from trading.listings import services
from trading.listings.forms import PurchaseForm, floor_listing_form

bp = Blueprint("floor_listings", __name__)

bp.add_app_template_filter(services.status_label, "floor_listing_status")


def _listing_page(listing, form=None, buying_as=None, status=200):
    """The lot, with a buy form per enterprise the visitor may buy for (the one that failed keeps its errors)."""
    buyers = [enterprise for enterprise in services.trading_enterprises(current_user)
              if enterprise.id != listing.seller_enterprise_id]
    forms = {enterprise.id: form if enterprise == buying_as else PurchaseForm(formdata=None) for enterprise in buyers}
    return render_template("trading/listings/listing.html", listing=listing, floor=listing.floor,
                           schema=floors.spec_schema_of(listing.floor), buyers=buyers, forms=forms), status


@bp.get("/floors/<code>/listings/<listing_id>")
@requires(policy.PUBLIC)
def listing(code, listing_id):
    """Anyone reads a lot: spec, what is left, the price and delivery. :raise NotFound: if not on that floor."""
    found = services.listing_by_public_id(listing_id)
    if found.floor.code != code:
        raise NotFound(_("There is no such listing."))
    return _listing_page(found)


@bp.post("/enterprises/<enterprise_id>/floor-listings/<listing_id>/purchase")
@requires(policy.ENTERPRISE_TRADER)
def purchase(enterprise_id, listing_id):
    """Buy at the listed price; refusals (too little, too much, one's own lot) show on the lot's page."""
    found = services.listing_by_public_id(listing_id)
    form = PurchaseForm()
    if not form.validate_on_submit():
        return _listing_page(found, form, g.enterprise, 422)
    try:
        contract = services.purchase(current_user, g.enterprise, listing_id, form.quantity.data)
    except DomainError as error:
        show_refusal(form, error)
        return _listing_page(services.listing_by_public_id(listing_id), form, g.enterprise, error.status)
    flash(_("Bought. Contract %(contract)s is made and awaits payment; it is among %(name)s's contracts.",
            contract=contract.public_id, name=enterprise_name(g.enterprise)), "success")
    return redirect(url_for("floor_listings.listing", code=found.floor.code, listing_id=listing_id))


def _new_page(form, floor, status=200):
    return render_template("trading/listings/new.html", enterprise=g.enterprise, form=form, floor=floor,
                           spec_fields=spec_fields(form) if form else [], floors=floors.floors()), status


@bp.route("/enterprises/<enterprise_id>/floor-listings/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def new(enterprise_id):
    """Offer a lot on the floor of ``?floor=<code>`` (without it: choose the floor first)."""
    code = request.args.get("floor")
    if not code:
        return _new_page(None, None)
    floor = floors.floor_by_code(code)
    form = floor_listing_form(floor, data={"delivery_terms": ""})
    if not form.validate_on_submit():
        return _new_page(form, floor, status_of(form))
    try:
        created = services.create_listing(current_user, g.enterprise, code, form.title.data, form.spec(),
                                          form.quantity.data, form.minimum_purchase.data, form.price.data,
                                          form.delivery_place.data, form.delivery_month.data,
                                          form.delivery_terms.data)
    except DomainError as error:
        show_spec_refusal(form, error)
        return _new_page(form, floor, error.status)
    if created.status == services.PENDING_REVIEW:
        flash(_("The lot waits for review by the market regulator before buyers may see it."), "warning")
    else:
        flash(_("The lot is offered on %(floor)s.", floor=in_reader_language(floor.name_zh, floor.name_en)), "success")
    return redirect(url_for("floor_listings.mine", enterprise_id=enterprise_id, _anchor=created.public_id))


@bp.get("/enterprises/<enterprise_id>/floor-listings")
@requires(policy.ENTERPRISE_MEMBER)
def mine(enterprise_id):
    """The enterprise's lots in every status, newest first, with what is left of each."""
    return render_template("trading/listings/mine.html", enterprise=g.enterprise,
                           listings=services.listings_of(g.enterprise))


@bp.post("/enterprises/<enterprise_id>/floor-listings/<listing_id>/withdraw")
@requires(policy.ENTERPRISE_TRADER)
def withdraw(enterprise_id, listing_id):
    """Take what is left off sale; contracts already made stand."""
    try:
        services.withdraw(current_user, g.enterprise, listing_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The lot is withdrawn."), "success")
    return redirect(url_for("floor_listings.mine", enterprise_id=enterprise_id))
