"""Floor listings are screened too; changing the lists screens every live listing again in the background;
quality inspections are recorded against a listing and its enterprise (form and API)."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from credit.file.services import record_entry
from marketplace.catalog import services as catalog
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.notifications.models import Notification
from marketplace.oversight.screening import hooks, services
from tests.builders import owner_of
from tests.oversight.screening.test_publish_and_review import publish, staff_headers
from tests.trading.listings.test_purchase import offer
from tests.trading.market import trading_token
from trading.listings import services as floor_listings


def wait_for_rescreening():
    for thread in threading.enumerate():
        if thread.name == "oversight-rescreen":
            thread.join(30)


def test_a_floor_lot_of_an_unlicensed_chemical_waits_and_cannot_be_bought(world, seller, buyer):
    lot = offer(seller, title="工业硫酸 98% 现货")

    assert lot.status == "pending_review"
    assert lot not in floor_listings.open_listings_of(lot.floor)
    with pytest.raises(InvalidInput):
        floor_listings.purchase(owner_of(buyer), buyer, lot.public_id, "50")
    row = hooks.screening_of("floor", lot.public_id)
    assert [(one["list_name"], one["matched"]) for one in row.findings] == [("hazardous_chemicals", "硫酸")]


def test_a_rejected_floor_lot_is_withdrawn(world, seller):
    lot = offer(seller, title="极品 螺纹钢 9m")
    row = hooks.screening_of("floor", lot.public_id)

    services.review(world.operator(), row.public_id, cleared=False, note="绝对化用语")

    db.session.expire_all()
    assert floor_listings.listing_by_public_id(lot.public_id).status == "withdrawn"


def test_a_new_term_takes_a_published_listing_off_sale_in_the_background(world, client, supplier):
    listing = publish(supplier, title_zh="HRB400E 螺纹钢 天津港特供")
    assert listing.status == "published"
    world.login(client, world.regulator())

    added = client.post("/oversight/screening/terms", data={"list_name": "absolute_terms", "term": "特供",
                                                            "aliases": "", "note": ""})

    assert added.status_code == 303
    wait_for_rescreening()
    db.session.expire_all()
    assert catalog.listing_of(supplier.enterprise, listing.public_id).status == "pending_review"
    assert client.get("/oversight/screening/rescreen/progress").get_json() == {
        "status": "finished", "done": 1, "total": 1}
    assert "1 / 1" in client.get("/oversight/screening/terms").get_data(as_text=True)


def test_switching_a_term_off_puts_waiting_listings_back_on_sale(world, client, supplier):
    listing = publish(supplier, title_zh="顶级 螺纹钢")
    term = next(row for row in services.lists.all_terms() if row.term == "顶级")
    headers = staff_headers(world.operator())

    switched = client.patch(f"/api/v1/oversight/screening/terms/{term.public_id}", json={"active": False},
                            headers=headers)

    assert switched.status_code == 200 and switched.json["active"] is False
    wait_for_rescreening()
    db.session.expire_all()
    assert catalog.listing_of(supplier.enterprise, listing.public_id).status == "published"
    assert client.get("/api/v1/oversight/screening/rescreen", headers=headers).json["status"] == "finished"


def test_a_hazardous_chemical_term_needs_a_valid_cas_number_and_a_bad_one_changes_nothing(world, client):
    headers = staff_headers(world.regulator())
    before = len(client.get("/api/v1/oversight/screening/terms", headers=headers).json)

    refused = client.post("/api/v1/oversight/screening/terms", json={"list_name": "hazardous_chemicals",
                                                                     "term": "7664-93-8"}, headers=headers)

    assert refused.status_code == 422 and "term" in refused.json["errors"]
    assert len(client.get("/api/v1/oversight/screening/terms", headers=headers).json) == before


def test_an_inspector_records_a_failed_sampling_on_the_web_and_the_seller_is_told(world, client, supplier):
    listing = publish(supplier, title_zh="HRB400E 螺纹钢 Φ20 12米")
    world.login(client, world.regulator())
    path = f"/oversight/screening/listings/catalog/{listing.public_id}"

    refused = client.post(f"{path}/inspections", data={"sampled_on": "", "authority": "", "report_number": "",
                                                       "result": "fail"})
    assert refused.status_code == 422 and services.inspections_of("catalog", listing.public_id) == []
    recorded = client.post(f"{path}/inspections", data={
        "sampled_on": "2026-11-02", "authority": "天津市市场监督管理局", "report_number": "JC-2026-1102",
        "result": "fail", "items": "屈服强度 | ≥400 MPa | 372 MPa | 不合格", "note": ""})

    assert recorded.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "JC-2026-1102" in page and "372 MPa" in page
    topics = db.session.scalars(select(Notification.topic).where(
        Notification.enterprise_id == supplier.enterprise.id)).all()
    assert "oversight.quality_inspection_failed" in topics


def test_inspections_through_the_api(world, client, seller):
    lot = offer(seller)
    headers = staff_headers(world.operator())
    body = {"listing_kind": "floor", "listing": lot.public_id, "sampled_on": "2026-11-03",
            "authority": "天津海关技术中心", "report_number": "TJ-0042", "result": "pass",
            "items": [{"item": "直径", "required": "20±0.4 mm", "measured": "20.1 mm", "verdict": "合格"}]}

    created = client.post("/api/v1/oversight/screening/inspections", json=body, headers=headers)
    missing = client.post("/api/v1/oversight/screening/inspections", json=body | {"listing": "fl_nothing"},
                          headers=headers)

    assert created.status_code == 201 and created.json["enterprise"] == seller.public_id
    assert missing.status_code == 422 and "listing" in missing.json["errors"]
    listed = client.get(f"/api/v1/oversight/screening/inspections?listing_kind=floor&listing={lot.public_id}",
                        headers=headers).json
    assert [one["report_number"] for one in listed] == ["TJ-0042"]


def test_the_seller_reads_through_its_trading_token_why_its_lot_waits(world, client, seller):
    lot = offer(seller, title="世界级 螺纹钢 9m")

    told = client.get(f"/api/v1/oversight/screening/notices/floor/{lot.public_id}",
                      headers=trading_token(world, seller))

    assert told.status_code == 200 and told.json["findings"][0]["matched"] == "世界级"


def test_a_regulator_switches_a_term_off_on_the_web(world, client):
    term = next(row for row in services.lists.all_terms() if row.term == "极品")
    world.login(client, world.regulator())

    switched = client.post(f"/oversight/screening/terms/{term.public_id}/off")

    assert switched.status_code == 303
    wait_for_rescreening()
    db.session.expire_all()
    assert "极品" not in {one.term for one in services.lists.active_terms()}


def licence(regulator, enterprise, title="危险化学品经营许可证"):
    """A hazardous chemicals business licence, valid for two more years, in ``enterprise``'s credit file."""
    today = shanghai_day()
    return record_entry(regulator, {
        "credit_code": enterprise.credit_code, "kind": "licence", "severity": "minor", "title": title,
        "decided_on": (today - timedelta(days=100)).isoformat(), "authority": "天津市应急管理局",
        "decision_number": "津应急危化经字〔2026〕0042号", "valid_until": (today + timedelta(days=700)).isoformat()})


def test_a_licensed_seller_offers_methanol_at_once(world, seller):
    licence(world.regulator(), seller)

    assert offer(seller, title="工业甲醇 99.9% 南港罐区").status == "open"


def test_once_the_licence_is_recorded_screening_again_puts_the_lot_on_sale(world, client, seller):
    lot = offer(seller, title="工业甲醇 99.9% 南港罐区")
    row = hooks.screening_of("floor", lot.public_id)
    licence(world.regulator(), seller)
    world.login(client, world.operator())

    again = client.post(f"/oversight/screening/reviews/{row.public_id}/rescreen")

    assert again.status_code == 303
    db.session.expire_all()
    assert floor_listings.listing_by_public_id(lot.public_id).status == "open"
    assert hooks.screening_of("floor", lot.public_id).status == "passed"
