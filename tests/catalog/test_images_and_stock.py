"""Pictures are checked by content and size; stock changes are exact; every change is versioned and announced."""
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.audit.models import AuditRecord
from marketplace.catalog import images, services
from marketplace.catalog.models import Listing, ListingImage
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.concurrency import all_at_once


def picture(kind="PNG", size=(1200, 800)):
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, format=kind)
    return out.getvalue()


def upload(browser, supplier, listing, data, name="photo.png"):
    return browser.post(f"/enterprises/{supplier.enterprise.public_id}/listings/{listing.public_id}/images",
                        data={"image": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.mark.parametrize("kind, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                                ("WEBP", "image/webp")])
def test_a_picture_is_stored_in_the_instance_folder_with_a_320_pixel_thumbnail(
        world, browser, app, supplier, rebar, kind, content_type):
    world.login(browser, supplier.trader)

    response = upload(browser, supplier, rebar, picture(kind), name="photo.bin")

    assert response.status_code == 302
    stored = db.session.scalar(select(ListingImage))
    assert (stored.content_type, stored.width, stored.height) == (content_type, 1200, 800)
    assert (Path(app.instance_path) / "uploads" / "listings" / stored.stored_name).exists()
    thumb = app.test_client().get(f"/listings/{rebar.public_id}/images/{stored.public_id}/thumbnail")
    assert thumb.status_code == 200 and thumb.content_type == content_type
    assert Image.open(io.BytesIO(thumb.data)).size == (320, 213)
    assert f"/images/{stored.public_id}/thumbnail" in app.test_client().get(f"/listings/{rebar.public_id}").text


def test_a_file_that_only_claims_to_be_a_picture_is_refused(world, browser, supplier, rebar):
    world.login(browser, supplier.trader)

    text = upload(browser, supplier, rebar, b"%PDF-1.7 not a picture at all", name="spec.png")
    gif = upload(browser, supplier, rebar, picture("GIF"), name="anim.png")

    assert text.status_code == gif.status_code == 422
    assert "This file is not a picture we can read." in text.text
    assert "Upload a PNG, JPEG or WebP picture." in gif.text
    assert db.session.scalar(select(ListingImage)) is None


def test_a_picture_over_5_mb_is_refused(supplier, rebar):
    too_big = picture("PNG", (10, 10)) + b"\0" * images.MAX_BYTES

    with pytest.raises(InvalidInput) as refused:
        services.add_image(supplier.trader, rebar, too_big)

    assert "at most 5 MB" in refused.value.message


def test_a_removed_picture_is_gone_from_disk_and_page(world, browser, app, supplier, rebar):
    image = services.add_image(supplier.trader, rebar, picture())
    path = Path(app.instance_path) / "uploads" / "listings" / image.stored_name
    world.login(browser, supplier.trader)

    response = browser.post(f"/enterprises/{supplier.enterprise.public_id}/listings/{rebar.public_id}"
                            f"/images/{image.public_id}/remove")

    assert response.status_code == 302
    assert not path.exists()
    assert app.test_client().get(f"/listings/{rebar.public_id}/images/{image.public_id}").status_code == 404


def test_pictures_of_a_draft_stay_private(app, supplier, rebar):
    image = services.add_image(supplier.trader, rebar, picture())
    services.move_listing(supplier.trader, rebar, "paused")

    assert app.test_client().get(f"/listings/{rebar.public_id}/images/{image.public_id}").status_code == 404


def test_stock_goes_in_and_out_but_never_below_zero(world, browser, supplier, rebar):
    services.adjust_stock(supplier.trader, rebar, "-200", "delivered to Yujiapu site")
    world.login(browser, supplier.trader)

    refused = browser.post(f"/enterprises/{supplier.enterprise.public_id}/listings/{rebar.public_id}/stock",
                           data={"change": "-1000.5", "reason": "wrong count"})

    assert refused.status_code == 422
    assert "Only 1000 tonne are in stock." in refused.text
    db.session.refresh(rebar)
    assert rebar.stock == 1000
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "listing.stock_adjusted"))
    assert audit.after == {"stock": "1000", "change": "-200", "reason": "delivered to Yujiapu site"}


def test_every_change_raises_the_version_and_announces_it_once(supplier, rebar):
    services.update_listing(supplier.trader, rebar, lead_time_days=7)
    services.update_listing(supplier.trader, rebar, lead_time_days=7)  # no change: no new version

    events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.aggregate_id == rebar.public_id)
                                .order_by(OutboxEvent.id)).all()
    assert [event.version for event in events] == [1, 2, 3]
    assert rebar.version == 3


def test_an_archived_listing_no_longer_changes(supplier, rebar):
    services.move_listing(supplier.trader, rebar, "archived")

    with pytest.raises(InvalidInput):
        services.update_listing(supplier.trader, rebar, stock="5")
    with pytest.raises(InvalidInput):
        services.move_listing(supplier.trader, rebar, "published")


def test_the_price_of_a_quantity_comes_from_its_tier(supplier, rebar):
    unit_price, total = services.price_for(rebar, "120")

    assert (unit_price.minor, total.minor) == (379000, 45480000)
    with pytest.raises(InvalidInput):
        services.price_for(rebar, "10")


@pytest.mark.postgres_only
def test_two_orders_for_the_last_stock_at_one_instant_leave_one_refused(app, supplier, rebar):
    services.adjust_stock(supplier.trader, rebar, "-1000", "sold by phone")  # 200 t left
    listing_id = rebar.id

    def order(number):
        listing = db.session.get(Listing, listing_id)
        try:
            services.take_stock(listing, "150", f"order {number}")
        except services.OutOfStock:
            return "refused"
        db.session.commit()
        return "taken"

    results = all_at_once(app, 2, order)

    assert sorted(results) == ["refused", "taken"]
    db.session.expire_all()
    assert db.session.get(Listing, listing_id).stock == 50


def test_stock_taken_by_an_order_comes_back_when_it_is_cancelled(supplier, rebar):
    services.take_stock(rebar, "200", "order ord_1")
    with pytest.raises(services.OutOfStock):
        services.take_stock(rebar, "1001", "order ord_2")

    services.return_stock(rebar, "200", "order ord_1 cancelled")

    assert rebar.stock == 1200
