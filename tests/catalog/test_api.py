"""Through the API a supplier's ERP lists, prices and publishes; bad input is refused with field errors."""
from sqlalchemy import func, select

from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.catalog.conftest import REBAR, bearer

WRITE = ["catalog:read", "catalog:write"]


def rebar_body(**changes):
    return {"kind": "product", "category": "steel.rebar", **REBAR,
            "price_tiers": [{"min_quantity": "25", "unit_price": "3850.00"},
                            {"min_quantity": "100", "unit_price": "3790.00"}]} | changes


def test_a_trader_token_lists_and_publishes_a_product(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)

    created = client.post("/api/v1/listings", json=rebar_body(), headers=bearer(token))

    assert created.status_code == 201, created.json
    listing_id = created.json["id"]
    assert created.json["status"] == "draft"
    assert created.json["price_tiers"] == [{"min_quantity": "25.000", "unit_price": "3850.00"},
                                           {"min_quantity": "100.000", "unit_price": "3790.00"}]
    assert created.json["attributes"]["diameter_mm"] == 20
    published = client.post(f"/api/v1/listings/{listing_id}/publish", headers=bearer(token))
    assert published.status_code == 200
    assert published.json["status"] == "published"
    assert published.json["version"] == 2
    mine = client.get("/api/v1/listings?status=published", headers=bearer(token)).json["items"]
    assert [item["id"] for item in mine] == [listing_id]
    events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.aggregate_id == listing_id)).all()
    assert [(e.topic, e.version) for e in events] == [("listing.changed", 1), ("listing.changed", 2)]


def test_a_retried_create_with_the_same_key_makes_one_listing(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)
    headers = bearer(token) | {"Idempotency-Key": "erp-rebar-1"}

    first = client.post("/api/v1/listings", json=rebar_body(), headers=headers)
    again = client.post("/api/v1/listings", json=rebar_body(), headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["id"] == first.json["id"]
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 1


def test_bad_input_gets_422_problem_naming_each_field_and_stores_nothing(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)
    body = rebar_body(attributes={"grade": "HRB400E", "diameter_mm": 20, "colour": "blue"},
                      price_tiers=[{"min_quantity": "25", "unit_price": "-3850"}])

    response = client.post("/api/v1/listings", json=body, headers=bearer(token))

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    errors = response.json["errors"]
    assert "more than zero" in errors["price_tiers.0.unit_price"][0]
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0
    without_price_problem = client.post("/api/v1/listings", json=rebar_body(
        attributes={"grade": "HRB400E", "diameter_mm": 20, "colour": "blue"}), headers=bearer(token))
    assert without_price_problem.status_code == 422
    assert "colour" in without_price_problem.json["errors"]["attributes"][0]
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0


def test_a_bad_cas_number_is_refused_naming_the_check_digit(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)
    body = {"kind": "product", "category": "chemicals.fertiliser", "title_zh": "尿素", "unit": "t",
            "attributes": {"cas_number": "57-13-7", "purity_percent": "99.5", "hazard_class": "none"}}

    response = client.post("/api/v1/listings", json=body, headers=bearer(token))

    assert response.status_code == 422
    message = response.json["errors"]["attributes.cas_number"][0]
    assert "check digit" in message and "6" in message


def test_patch_changes_fields_and_a_published_listing_must_keep_a_price(world, client, supplier, rebar):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)

    patched = client.patch(f"/api/v1/listings/{rebar.public_id}", json={"stock": "900", "lead_time_days": 5},
                           headers=bearer(token))
    emptied = client.patch(f"/api/v1/listings/{rebar.public_id}", json={"price_tiers": []}, headers=bearer(token))

    assert patched.status_code == 200
    assert (patched.json["stock"], patched.json["lead_time_days"]) == ("900.000", 5)
    assert emptied.status_code == 422
    assert "price_tiers" in emptied.json["errors"]
    assert len(client.get(f"/api/v1/listings/{rebar.public_id}", headers=bearer(token)).json["price_tiers"]) == 3


def test_a_token_changes_only_its_own_enterprise_listings(world, client, rebar):
    other = world.enterprise()
    owner = other.memberships[0].user
    token = world.token(owner, other, WRITE)

    seen = client.get(f"/api/v1/listings/{rebar.public_id}", headers=bearer(token))
    changed = client.patch(f"/api/v1/listings/{rebar.public_id}", json={"stock": "1"}, headers=bearer(token))
    paused = client.post(f"/api/v1/listings/{rebar.public_id}/pause", headers=bearer(token))

    assert seen.status_code == 200  # published: anyone's ERP may read it
    assert changed.status_code == paused.status_code == 404


def test_a_read_only_token_cannot_write(world, client, supplier):
    viewer = world.member(supplier.enterprise, "viewer")
    token = world.token(viewer, supplier.enterprise, ["catalog:read"])

    response = client.post("/api/v1/listings", json=rebar_body(), headers=bearer(token))

    assert response.status_code == 403


def test_categories_come_with_their_attribute_schemas(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, ["catalog:read"])

    tree = client.get("/api/v1/categories", headers=bearer(token)).json

    steel = next(category for category in tree if category["code"] == "steel")
    assert steel["attributes"] is None
    rebar = next(child for child in steel["children"] if child["code"] == "steel.rebar")
    grade = next(attribute for attribute in rebar["attributes"] if attribute["name"] == "grade")
    assert grade["required"] and "HRB400E" in grade["choices"]


def test_quantities_and_prices_may_come_as_json_numbers(world, client, supplier):
    token = world.token(supplier.trader, supplier.enterprise, WRITE)
    body = rebar_body(min_order_quantity=25, stock=1200.5,
                      price_tiers=[{"min_quantity": 25, "unit_price": 3850}, {"min_quantity": 100, "unit_price": 3790.5}])

    created = client.post("/api/v1/listings", json=body, headers=bearer(token))

    assert created.status_code == 201, created.json
    assert created.json["stock"] == "1200.500"
    assert created.json["price_tiers"][1]["unit_price"] == "3790.50"
