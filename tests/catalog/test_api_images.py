"""A supplier's ERP adds and removes listing pictures through the API; files are checked by content."""
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from marketplace.catalog import images
from marketplace.catalog.models import ListingImage
from marketplace.extensions import db
from tests.catalog.conftest import bearer
from tests.catalog.test_images_and_stock import picture

WRITE = ["catalog:read", "catalog:write"]


@pytest.fixture
def token(world, supplier):
    return world.token(supplier.trader, supplier.enterprise, WRITE)


@pytest.fixture
def stored_files(app):
    """The names in the upload folder now, to compare with after a refused upload."""
    folder = Path(app.instance_path) / "uploads" / "listings"
    return lambda: set(folder.iterdir()) if folder.exists() else set()


def upload(client, token, listing, data, name="photo.png"):
    return client.post(f"/api/v1/listings/{listing.public_id}/images", headers=bearer(token),
                       data={"image": (io.BytesIO(data), name)})


def pictures():
    return db.session.scalar(select(func.count()).select_from(ListingImage))


def test_an_uploaded_png_shows_on_the_listing_with_a_320_pixel_thumbnail(client, token, rebar):
    response = upload(client, token, rebar, picture("PNG", (1200, 800)), name="photo.bin")

    assert response.status_code == 201, response.json
    image = response.json
    assert (image["content_type"], image["width"], image["height"]) == ("image/png", 1200, 800)
    assert image["id"].startswith("img")
    assert image["size_bytes"] == db.session.scalar(select(ListingImage.size_bytes))
    listing = client.get(f"/api/v1/listings/{rebar.public_id}", headers=bearer(token)).json
    assert listing["images"] == [image]
    thumbnail = client.get(image["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.content_type == "image/png"
    assert Image.open(io.BytesIO(thumbnail.data)).size == (320, 213)
    assert client.get(image["url"]).data == picture("PNG", (1200, 800))


def test_a_text_file_named_png_is_refused_with_the_field_named(client, token, rebar, stored_files):
    before = stored_files()

    response = upload(client, token, rebar, b"Price list: HRB400E 3850 CNY/t", name="rebar.png")

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == {"image": ["This file is not a picture we can read."]}
    assert pictures() == 0 and stored_files() == before


def test_a_request_without_a_file_is_refused(client, token, rebar):
    response = client.post(f"/api/v1/listings/{rebar.public_id}/images", headers=bearer(token), json={})

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["image"]


def test_a_picture_over_5_mb_is_refused_and_nothing_is_stored(client, token, rebar, stored_files):
    before = stored_files()
    too_big = picture("PNG", (10, 10)) + b"\0" * images.MAX_BYTES

    response = upload(client, token, rebar, too_big)

    assert response.status_code == 422
    assert "at most 5 MB" in response.json["errors"]["image"][0]
    assert pictures() == 0 and stored_files() == before


def test_another_enterprises_token_cannot_add_pictures_to_the_listing(world, client, rebar, stored_files):
    other = world.enterprise()
    stranger = world.token(world.member(other, "trader"), other, WRITE)
    before = stored_files()

    response = upload(client, stranger, rebar, picture())

    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert pictures() == 0 and stored_files() == before


def test_a_removed_picture_is_gone_and_removing_it_again_gets_404(client, token, rebar):
    image = upload(client, token, rebar, picture()).json
    address = f"/api/v1/listings/{rebar.public_id}/images/{image['id']}"

    removed = client.delete(address, headers=bearer(token))
    again = client.delete(address, headers=bearer(token))

    assert removed.status_code == 204
    assert again.status_code == 404 and again.content_type == "application/problem+json"
    assert client.get(image["url"]).status_code == 404
    assert client.get(f"/api/v1/listings/{rebar.public_id}", headers=bearer(token)).json["images"] == []


def test_a_retried_upload_with_the_same_key_adds_one_picture(client, token, rebar):
    """The retry is rebuilt as a client would: same picture, new multipart boundary."""
    content = picture()

    def upload():
        boundary, body = encode_multipart({"image": FileStorage(io.BytesIO(content), "photo.png")})
        return client.post(f"/api/v1/listings/{rebar.public_id}/images", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}",
                           headers=bearer(token) | {"Idempotency-Key": "erp-photo-1"})

    first, again = upload(), upload()

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["id"] == first.json["id"]
    assert pictures() == 1
