"""Owners record who stands behind their enterprise; identity numbers are never shown or stored in clear."""
from sqlalchemy import select

from marketplace.accounts.models import EnterpriseParty
from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from marketplace.oversight.groups.services import group_key_of
from tests.builders import credit_code, owner_of

RESIDENT_ID = "11010519491231002X"


def party_form(**fields):
    return {"role": "legal_representative", "party_kind": "person", "name": "张三", "identifier": RESIDENT_ID,
            "share_percent": ""} | fields


def test_an_owner_records_the_legal_representative_and_sees_it_masked(client, world):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))

    response = client.post(f"/enterprises/{enterprise.public_id}/parties", data=party_form(), follow_redirects=True)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "110***********002X" in page and RESIDENT_ID not in page
    stored = db.session.scalar(select(EnterpriseParty))
    assert RESIDENT_ID not in (stored.identity_key, stored.identifier_masked)
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "oversight.party_registered"))


def test_a_wrong_check_digit_is_refused_on_the_form_and_nothing_is_recorded(client, world):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))

    response = client.post(f"/enterprises/{enterprise.public_id}/parties",
                           data=party_form(identifier="110105194912310021"))

    assert response.status_code == 422
    assert "resident identity card number is not valid" in response.get_data(as_text=True)
    assert db.session.scalar(select(EnterpriseParty)) is None


def test_the_chinese_page_reads_in_chinese(client, world):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))

    response = client.get(f"/enterprises/{enterprise.public_id}/parties", headers={"Accept-Language": "zh-CN"})

    assert response.status_code == 200


def test_a_viewer_reads_the_parties_but_gets_no_form(client, world):
    enterprise = world.enterprise()
    viewer = world.member(enterprise, "viewer")
    world.login(client, viewer)

    page = client.get(f"/enterprises/{enterprise.public_id}/parties").get_data(as_text=True)
    refused = client.post(f"/enterprises/{enterprise.public_id}/parties", data=party_form())

    assert "Record the party" not in page
    assert refused.status_code == 403


def test_two_enterprises_recording_one_legal_representative_through_the_api_become_one_group(client, world):
    first, second = world.enterprise(), world.enterprise()
    for enterprise in (first, second):
        token = world.token(owner_of(enterprise), enterprise, scopes=("enterprise:read", "members:write"))
        response = client.post("/api/v1/enterprise/parties", json=party_form(share_percent=None, identifier="110105 19491231 002x"),
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["identifier_masked"] == "110***********002X"
        assert "identifier" not in response.get_json()

    assert group_key_of(first) == group_key_of(second)


def test_shares_above_100_percent_are_refused_by_the_api_with_field_errors(client, world):
    enterprise = world.enterprise()
    token = world.token(owner_of(enterprise), enterprise, scopes=("enterprise:read", "members:write"))
    headers = {"Authorization": f"Bearer {token}"}
    holder = party_form(role="shareholder", party_kind="enterprise", name="滨海控股", identifier=credit_code(9001),
                        share_percent="60")
    assert client.post("/api/v1/enterprise/parties", json=holder, headers=headers).status_code == 201

    response = client.post("/api/v1/enterprise/parties", headers=headers,
                           json=holder | {"identifier": credit_code(9002), "share_percent": "45"})

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "share_percent" in response.get_json()["errors"]
    listed = client.get("/api/v1/enterprise/parties", headers=headers).get_json()["items"]
    assert [party["share_percent"] for party in listed] == ["60.0000"]


def test_a_new_legal_representative_replaces_the_old_one_which_stays_in_the_history(client, world):
    enterprise = world.enterprise()
    token = world.token(owner_of(enterprise), enterprise, scopes=("enterprise:read", "members:write"))
    headers = {"Authorization": f"Bearer {token}"}
    client.post("/api/v1/enterprise/parties", json=party_form(share_percent=None), headers=headers)
    client.post("/api/v1/enterprise/parties", headers=headers,
                json=party_form(share_percent=None, name="李四", identifier="E12345678"))

    current = client.get("/api/v1/enterprise/parties", headers=headers).get_json()["items"]
    everyone = client.get("/api/v1/enterprise/parties?include_ended=true", headers=headers).get_json()["items"]

    assert [party["name"] for party in current] == ["李四"]
    assert len(everyone) == 2


def test_a_regulator_reading_the_parties_page_is_logged_and_a_member_is_not(client, world):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))
    client.get(f"/enterprises/{enterprise.public_id}/parties")
    assert db.session.scalar(select(OversightAccess)) is None

    world.login(client, world.regulator())
    assert client.get(f"/enterprises/{enterprise.public_id}/parties").status_code == 200

    logged = db.session.scalar(select(OversightAccess))
    assert (logged.view, logged.subject) == ("enterprise_parties", enterprise.public_id)
