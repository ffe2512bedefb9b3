"""Issue 3's promise through the API alone, as two ERP systems and a lab would drive it.

A supplier lists a product, a service and a bookable instrument; a buyer finds each by a Chinese
query with facets, books a slot (a second buyer is refused), posts an RFQ, gets two quotes,
compares them, accepts the cheaper one, and sees the order awaiting payment.
"""
from datetime import date, timedelta

import pytest

from marketplace.database import utcnow
from marketplace.search import services as search
from tests.builders import owner_of

EVERYTHING = ["catalog:read", "catalog:write", "sourcing:read", "sourcing:write", "orders:read", "orders:write",
              "bookings:read", "bookings:write"]


@pytest.fixture
def erp(world, client):
    """``erp(enterprise)`` → a function ``call(method, path, json)`` with that enterprise's owner token."""

    def connect(enterprise):
        headers = {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, EVERYTHING)}"}

        def call(method, path, json=None, key=None):
            extra = {"Idempotency-Key": key} if key else {}
            return client.open(f"/api/v1{path}", method=method, json=json, headers=headers | extra)

        return call

    return connect


def publish(call, body):
    created = call("POST", "/listings", body)
    assert created.status_code == 201, created.json
    published = call("POST", f"/listings/{created.json['id']}/publish")
    assert published.status_code == 200, published.json
    return created.json["id"]


def test_list_find_book_request_quotes_and_order(world, erp, app):
    supplier = erp(world.enterprise(kinds=("supplier", "service_provider"), region="lingang"))
    rival = erp(rival_enterprise := world.enterprise(kinds=("supplier",)))
    buyer = erp(world.enterprise(kinds=("buyer",)))
    second_buyer = erp(world.enterprise(kinds=("buyer",)))

    rebar = publish(supplier, {
        "kind": "product", "category": "steel.rebar", "title_zh": "HRB400E 抗震螺纹钢 Φ20 12米",
        "title_en": "HRB400E seismic rebar 20 mm", "attributes": {"grade": "HRB400E", "diameter_mm": 20},
        "unit": "t", "min_order_quantity": "20", "stock": "800", "certifications": ["ISO 9001"],
        "price_tiers": [{"min_quantity": "20", "unit_price": "3850.00"}]})
    testing = publish(supplier, {
        "kind": "service", "category": "services.testing", "title_zh": "钢筋力学性能检测",
        "title_en": "Rebar mechanical testing", "attributes": {"standards": "GB/T 28900-2022"},
        "unit": "sample", "service_scope": "拉伸、弯曲、反向弯曲", "price_basis": "per_sample",
        "price_tiers": [{"min_quantity": "1", "unit_price": "380.00"}]})
    microscope = publish(supplier, {
        "kind": "resource", "category": "resources.instrument", "title_zh": "扫描电子显微镜 共享机时",
        "title_en": "Scanning electron microscope time", "unit": "hour", "slot_minutes": 60,
        "location": "天津市滨海新区临港经济区", "attributes": {"manufacturer": "Hitachi", "model": "SU5000"},
        "price_tiers": [{"min_quantity": "1", "unit_price": "600.00"}]})
    hours = supplier("PUT", f"/resources/{microscope}/opening-hours",
                     {"hours": [{"weekday": day, "opens": "09:00", "closes": "17:00"} for day in range(5)]})
    assert hours.status_code == 200, hours.json
    publish(rival, {"kind": "product", "category": "steel.rebar", "title_zh": "HRB400E 螺纹钢 Φ20",
                    "attributes": {"grade": "HRB400E", "diameter_mm": 20}, "unit": "t", "min_order_quantity": "20",
                    "stock": "500", "price_tiers": [{"min_quantity": "20", "unit_price": "3900.00"}]})

    with app.app_context():
        search.reindex()
    for query, facet, expected in (("螺纹钢", "category=steel.rebar&region=lingang", rebar),
                                   ("力学性能检测", "category=services.testing", testing),
                                   ("电子显微镜", "category=resources.instrument", microscope)):
        found = buyer("GET", f"/search?q={query}&{facet}")
        assert found.status_code == 200, found.json
        assert [item["public_id"] for item in found.json["items"]] == [expected], query

    tomorrow = date.today() + timedelta(days=1)
    week = buyer("GET", f"/resources/{microscope}/availability?from={tomorrow}&to={tomorrow + timedelta(days=13)}")
    first_free = next(slot["starts_at"] for day in week.json["days"] for slot in day["slots"]
                      if slot["state"] == "free")
    slot = {"listing": microscope, "starts_at": first_free, "slots": 1}
    booked = buyer("POST", "/bookings", slot, key="lab-1")
    assert booked.status_code == 201, booked.json
    refused = second_buyer("POST", "/bookings", slot, key="lab-2")
    assert refused.status_code == 409
    past = second_buyer("POST", "/bookings", slot | {"starts_at": "2020-01-06T10:00:00+08:00"})
    assert past.status_code == 422 and "starts_at" in past.json["errors"]

    rfq = buyer("POST", "/rfqs", {
        "title": "HRB400E 螺纹钢 300 吨", "category": "steel.rebar", "quantity": "300", "unit": "t",
        "delivery_place": "天津港东疆港区", "delivery_date": (date.today() + timedelta(days=30)).isoformat(),
        "deadline": (utcnow() + timedelta(days=2)).isoformat()}, key="rfq-1")
    assert rfq.status_code == 201, rfq.json
    valid_until = (utcnow() + timedelta(days=10)).isoformat()
    for erp_call, price, lead in ((supplier, "3820.00", 5), (rival, "3790.00", 9)):
        quoted = erp_call("POST", f"/rfqs/{rfq.json['id']}/quotes", {
            "unit_price": price, "quantity": "300", "lead_time_days": lead, "valid_until": valid_until,
            "terms": "DAP 天津港"})
        assert quoted.status_code == 201, quoted.json
    negative = rival("POST", f"/rfqs/{rfq.json['id']}/quotes", {
        "unit_price": "-1", "quantity": "300", "valid_until": valid_until})
    assert negative.status_code == 422

    comparison = buyer("GET", f"/rfqs/{rfq.json['id']}/comparison")
    assert comparison.status_code == 200, comparison.json
    cheapest = next(row["quote"] for row in comparison.json["rows"] if row["cheapest"])
    assert cheapest["unit_price"] == "3790.00"
    order = buyer("POST", f"/quotes/{cheapest['id']}/accept", key="accept-1")
    assert order.status_code in (200, 201), order.json
    confirmed = rival("POST", f"/orders/{order.json['id']}/confirm", key="confirm-1")
    assert confirmed.status_code == 200, confirmed.json

    seen = buyer("GET", f"/orders/{order.json['id']}")
    assert seen.json["status"] == "awaiting_payment"
    assert seen.json["seller_id"] == rival_enterprise.public_id
