"""Listing pages: the supplier's own (under its enterprise) and the public ones (listings, categories).

The gate resolves ``enterprise_id`` and checks the rule; the services check that a listing belongs
to that enterprise, so these views only parse, call one service and show the result.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import status_of
from marketplace.accounts.labels import label
from marketplace.catalog import attributes, labels, lifecycle, services
from marketplace.catalog.forms import (
    ImageForm, ListingFilterForm, MoveForm, StockForm, listing_form, price_tiers_form, show_listing_refusal,
    show_tier_refusal,
)
from marketplace.errors import DomainError
from marketplace.i18n import money, quantity
from marketplace.permissions import requires

bp = Blueprint("catalog", __name__)


bp.add_app_template_filter(money, "money")
bp.add_app_template_filter(quantity, "quantity")
bp.add_app_template_filter(labels.attribute_value, "attribute_value")
bp.add_app_template_filter(labels.category_name, "category_name")
bp.add_app_template_filter(labels.listing_title, "listing_title")
bp.add_app_template_filter(labels.listing_description, "listing_description")


# --- public pages ----------------------------------------------------------------------------------

@bp.get("/categories")
@requires(policy.PUBLIC)
def categories():
    """The category tree, the way into browsing without a search query."""
    return render_template("catalog/categories.html", tree=services.category_tree())


@bp.get("/categories/<code>")
@requires(policy.PUBLIC)
def category(code):
    """Published listings of verified enterprises in a category and its subcategories."""
    found = services.category_by_code(code)
    return render_template("catalog/category.html", category=found, listings=services.published_in(found))


@bp.get("/listings/<listing_id>")
@requires(policy.PUBLIC)
def listing(listing_id):
    """Anyone reads a published listing; its own enterprise (and oversight) also previews the others."""
    found = services.visible_listing(g.principal, listing_id)
    public = services.is_public(found)
    return render_template("catalog/listing.html", listing=found, tiers=services.tiers_of(found),
                           schema=attributes.schema_for(found.category.code), public=public,
                           buyers=services.buyer_enterprises(current_user, found) if public else [])


@bp.get("/listings/<listing_id>/images/<image_id>")
@requires(policy.PUBLIC)
def image(listing_id, image_id):
    """A listing's picture, for whoever may see the listing."""
    return _picture(listing_id, image_id, thumbnail=False)


@bp.get("/listings/<listing_id>/images/<image_id>/thumbnail")
@requires(policy.PUBLIC)
def thumbnail(listing_id, image_id):
    """The 320-pixel version, for lists and galleries."""
    return _picture(listing_id, image_id, thumbnail=True)


def _picture(listing_id, image_id, thumbnail):
    folder, name, content_type = services.image_file(services.visible_listing(g.principal, listing_id), image_id,
                                                     thumbnail)
    return send_from_directory(folder, name, mimetype=content_type, max_age=3600)


# --- the supplier's pages --------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/listings")
@requires(policy.ENTERPRISE_MEMBER)
def listings(enterprise_id):
    """Every listing of the enterprise, in any status; a filter that does not validate is ignored."""
    form = ListingFilterForm(formdata=request.args)
    if not form.validate():
        form = ListingFilterForm(formdata=None)
    return render_template("catalog/listings.html", enterprise=g.enterprise, form=form,
                           listings=services.listings_of(g.enterprise, form.status.data or None))


@bp.route("/enterprises/<enterprise_id>/listings/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def new_listing(enterprise_id):
    """First the kind and category (a list of links), then the category's own form."""
    code = request.args.get("category")
    chosen = next((c for c in services.listable_categories() if c.code == code), None)
    if chosen is None:
        kinds = {kind: services.listable_categories(kind) for kind in lifecycle.ListingKind}
        return render_template("catalog/choose_category.html", enterprise=g.enterprise, kinds=kinds), \
            422 if request.method == "POST" else 200
    form = listing_form(chosen.listing_kind, chosen)
    if form.validate_on_submit():
        try:
            created = services.create_listing(current_user, g.enterprise, chosen.listing_kind, chosen.code,
                                              **form.listing_fields())
        except DomainError as error:
            show_listing_refusal(form, error)
            return _form_page(form, chosen), error.status
        flash(_("The draft is saved. Add prices and pictures, then publish it."), "success")
        return redirect(url_for("catalog.manage", enterprise_id=enterprise_id, listing_id=created.public_id))
    return _form_page(form, chosen), status_of(form)


def _form_page(form, category, listing=None):
    return render_template("catalog/form.html", enterprise=g.enterprise, form=form, category=category,
                           listing=listing)


@bp.route("/enterprises/<enterprise_id>/listings/<listing_id>/edit", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def edit(enterprise_id, listing_id):
    """Edits of a published listing show at once; archived listings cannot change."""
    found = services.listing_of(g.enterprise, listing_id)
    form = listing_form(found.kind, found.category, listing=found)
    if form.validate_on_submit():
        try:
            services.update_listing(current_user, found, **form.listing_fields())
        except DomainError as error:
            show_listing_refusal(form, error)
            return _form_page(form, found.category, found), error.status
        flash(_("The listing is saved."), "success")
        return redirect(url_for("catalog.manage", enterprise_id=enterprise_id, listing_id=listing_id))
    return _form_page(form, found.category, found), status_of(form)


def _manage_page(found, status=200, tiers_form=None, stock_form=None, image_form=None, problem=None):
    """The supplier's page of one listing, also after a refused action, with its forms as submitted."""
    return render_template(
        "catalog/manage.html", enterprise=g.enterprise, listing=found, tiers=services.tiers_of(found),
        moves=[(target, labels.MOVE_NAMES[target]) for target in lifecycle.targets(found.status)],
        tiers_form=tiers_form or price_tiers_form(found, formdata=None),
        stock_form=stock_form or StockForm(formdata=None), image_form=image_form or ImageForm(formdata=None),
        schema=attributes.schema_for(found.category.code), problem=problem,
        may_change=lifecycle.may_change(found.status),
    ), status


@bp.get("/enterprises/<enterprise_id>/listings/<listing_id>")
@requires(policy.ENTERPRISE_MEMBER)
def manage(enterprise_id, listing_id):
    """Everything about one listing; only owners and traders get the forms."""
    return _manage_page(services.listing_of(g.enterprise, listing_id))


def _back_to(listing_id, message):
    flash(message, "success")
    return redirect(url_for("catalog.manage", enterprise_id=g.enterprise.public_id, listing_id=listing_id))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/status")
@requires(policy.ENTERPRISE_TRADER)
def move(enterprise_id, listing_id):
    """Publish, pause or archive, named by the button pressed."""
    found = services.listing_of(g.enterprise, listing_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _manage_page(found, 422, problem=_("Choose one of the buttons."))
    try:
        services.move_listing(current_user, found, form.target.data)
    except DomainError as error:
        return _manage_page(found, error.status, problem=_refusal_text(error))
    return _back_to(listing_id, _("The listing is now %(status)s.",
                                  status=label(form.target.data, "listing_status").lower()))


def _refusal_text(error):
    """The refusal with the names of the fields it is about, for a page without those fields."""
    fields = [str(label(name, "listing_field")) for name in error.errors]
    return f"{error.message} ({', '.join(fields)})" if fields else error.message


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/tiers")
@requires(policy.ENTERPRISE_TRADER)
def set_tiers(enterprise_id, listing_id):
    """Replace the price tiers; a refusal keeps the rows as typed, with the message at the bad one."""
    found = services.listing_of(g.enterprise, listing_id)
    form = price_tiers_form(found)
    if not form.validate_on_submit():
        return _manage_page(found, 422, tiers_form=form)
    try:
        services.set_price_tiers(current_user, found, form.rows())
    except DomainError as error:
        show_tier_refusal(form, error)
        return _manage_page(found, error.status, tiers_form=form)
    return _back_to(listing_id, _("The prices are saved."))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/stock")
@requires(policy.ENTERPRISE_TRADER)
def adjust_stock(enterprise_id, listing_id):
    """Goods in or out, with the reason kept in the audit log."""
    found = services.listing_of(g.enterprise, listing_id)
    form = StockForm()
    if not form.validate_on_submit():
        return _manage_page(found, 422, stock_form=form)
    try:
        services.adjust_stock(current_user, found, form.change.data, form.reason.data)
    except DomainError as error:
        show_listing_refusal(form, error)
        return _manage_page(found, error.status, stock_form=form)
    return _back_to(listing_id, _("The stock is updated."))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/images")
@requires(policy.ENTERPRISE_TRADER)
def add_image(enterprise_id, listing_id):
    """The picture is checked by its content, not its name: PNG, JPEG or WebP up to 5 MB."""
    found = services.listing_of(g.enterprise, listing_id)
    form = ImageForm()
    if not form.validate_on_submit():
        return _manage_page(found, 422, image_form=form)
    try:
        services.add_image(current_user, found, form.image.data.read())
    except DomainError as error:
        show_listing_refusal(form, error)
        return _manage_page(found, error.status, image_form=form)
    return _back_to(listing_id, _("The picture is added."))


@bp.post("/enterprises/<enterprise_id>/listings/<listing_id>/images/<image_id>/remove")
@requires(policy.ENTERPRISE_TRADER)
def remove_image(enterprise_id, listing_id, image_id):
    """:raise NotFound: for a picture that is not the listing's."""
    found = services.listing_of(g.enterprise, listing_id)
    services.remove_image(current_user, found, image_id)
    return _back_to(listing_id, _("The picture is removed."))
