"""Sanctions from the console pages and the regulator API: propose, approve under four eyes, reject, lift."""
import html
import re

import pytest
from sqlalchemy import func, select

from credit.file import services as credit_file
from marketplace.accounts.services import create_staff_token
from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from marketplace.oversight.sanctions import services as sanctions
from marketplace.oversight.sanctions.models import Sanction
from tests.builders import owner_of


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def bearer(user):
    return {"Authorization": f"Bearer {create_staff_token(user, 'Console', ['oversight:read', 'oversight:write'])[1]}"}


def count_sanctions():
    return db.session.scalar(select(func.count()).select_from(Sanction))


def test_two_regulators_suspend_an_enterprise_from_the_console(app, world, seller):
    first, second = world.regulator(), world.regulator()
    proposing, approving = app.test_client(), app.test_client()
    world.login(proposing, first)
    world.login(approving, second)

    made = proposing.post("/oversight/sanctions/new", data={
        "enterprise": seller.credit_code, "kind": "trading_suspension", "duration_days": "30",
        "reason": "Wash trades with an enterprise under the same legal representative."})
    assert made.status_code == 303
    page_url = made.headers["Location"]
    own = proposing.post(page_url + "/approval", data={"note": ""})
    assert own.status_code == 403 and "another regulator must approve" in text_of(own)
    db.session.expire_all()
    assert sanctions.trading_restriction(seller) is None

    listed = approving.get("/oversight/sanctions")
    assert listed.status_code == 200 and "Awaiting your approval" in text_of(listed)
    [sanction] = sanctions.sanctions_of(seller)
    assert sanction.number in text_of(listed)
    approved = approving.post(page_url + "/approval", data={"note": "Evidence checked."}, follow_redirects=True)

    assert approved.status_code == 200 and "in force" in text_of(approved)
    db.session.expire_all()
    assert sanctions.trading_restriction(seller) is not None
    assert credit_file.entries_of(seller, "oversight")[0].decision_number == sanction.number
    lifted = approving.post(page_url + "/lifting", data={"reason": "Conduct corrected."}, follow_redirects=True)
    db.session.expire_all()
    assert "lifted" in text_of(lifted) and sanctions.trading_restriction(seller) is None


def test_the_proposal_form_opened_in_chinese_refuses_bad_input_and_stores_nothing(client, world, seller):
    world.login(client, world.regulator())

    refused = client.post("/oversight/sanctions/new", data={"enterprise": "91120116MA0000000X", "kind": "",
                                                            "reason": ""}, headers={"Accept-Language": "zh-CN"})

    assert refused.status_code == 422
    assert count_sanctions() == 0
    assert client.get("/oversight/sanctions/new", headers={"Accept-Language": "zh-CN"}).status_code == 200


def test_a_rejected_proposal_shows_its_note(client, world, seller):
    proposed = sanctions.propose(world.regulator(), seller, "warning", "Late answers to the regulator.")
    world.login(client, world.regulator())

    missing = client.post(f"/oversight/sanctions/{proposed.public_id}/rejection", data={"note": ""})
    assert missing.status_code == 422
    done = client.post(f"/oversight/sanctions/{proposed.public_id}/rejection",
                       data={"note": "Answered within the period after all."}, follow_redirects=True)
    assert "Answered within the period after all." in text_of(done)
    db.session.expire_all()
    assert sanctions.sanction_by_public_id(proposed.public_id).status == "rejected"


def test_the_api_proposes_refuses_self_approval_approves_and_the_next_order_is_refused(client, world, seller):
    first, second = bearer(world.regulator()), bearer(world.regulator())

    bad = client.post("/api/v1/oversight/sanctions", json={"enterprise": seller.public_id, "kind": "fine",
                                                           "reason": ""}, headers=first)
    assert bad.status_code == 422 and bad.content_type == "application/problem+json"
    assert {"kind", "reason"} <= set(bad.json["errors"])
    made = client.post("/api/v1/oversight/sanctions", json={
        "enterprise": seller.public_id, "kind": "termination", "reason": "Fake transactions to inflate reputation."},
        headers=first)
    assert made.status_code == 201 and made.json["status"] == "proposed" and made.json["in_force"] is False
    own = client.post(f"/api/v1/oversight/sanctions/{made.json['id']}/approval", json={}, headers=first)
    assert own.status_code == 403 and own.content_type == "application/problem+json"

    approved = client.post(f"/api/v1/oversight/sanctions/{made.json['id']}/approval", json={"note": "Agreed."},
                           headers=second)
    assert approved.status_code == 200 and approved.json["in_force"] is True
    assert approved.json["credit_entry"]
    again = client.post(f"/api/v1/oversight/sanctions/{made.json['id']}/approval", json={}, headers=second)
    assert again.status_code == 409

    listed = client.get(f"/api/v1/oversight/sanctions?enterprise={seller.credit_code}", headers=second)
    assert [item["number"] for item in listed.json["items"]] == [made.json["number"]]
    assert client.get(f"/api/v1/oversight/sanctions/{made.json['id']}", headers=second).json["status"] == "approved"
    assert db.session.scalar(select(func.count()).select_from(OversightAccess)) >= 2


def test_enterprise_users_reach_none_of_it(client, world, seller):
    world.login(client, owner_of(seller))

    assert client.get("/oversight/sanctions").status_code == 403
    token = world.token(owner_of(seller), seller, ("enterprise:read",))
    assert client.get("/api/v1/oversight/sanctions", headers={"Authorization": f"Bearer {token}"}).status_code == 403


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_sanction_page_reads_in_both_languages(client, world, seller, language):
    proposed = sanctions.propose(world.regulator(), seller, "escrow_hold", "Refunds owed to buyers.")
    world.login(client, world.regulator())

    page = client.get(f"/oversight/sanctions/{proposed.public_id}", headers={"Accept-Language": language})

    assert page.status_code == 200 and proposed.number in text_of(page)


def test_a_sanction_proposed_from_a_case_names_the_case_s_enterprise(client, world, seller):
    from marketplace.oversight.cases import services as cases

    case = cases.open_case(world.regulator(), seller, "Wash trades on the steel floor")
    world.login(client, world.regulator())

    form = client.get(f"/oversight/sanctions/new?case={case.public_id}")
    assert form.status_code == 200 and case.number in text_of(form)
    made = client.post("/oversight/sanctions/new", data={"case": case.public_id, "kind": "warning",
                                                         "reason": "Wash trades, first time."})

    assert made.status_code == 303
    [sanction] = sanctions.sanctions_of_case(case)
    assert sanction.enterprise_id == seller.id
    assert case.number in text_of(client.get(made.headers["Location"]))


def test_the_api_rejects_with_a_note_and_lifts_once(client, world, seller):
    regulator = bearer(world.regulator())
    proposed = sanctions.propose(world.regulator(), seller, "warning", "Late answers.")
    held = sanctions.approve(world.regulator(), sanctions.propose(world.regulator(), seller, "escrow_hold",
                                                                  "Refunds owed to buyers."))

    unexplained = client.post(f"/api/v1/oversight/sanctions/{proposed.public_id}/rejection", json={}, headers=regulator)
    assert unexplained.status_code == 422 and "note" in unexplained.json["errors"]
    rejected = client.post(f"/api/v1/oversight/sanctions/{proposed.public_id}/rejection",
                           json={"note": "Answered in time after all."}, headers=regulator)
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"

    lifted = client.post(f"/api/v1/oversight/sanctions/{held.public_id}/lifting",
                         json={"reason": "Refunds were made."}, headers=regulator)
    assert lifted.status_code == 200 and (lifted.json["status"], lifted.json["in_force"]) == ("lifted", False)
    again = client.post(f"/api/v1/oversight/sanctions/{held.public_id}/lifting", json={"reason": "Again."},
                        headers=regulator)
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    assert client.get("/api/v1/oversight/sanctions/snc_nosuch", headers=regulator).status_code == 404
