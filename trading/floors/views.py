"""Floor pages: the public directory and each floor's rules, and the operator's configuration pages."""
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.database import utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.i18n import in_reader_language
from marketplace.permissions import requires
from trading.floors import services
from trading.floors.forms import (
    InstrumentForm, floor_form, instrument_edit_form, show_floor_refusal, show_spec_refusal, spec_fields,
    weekday_name, with_spec_fields,
)
from trading.listings import services as listings

bp = Blueprint("floors", __name__)

bp.add_app_template_filter(weekday_name, "weekday")


@bp.app_template_filter("floor_name")
def floor_name(floor):
    return in_reader_language(floor.name_zh, floor.name_en)


@bp.app_template_filter("instrument_name")
def instrument_name(instrument):
    return in_reader_language(instrument.name_zh, instrument.name_en)


@bp.app_template_filter("spec_label")
def spec_label(floor, name):
    """An attribute's name as the floor's lot schema calls it, in the reader's language."""
    return services.attribute_label(floor, name)


@bp.app_template_filter("basis_points")
def basis_points(value):
    """``5`` basis points as ``0.05 %``: how people read a fee."""
    return f"{Decimal(value).scaleb(-2):.2f} %"


@bp.app_template_filter("percent")
def percent(value):
    """``Decimal("5.00")`` as ``5 %``."""
    return f"{format(Decimal(value).normalize(), 'f')} %"


# --- public pages ----------------------------------------------------------------------------------

@bp.get("/floors")
@requires(policy.PUBLIC)
def directory():
    """Every active floor with its unit, sessions, band, fees and number of listed instruments."""
    return render_template("trading/floors/directory.html", floors=services.floors(),
                           counts=services.listed_instrument_counts())


@bp.get("/floors/<code>")
@requires(policy.PUBLIC)
def floor(code):
    """A floor's rules in words, its lot specification, its instruments with today's bands and open listings.

    :raise NotFound: for an unknown floor, or an inactive one for anyone but the operator.
    """
    found = services.floor_by_code(code)
    if not found.active and not _is_operator():
        raise NotFound(_("There is no trading floor “%(code)s”.", code=code))
    now = utcnow()
    instruments = [(instrument, *services.band_today(instrument, now)) for instrument in services.instruments_of(found)]
    return render_template("trading/floors/floor.html", floor=found, day=services.floor_day(found, now),
                           schema=services.spec_schema_of(found), instruments=instruments,
                           listings=listings.open_listings_of(found),
                           offer_as=listings.trading_enterprises(current_user) if found.active else [])


def _is_operator():
    return current_user.is_authenticated and current_user.platform_role == policy.PlatformRole.OPERATOR


# --- the operator's pages ------------------------------------------------------------------------

@bp.get("/operator/floors")
@requires(policy.OPERATOR)
def operator_floors():
    """All floors, active or not, with their instruments: where the operator starts configuring."""
    every = services.floors(include_inactive=True)
    return render_template("trading/floors/operator_floors.html", floors=every,
                           instruments={floor.id: services.instruments_of(floor) for floor in every})


def _floor_page(form, floor=None, status=200):
    return render_template("trading/floors/floor_form.html", form=form, floor=floor), status


@bp.route("/operator/floors/new", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def new_floor():
    """A new floor (petroleum, rare metals, cotton…) with its rules and lot specification, as data."""
    form = floor_form()
    if not form.validate_on_submit():
        return _floor_page(form, status=status_of(form))
    try:
        created = services.create_floor(current_user, form.code.data, **form.settings())
    except InvalidInput as error:
        show_floor_refusal(form, error)
        return _floor_page(form, status=error.status)
    flash(_("The floor %(name)s is open. List its first instrument next.", name=floor_name(created)), "success")
    return redirect(url_for("floors.new_instrument", code=created.code))


@bp.route("/operator/floors/<code>/edit", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def edit_floor(code):
    """Every setting of a floor; a change that would alter existing instruments or orders is refused."""
    found = services.floor_by_code(code)
    form = floor_form(found)
    if not form.validate_on_submit():
        return _floor_page(form, found, status_of(form))
    try:
        services.update_floor(current_user, code, **form.settings())
    except InvalidInput as error:
        show_floor_refusal(form, error)
        return _floor_page(form, found, error.status)
    flash(_("The settings of %(name)s are saved.", name=floor_name(found)), "success")
    return redirect(url_for("floors.operator_floors"))


@bp.post("/operator/floors/<code>/activation")
@requires(policy.OPERATOR)
def activation(code):
    """Close a floor to new orders and listings, or open it again (the button says which)."""
    found = services.floor_by_code(code)
    services.set_floor_active(current_user, code, not found.active)
    flash(_("%(name)s is open for trading.", name=floor_name(found)) if found.active
          else _("%(name)s is closed: it takes no orders and no listings.", name=floor_name(found)), "success")
    return redirect(url_for("floors.operator_floors"))


def _instrument_page(form, floor, status=200):
    return render_template("trading/floors/instrument_form.html", form=form, floor=floor,
                           spec_fields=spec_fields(form)), status


@bp.route("/operator/floors/<code>/instruments/new", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def new_instrument(code):
    """A standard instrument: spec fields from the floor's schema, delivery place and month, a reference price."""
    found = services.floor_by_code(code)
    form = with_spec_fields(InstrumentForm, found)()
    if not form.validate_on_submit():
        return _instrument_page(form, found, status_of(form))
    try:
        price = services.minor_units_of(found, form.reference_price.data, "reference_price")
        instrument = services.create_instrument(current_user, code, form.code.data, form.name_zh.data,
                                                form.name_en.data, form.spec(), form.delivery_place.data,
                                                form.delivery_month.data, price)
    except InvalidInput as error:
        show_spec_refusal(form, error)
        return _instrument_page(form, found, error.status)
    flash(_("%(code)s is listed on %(floor)s.", code=instrument.code, floor=floor_name(found)), "success")
    return redirect(url_for("floors.operator_floors"))


def _instrument_edit_page(form, instrument, status=200):
    return render_template("trading/floors/instrument_edit.html", form=form, instrument=instrument), status


@bp.route("/operator/instruments/<instrument_id>/edit", methods=["GET", "POST"])
@requires(policy.OPERATOR)
def edit_instrument(instrument_id):
    """Names, delivery place, suspension or resumption with a reason, the initial reference price."""
    instrument = services.instrument_by_public_id(instrument_id)
    form = instrument_edit_form(instrument)
    if not form.validate_on_submit():
        return _instrument_edit_page(form, instrument, status_of(form))
    try:
        price = services.minor_units_of(instrument.floor, form.reference_price.data, "reference_price")
        services.update_instrument(current_user, instrument_id, form.name_zh.data, form.name_en.data,
                                   form.delivery_place.data, form.status.data, form.reason.data, price)
    except DomainError as error:
        show_refusal(form, error)
        return _instrument_edit_page(form, instrument, error.status)
    flash(_("%(code)s is saved.", code=instrument.code), "success")
    return redirect(url_for("floors.operator_floors"))
