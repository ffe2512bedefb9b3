"""The enterprise 360 view: its footprint, its credit grade and its control group, as a graph and a table."""
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from marketplace.oversight.groups import services as groups
from tests.builders import owner_of

RESIDENT_ID = "11010519491231002X"


def same_legal_representative(world, *enterprises):
    for enterprise in enterprises:
        groups.register_party(owner_of(enterprise), enterprise, role="legal_representative", party_kind="person",
                              name="张三", identifier=RESIDENT_ID)


def test_the_360_view_shows_trades_and_the_group_sharing_a_legal_representative(client, world, traded, seller, buyer):
    same_legal_representative(world, seller, buyer)
    world.login(client, world.regulator())

    response = client.get(f"/oversight/enterprises/{seller.public_id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 enterprises form one control group" in page
    assert "Same legal representative" in page and "张三" in page
    assert RESIDENT_ID not in page and "110***********002X" in page
    assert "data-group-graph" in page and "40,120.00" in page
    logged = db.session.scalar(select(OversightAccess).where(OversightAccess.view == "enterprise_360"))
    assert logged.subject == seller.public_id


def test_the_360_view_reads_in_chinese(client, world, seller):
    world.login(client, world.regulator())

    response = client.get(f"/oversight/enterprises/{seller.public_id}", headers={"Accept-Language": "zh-CN"})

    assert response.status_code == 200
    assert seller.name_zh in response.get_data(as_text=True)


def test_the_api_gives_the_footprint_and_the_graph(client, world, traded, seller, buyer, regulator_api):
    same_legal_representative(world, seller, buyer)

    body = client.get(f"/api/v1/oversight/enterprises/{buyer.public_id}", headers=regulator_api).get_json()

    assert body["transactions"]["trade"]["count"] == 1
    assert [(p["role"], p["identifier_masked"]) for p in body["parties"]] == [("legal_representative",
                                                                              "110***********002X")]
    assert sorted(body["group"]["members"]) == sorted([seller.public_id, buyer.public_id])
    kinds = {(edge["kind"], edge["strong"]) for edge in body["group"]["graph"]["edges"]}
    assert ("legal_representative", True) in kinds
    assert any(node["category"] == "party" and node["name"] == "张三" for node in body["group"]["graph"]["nodes"])


def test_an_unknown_enterprise_is_not_found(client, world, regulator_api):
    assert client.get("/api/v1/oversight/enterprises/ent_nobody", headers=regulator_api).status_code == 404


def test_the_finder_finds_by_part_of_the_name_and_by_credit_code(client, world, seller, regulator_api):
    world.login(client, world.regulator())

    by_name = client.get("/oversight/enterprises", query_string={"q": seller.name_zh[-6:]}).get_data(as_text=True)
    by_code = client.get(f"/api/v1/oversight/enterprises?q={seller.credit_code}", headers=regulator_api).get_json()

    assert seller.public_id in by_name
    assert [item["id"] for item in by_code["items"]] == [seller.public_id]


def test_an_operator_or_enterprise_owner_cannot_open_the_360_view(client, world, seller):
    world.login(client, owner_of(seller))
    assert client.get(f"/oversight/enterprises/{seller.public_id}").status_code == 403
