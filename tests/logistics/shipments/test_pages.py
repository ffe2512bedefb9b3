"""Shipment pages as seller, carrier, buyer, regulator and stranger, in Chinese and English."""
import html
import re

from sqlalchemy import event, func, select

from logistics.shipments import progress, services
from logistics.shipments.models import PortEvent, Shipment
from marketplace.database import transaction
from marketplace.extensions import db
from tests.builders import owner_of
from tests.logistics.shipments.conftest import CONTAINER, read_point, sighting


def fresh(shipment):
    """The shipment as the requests left it (they ran in sessions of their own)."""
    db.session.expire_all()
    return db.session.get(Shipment, shipment.id)


def page(client, enterprise, shipment, suffix="", language="en"):
    return client.get(f"/enterprises/{enterprise.public_id}/shipments/{shipment.public_id}{suffix}",
                      headers={"Accept-Language": language})


def test_the_seller_books_from_the_form(client, world, contract, seller, carrier):
    world.login(client, owner_of(seller))
    form = client.get(f"/enterprises/{seller.public_id}/shipments/new?source_id={contract.public_id}")
    assert form.status_code == 200 and contract.public_id in form.text
    booked = client.post(f"/enterprises/{seller.public_id}/shipments/new", data={
        "source_type": "contract", "source_id": contract.public_id, "carrier": carrier.public_id,
        "origin": "天津港", "destination": "Singapore"})
    assert booked.status_code == 302
    shipment = db.session.scalar(select(Shipment))
    assert shipment.carrier_enterprise_id == carrier.id
    listed = client.get(f"/enterprises/{seller.public_id}/shipments")
    assert shipment.public_id in listed.text and "100 t" in listed.text
    refused = client.post(f"/enterprises/{seller.public_id}/shipments/new",
                          data={"source_type": "contract", "source_id": "ct_nosuchcontract"})
    assert refused.status_code == 404


def test_the_carrier_records_events_and_the_buyer_sees_the_timeline_in_both_languages(client, world, shipment,
                                                                                     carrier, buyer):
    world.login(client, owner_of(carrier))
    carried = page(client, carrier, shipment)
    assert "Record a port event" in carried.text and "CNTXG" in carried.text and "COSCO Tianjin" in carried.text
    wrong = client.post(f"/enterprises/{carrier.public_id}/shipments/{shipment.public_id}/port-events", data={
        "type_code": "LOAD", "event_at": "2026-11-20T08:30", "classifier": "ACT", "container": "CSQU3054384",
        "empty": "LADEN", "unlocode": "CNTXG"}, headers={"Accept-Language": "en"})
    assert wrong.status_code == 422 and "check digit" in wrong.text
    assert db.session.scalar(select(func.count()).select_from(PortEvent)) == 0
    for _ in range(2):
        recorded = client.post(f"/enterprises/{carrier.public_id}/shipments/{shipment.public_id}/port-events",
                               data={"type_code": "LOAD", "event_at": "2026-11-20T08:30", "classifier": "ACT",
                                     "container": CONTAINER, "empty": "LADEN", "unlocode": "CNTXG"})
        assert recorded.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PortEvent)) == 1
    client.get("/auth/logout")

    dock = read_point(buyer, "Buyer dock 2")
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    with transaction():
        progress.on_sighting(sighting(dock), dock, None)
    world.login(client, owner_of(buyer))
    english = page(client, buyer, shipment)
    assert english.status_code == 200
    assert "2026-11-20 08:30:00" in english.text  # the LOAD at 08:30 Beijing time
    assert "Port event LOAD" in english.text and "Read at Buyer dock 2" in english.text
    assert "Business transaction" in english.text, "the EPCIS event tying the pallet to the deal, named in words"
    assert "Delivered" in english.text and "100 t" in english.text
    chinese = page(client, buyer, shipment, language="zh-CN")
    assert chinese.status_code == 200 and "2026-11-20 08:30:00" in chinese.text and 'lang="zh' in chinese.text


def test_the_buyer_confirms_delivery_and_strangers_find_nothing(client, world, shipment, buyer, seller):
    stranger = world.enterprise(kinds=("logistics",))
    world.login(client, owner_of(stranger))
    assert page(client, stranger, shipment).status_code == 404
    client.get("/auth/logout")
    world.login(client, owner_of(buyer))
    assert "The goods arrived" in page(client, buyer, shipment).text
    confirmed = client.post(f"/enterprises/{buyer.public_id}/shipments/{shipment.public_id}/delivery", data={})
    assert confirmed.status_code == 302
    again = client.post(f"/enterprises/{buyer.public_id}/shipments/{shipment.public_id}/delivery", data={})
    assert again.status_code == 422
    assert fresh(shipment).status == "delivered"


def test_a_regulator_sees_every_shipment(client, world, shipment, seller):
    world.login(client, world.regulator())
    listed = client.get("/oversight/shipments?status=booked")
    assert listed.status_code == 200 and shipment.public_id in listed.text
    assert shipment.public_id not in client.get("/oversight/shipments?status=delivered").text
    as_seller = page(client, seller, shipment)
    assert as_seller.status_code == 200 and "we sell" not in as_seller.text, "a regulator is not the seller"
    chinese = client.get("/oversight/shipments", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 200 and shipment.public_id in chinese.text


def test_an_exception_is_reported_and_cleared_from_the_page(client, world, shipment, carrier):
    world.login(client, owner_of(carrier))
    base = f"/enterprises/{carrier.public_id}/shipments/{shipment.public_id}"
    assert client.post(f"{base}/exception", data={"kind": "delayed", "note": "typhoon"}).status_code == 302
    assert "Held: Delayed" in page(client, carrier, shipment).text
    assert client.post(f"{base}/exception/clearance", data={}).status_code == 302
    assert fresh(shipment).exception is None


def test_the_list_costs_the_same_queries_for_more_shipments_with_other_carriers(app, client, world, contract,
                                                                                 seller):
    world.login(client, world.regulator())

    def book_with_new_carriers(count):
        for _ in range(count):
            carrier = world.enterprise(kinds=("logistics",))
            services.book(owner_of(seller), seller, "contract", contract.public_id, "天津港", "Singapore",
                          carrier_public_id=carrier.public_id)

    def queries_of_the_list():
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get("/oversight/shipments").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    book_with_new_carriers(2)
    few = queries_of_the_list()
    book_with_new_carriers(6)
    assert queries_of_the_list() == few


def test_older_shipments_are_on_the_next_page(client, world, contract, seller, monkeypatch):
    from logistics.shipments import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    booked = [services.book(owner_of(seller), seller, "contract", contract.public_id, "天津港", "Singapore")
              for _ in range(3)]
    world.login(client, owner_of(seller))
    first = client.get(f"/enterprises/{seller.public_id}/shipments?status=booked")
    assert booked[2].public_id in first.text and booked[1].public_id in first.text
    assert booked[0].public_id not in first.text
    older = html.unescape(re.search(r'href="([^"]+)" rel="next"', first.text).group(1))
    assert "status=booked" in older
    second = client.get(older)
    assert booked[0].public_id in second.text and booked[1].public_id not in second.text
    assert 'rel="next"' not in second.text
