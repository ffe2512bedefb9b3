"""Trace pages as people use them: a shopper scanning the QR code, a party, a stranger, a regulator exporting."""
import csv
import io

from logistics.identifiers import from_uri, gs1_check_digit
from tests.builders import owner_of
from tests.logistics.tracing.conftest import CONTAINER, PADDY, RICE


def test_the_digital_link_page_works_for_anonymous_shoppers_in_english_and_chinese(app, rice):
    client = app.test_client()

    english = client.get(f"/01/{RICE}/21/1")
    chinese = client.get(f"/01/{RICE}/21/1", headers={"Accept-Language": "zh-CN"})

    assert english.status_code == 200 and chinese.status_code == 200
    page = english.get_data(as_text=True)
    assert "Where this product comes from" in page
    for fact in ("Xiaozhan rice 5 kg x 4", "R2026-11", "Ninghe Farm No. 2", "Qilihai Farm", "<svg"):
        assert fact in page
    assert "Ninghe Farm No. 2" in chinese.get_data(as_text=True)
    assert 'lang="zh-CN"' in chinese.get_data(as_text=True)
    for private in (rice.seller.name_en, rice.buyer.name_en, "CNY", "¥"):
        assert private not in page


def test_lot_and_pallet_links_resolve_and_unknown_codes_are_not_found(app, rice):
    client = app.test_client()
    sscc = from_uri(rice.pallet).gs1_key

    assert client.get(f"/01/{PADDY}/10/FARM-A").status_code == 200
    assert client.get(f"/00/{sscc}").status_code == 200
    assert client.get(f"/01/{RICE}/21/999").status_code == 404
    body = "0" + "6909999" + "00001"
    assert client.get(f"/01/{body + gs1_check_digit(body)}/21/1").status_code == 404


def test_the_qr_image_carries_the_digital_link(app, rice):
    response = app.test_client().get("/trace/qr.svg", query_string={"id": rice.cases[0]})

    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert f"/01/{RICE}/21/1" in response.get_data(as_text=True)


def test_parties_see_the_whole_trace_and_others_only_public_facts(app, world, rice):
    party, stranger = app.test_client(), app.test_client()
    world.login(party, owner_of(rice.buyer))
    world.login(stranger, world.person())

    full = party.get("/trace", query_string={"id": rice.cases[0]}).get_data(as_text=True)
    public = stranger.get("/trace", query_string={"id": rice.cases[0]}).get_data(as_text=True)

    assert rice.lots[0] in full and rice.pallet in full and 'id="timeline"' in full
    assert "Binhai Star" in party.get("/trace", query_string={"id": rice.lots[0]}).get_data(as_text=True)
    assert 'id="public-only"' in public and 'id="timeline"' not in public and rice.pallet not in public
    assert "Qilihai Farm" in public


def test_a_malformed_identifier_gets_a_clear_refusal(app, world, rice):
    client = app.test_client()
    world.login(client, world.person())

    response = client.get("/trace", query_string={"id": "CSQU3054384"})

    assert response.status_code == 422
    assert "check digit" in response.get_data(as_text=True)


def test_the_csv_export_is_for_regulators_only(app, world, rice):
    regulator, party = app.test_client(), app.test_client()
    world.login(regulator, world.regulator())
    world.login(party, owner_of(rice.seller))

    exported = regulator.get("/trace/export.csv", query_string={"id": CONTAINER})

    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert {"time", "event_type", "action", "biz_step", "disposition", "read_point", "location", "identifier", "role",
            "parent", "lot"} == set(rows[0])
    assert any(row["biz_step"] == "loading" and row["action"] == "ADD" for row in rows)
    assert party.get("/trace/export.csv", query_string={"id": CONTAINER}).status_code == 403


def test_the_api_traces_backward_and_forward_for_parties_only(app, world, rice):
    client = app.test_client()
    seller_token = world.token(owner_of(rice.seller), rice.seller, ["logistics:read"])
    stranger = world.enterprise()
    stranger_token = world.token(owner_of(stranger), stranger, ["logistics:read"])

    backward = client.get("/api/v1/trace", query_string={"id": rice.cases[0]},
                          headers={"Authorization": f"Bearer {seller_token}"})
    forward = client.get("/api/v1/trace", query_string={"id": rice.lots[1], "direction": "forward"},
                         headers={"Authorization": f"Bearer {seller_token}"})
    refused = client.get("/api/v1/trace", query_string={"id": rice.cases[0]},
                         headers={"Authorization": f"Bearer {stranger_token}"})

    assert backward.status_code == 200
    assert set(rice.lots) <= {r["id"] for r in backward.json["reached"]}
    assert {rice.pallet, f"urn:epc:id:bic:{CONTAINER}"} <= {r["id"] for r in forward.json["reached"]}
    assert forward.json["vessels"][0]["vessel_name"] == "Binhai Star"
    assert refused.status_code == 404


def test_a_party_sees_only_the_shipments_it_is_party_to(app, world, rice):
    from logistics.shipments import services as shipments
    from tests.settlement.fixtures import steel_contract

    later_buyer = world.enterprise(kinds=("buyer",))
    resold = shipments.book(owner_of(rice.seller), rice.seller, "contract",
                            steel_contract(later_buyer, rice.seller).public_id, "上海", "南京")
    shipments.add_unit(owner_of(rice.seller), rice.seller, resold.public_id, "pallet", rice.pallet)
    first_buyer, seller, regulator = app.test_client(), app.test_client(), app.test_client()
    world.login(first_buyer, owner_of(rice.buyer))
    world.login(seller, owner_of(rice.seller))
    world.login(regulator, world.regulator())

    def shown(client):
        return client.get("/trace", query_string={"id": rice.pallet}).get_data(as_text=True)

    assert rice.shipment.public_id in shown(first_buyer) and resold.public_id not in shown(first_buyer)
    assert later_buyer.name_zh not in shown(first_buyer)
    assert rice.shipment.public_id in shown(seller) and resold.public_id in shown(seller)
    assert resold.public_id in shown(regulator)
