"""A supplier lists a product, a service and a bookable instrument on the web; buyers see only what is published."""
import re

from sqlalchemy import func, select

from marketplace.catalog import services
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from tests.catalog.conftest import REBAR, SEM, TESTING_SERVICE, UREA
from tests.web.conftest import text_of


def form_data(fields):
    """A listing's fields as the web form posts them (attributes as ``attr_<name>``)."""
    data = {name: value for name, value in fields.items() if name not in ("attributes", "certifications")}
    data["certifications"] = ", ".join(fields.get("certifications", []))
    data.setdefault("unit", "")  # a browser sends a select's first option
    for name, value in fields["attributes"].items():
        data[f"attr_{name}"] = value
    return data


def listing_path(enterprise, listing_id, action=""):
    return f"/enterprises/{enterprise.public_id}/listings/{listing_id}{action}"


def create_on_the_web(browser, enterprise, category, fields):
    response = browser.post(f"/enterprises/{enterprise.public_id}/listings/new?category={category}",
                            data=form_data(fields))
    assert response.status_code == 302, text_of(response)
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_a_trader_lists_prices_and_publishes_rebar_that_anyone_then_reads(world, browser, app, supplier):
    world.login(browser, supplier.trader)
    base = f"/enterprises/{supplier.enterprise.public_id}/listings"
    chooser = browser.get(f"{base}/new")
    assert "Rebar" in text_of(chooser) and "Laboratory instruments" in text_of(chooser)
    assert "Diameter (mm)" in text_of(browser.get(f"{base}/new?category=steel.rebar"))

    listing_id = create_on_the_web(browser, supplier.enterprise, "steel.rebar", REBAR)
    priced = browser.post(listing_path(supplier.enterprise, listing_id, "/tiers"), data={
        "tiers-0-min_quantity": "25", "tiers-0-unit_price": "3850", "tiers-1-min_quantity": "100",
        "tiers-1-unit_price": "3790.50"})
    published = browser.post(listing_path(supplier.enterprise, listing_id, "/status"), data={"target": "published"})

    assert priced.status_code == published.status_code == 302
    page = text_of(app.test_client().get(f"/listings/{listing_id}", headers={"Accept-Language": "en"}))
    assert "HRB400E rebar 20 mm, 12 m" in page
    assert "Diameter (mm) 20" in page and "Standard GB/T 1499.2-2018" in page
    assert "CN¥3,850.00 per tonne" in page and "CN¥3,790.50 per tonne" in page
    assert "25 tonne to under 100 tonne" in page and "100 tonne or more" in page
    assert "Minimum order 25 tonne" in page
    chinese = text_of(app.test_client().get(f"/listings/{listing_id}", headers={"Accept-Language": "zh-CN"}))
    assert "HRB400E 螺纹钢 Φ20 12米" in chinese and "¥3,850.00" in chinese
    category = text_of(app.test_client().get("/categories/steel", headers={"Accept-Language": "en"}))
    assert "HRB400E rebar 20 mm, 12 m" in category


def test_a_service_needs_its_price_before_publishing(world, browser, supplier):
    world.login(browser, supplier.trader)
    listing_id = create_on_the_web(browser, supplier.enterprise, "services.testing", TESTING_SERVICE)

    early = browser.post(listing_path(supplier.enterprise, listing_id, "/status"), data={"target": "published"})

    assert early.status_code == 422
    assert "Complete the listing before publishing it. (Price tiers)" in text_of(early)
    browser.post(listing_path(supplier.enterprise, listing_id, "/tiers"),
                 data={"tiers-0-min_quantity": "1", "tiers-0-unit_price": "480"})
    assert browser.post(listing_path(supplier.enterprise, listing_id, "/status"),
                        data={"target": "published"}).status_code == 302
    listing = db.session.scalar(select(Listing).where(Listing.public_id == listing_id))
    assert (listing.status, listing.unit, listing.attributes["accreditations"]) == ("published", "sample",
                                                                                   ["CNAS", "CMA"])


def test_a_provider_lists_a_bookable_instrument_with_its_slot_length(world, browser, app, supplier):
    world.login(browser, supplier.owner)
    listing_id = create_on_the_web(browser, supplier.enterprise, "resources.instrument", SEM)

    published = browser.post(listing_path(supplier.enterprise, listing_id, "/status"), data={"target": "published"})

    assert published.status_code == 302
    listing = db.session.scalar(select(Listing).where(Listing.public_id == listing_id))
    assert (listing.kind, listing.slot_minutes, listing.unit) == ("resource", 60, "hour")
    page = text_of(app.test_client().get(f"/listings/{listing_id}", headers={"Accept-Language": "en"}))
    assert "Bookable in slots of 60 minutes" in page and "ZEISS" in page


def test_a_negative_price_is_refused_at_its_row_and_the_old_prices_stay(world, browser, supplier, rebar):
    world.login(browser, supplier.trader)

    response = browser.post(listing_path(supplier.enterprise, rebar.public_id, "/tiers"), data={
        "tiers-0-min_quantity": "25", "tiers-0-unit_price": "3850", "tiers-1-min_quantity": "100",
        "tiers-1-unit_price": "-10"})

    assert response.status_code == 422
    assert re.search(r'id="tiers-1-unit_price-error">A price must be more than zero', response.get_data(as_text=True))
    db.session.refresh(rebar)
    assert [tier.unit_price_minor for tier in rebar.price_tiers] == [385000, 379000, 372000]


def test_unknown_bad_cas_and_out_of_range_attributes_are_shown_at_their_fields(world, browser, supplier):
    world.login(browser, supplier.trader)
    bad = UREA | {"attributes": {"cas_number": "57-13-5", "purity_percent": "120", "hazard_class": "none"}}

    response = browser.post(f"/enterprises/{supplier.enterprise.public_id}/listings/new?category=chemicals.fertiliser",
                            data=form_data(bad))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="attr_cas_number-error">The check digit \(the last digit\) does not match; for these '
                     r'digits it would be 6', page)
    assert 'id="attr_purity_percent-error">Enter a value from 0 to 100' in page
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0


def test_an_unverified_enterprise_cannot_list(world, browser):
    pending = world.enterprise(verified=False)
    owner = pending.memberships[0].user
    world.login(browser, owner)

    response = browser.post(f"/enterprises/{pending.public_id}/listings/new?category=steel.rebar",
                            data=form_data(REBAR))

    assert response.status_code == 403
    assert "only verified enterprises may list" in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0


def test_buyers_never_see_drafts_paused_listings_or_listings_of_suspended_enterprises(world, app, supplier, rebar):
    draft = services.create_listing(supplier.trader, supplier.enterprise, "product", "chemicals.fertiliser", **UREA)
    anonymous = app.test_client()

    assert anonymous.get(f"/listings/{draft.public_id}").status_code == 404
    assert anonymous.get(f"/listings/{rebar.public_id}").status_code == 200
    services.move_listing(supplier.trader, rebar, "paused")
    assert anonymous.get(f"/listings/{rebar.public_id}").status_code == 404
    services.move_listing(supplier.trader, rebar, "published")
    operator = world.operator()
    from marketplace.accounts import services as accounts
    accounts.change_enterprise_status(operator, supplier.enterprise.public_id, "suspended", "licence expired")
    assert anonymous.get(f"/listings/{rebar.public_id}").status_code == 404
    assert rebar.title_en not in text_of(anonymous.get("/categories/steel.rebar"))


def test_the_supplier_previews_its_draft_and_a_viewer_reads_without_forms(world, browser, supplier):
    draft = services.create_listing(supplier.trader, supplier.enterprise, "product", "chemicals.fertiliser", **UREA)
    viewer = world.member(supplier.enterprise, "viewer")
    world.login(browser, viewer)

    preview = browser.get(f"/listings/{draft.public_id}")
    listings = browser.get(f"/enterprises/{supplier.enterprise.public_id}/listings?status=draft")
    manage = browser.get(listing_path(supplier.enterprise, draft.public_id))
    publish = browser.post(listing_path(supplier.enterprise, draft.public_id, "/status"), data={"target": "published"})

    assert preview.status_code == 200 and "Only your enterprise" in text_of(preview)
    assert "Granular urea 46% N" in text_of(listings)
    assert manage.status_code == 200 and "Save the prices" not in text_of(manage)
    assert publish.status_code == 403


def test_another_enterprise_cannot_reach_a_listing_through_its_own_pages(world, browser, rebar):
    other = world.enterprise()
    world.login(browser, other.memberships[0].user)

    response = browser.post(f"/enterprises/{other.public_id}/listings/{rebar.public_id}/status",
                            data={"target": "archived"})

    assert response.status_code == 404
    db.session.refresh(rebar)
    assert rebar.status == "published"


def test_a_trader_edits_a_published_listing_and_buyers_see_the_change(world, browser, app, supplier, rebar):
    world.login(browser, supplier.trader)
    edit = f"/enterprises/{supplier.enterprise.public_id}/listings/{rebar.public_id}/edit"
    form = browser.get(edit).text
    assert 'value="HRB400E rebar 20 mm, 12 m"' in form and 'value="25"' in form

    saved = browser.post(edit, data=form_data(REBAR | {"title_en": "HRB400E rebar 20 mm, 12 m, Lingang stock",
                                                       "min_order_quantity": "50"}))
    refused = browser.post(edit, data=form_data(REBAR | {"min_order_quantity": "10"}))

    assert saved.status_code == 302
    assert refused.status_code == 422
    assert "The first price tier starts at 25" in refused.text
    page = text_of(app.test_client().get(f"/listings/{rebar.public_id}", headers={"Accept-Language": "en"}))
    assert "HRB400E rebar 20 mm, 12 m, Lingang stock" in page and "Minimum order 50 tonne" in page


def test_anyone_browses_the_category_tree(app):
    page = text_of(app.test_client().get("/categories", headers={"Accept-Language": "en"}))
    chinese = text_of(app.test_client().get("/categories", headers={"Accept-Language": "zh-CN"}))

    assert "Rebar" in page and "Laboratory instruments" in page and "Freight capacity" in page
    assert "螺纹钢" in chinese and "实验仪器" in chinese


def test_a_buyer_finds_the_ways_to_buy_ask_and_book_on_the_listing_page(world, browser, supplier, rebar):
    buyer = world.enterprise(kinds=("buyer",))
    world.login(browser, buyer.memberships[0].user)
    sem = services.move_listing(supplier.trader, services.create_listing(
        supplier.trader, supplier.enterprise, "resource", "resources.instrument", **SEM), "published")

    product_page = browser.get(f"/listings/{rebar.public_id}").text
    instrument_page = browser.get(f"/listings/{sem.public_id}").text

    assert f"/enterprises/{buyer.public_id}/orders/new?listing={rebar.public_id}" in product_page
    assert f"/enterprises/{buyer.public_id}/inquiries/new?listing={rebar.public_id}" in product_page
    assert f"/listings/{sem.public_id}/calendar" in instrument_page
    assert "/orders/new" not in instrument_page
