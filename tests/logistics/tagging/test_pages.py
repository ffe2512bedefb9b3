"""Tagging on the web and by API: a logistics operator commissions and packs; bad input is refused clearly."""
from sqlalchemy import func, select

from logistics.epcis.models import EpcisEvent
from logistics.identifiers import gs1_check_digit
from logistics.tagging import services
from marketplace.extensions import db
from tests.builders import owner_of

PREFIX = "6901234"
BODY = "0" + PREFIX + "11234"
GTIN = BODY + gs1_check_digit(BODY)


def events():
    return db.session.scalar(select(func.count()).select_from(EpcisEvent))


def test_an_operator_commissions_cases_and_sees_their_forms_and_qr_codes(app, world):
    firm = world.enterprise(kinds=("logistics",))
    services.record_prefix(owner_of(firm), firm, PREFIX)
    operator = world.member(firm, "logistics_operator")
    client = app.test_client()
    world.login(client, operator)

    page = client.post(f"/enterprises/{firm.public_id}/tagging/commissionings",
                       data={"kind": "case", "gtin": GTIN, "count": "2", "lot": "R1", "uom": "TNE"})

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"urn:epc:id:sgtin:{PREFIX}.011234.2" in html and "urn:epc:tag:sgtin-96:2." in html
    assert f"/01/{GTIN}/21/1" in html and html.count("<svg") == 2
    assert client.get(f"/enterprises/{firm.public_id}/tagging").status_code == 200


def test_a_wrong_check_digit_re_renders_the_form_and_stores_nothing(app, world):
    firm = world.enterprise(kinds=("logistics",))
    services.record_prefix(owner_of(firm), firm, PREFIX)
    client = app.test_client()
    world.login(client, owner_of(firm))

    page = client.post(f"/enterprises/{firm.public_id}/tagging/commissionings",
                       data={"kind": "case", "gtin": GTIN[:-1] + str((int(GTIN[-1]) + 1) % 10), "count": "2",
                             "uom": "TNE"})

    assert page.status_code == 422
    assert "check digit" in page.get_data(as_text=True)
    assert events() == 0


def test_the_api_records_a_prefix_commissions_and_packs(app, world):
    firm = world.enterprise(kinds=("logistics",))
    token = world.token(owner_of(firm), firm, ["logistics:read", "logistics:write"])
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}

    assert client.post("/api/v1/tagging/prefixes", json={"prefix": PREFIX}, headers=auth).status_code == 201
    cases = client.post("/api/v1/tagging/commissionings", json={"kind": "case", "gtin": GTIN, "serials": ["1", "2"]},
                        headers=auth)
    pallet = client.post("/api/v1/tagging/commissionings", json={"kind": "pallet", "count": 1}, headers=auth)
    packed = client.post("/api/v1/tagging/packings", headers=auth, json={
        "parent": pallet.json["units"][0]["id"], "children": [u["id"] for u in cases.json["units"]]})
    unit = client.get("/api/v1/tagging/units", query_string={"id": cases.json["units"][0]["digital_link"]},
                      headers=auth)

    assert cases.status_code == 201 and cases.json["units"][0]["hex"].startswith("30")
    assert packed.status_code == 201 and packed.json["biz_step"] == "packing"
    assert unit.json["id"] == f"urn:epc:id:sgtin:{PREFIX}.011234.1"


def test_the_api_refuses_a_gtin_of_someone_elses_prefix_and_a_malformed_epc(app, world):
    firm = world.enterprise(kinds=("logistics",))
    services.record_prefix(owner_of(firm), firm, PREFIX)
    token = world.token(owner_of(firm), firm, ["logistics:read", "logistics:write"])
    auth = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    other = "0" + "6905555" + "11234"

    foreign = client.post("/api/v1/tagging/commissionings", headers=auth,
                          json={"kind": "item", "gtin": other + gs1_check_digit(other), "serials": ["1"]})
    malformed = client.post("/api/v1/tagging/packings", headers=auth,
                            json={"parent": "urn:epc:id:sscc:6901234.12", "children": ["urn:epc:id:sgtin:1"]})

    assert foreign.status_code == 422 and "gtin" in foreign.json["errors"]
    assert malformed.status_code == 422 and malformed.mimetype == "application/problem+json"
    assert events() == 0
