"""The enterprise's objection page, filing forms, the operator's queues and answers, on the web."""
import io
from datetime import date

from sqlalchemy import select

from credit.objections import services
from credit.objections.models import Objection, RepairApplication
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from tests.builders import owner_of
from tests.credit.objections.conftest import PDF


def _upload(name, data):
    return (io.BytesIO(data), name)


def test_the_owner_contests_an_entry_with_evidence_and_sees_the_deadline(world, client, penalised):
    enterprise, owner, entry = penalised
    world.login(client, owner)
    page = client.get(f"/enterprises/{enterprise.public_id}/credit/objections")
    assert page.status_code == 200 and "Object" in page.text and entry.public_id in page.text
    url = f"/enterprises/{enterprise.public_id}/credit/objections/new?entry={entry.public_id}"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"statement": "处罚决定已被撤销。", "evidence": [_upload(PDF[0], PDF[2])]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    page = client.get(f"/enterprises/{enterprise.public_id}/credit/objections")
    assert objection.answer_due_on.isoformat() in page.text
    assert "Contested" in page.text and "Waiting for the operator" in page.text
    evidence = objection.evidence[0]
    download = client.get(f"/enterprises/{enterprise.public_id}/credit/evidence/{evidence.public_id}")
    assert download.status_code == 200 and download.data == PDF[2]


def test_a_refused_filing_shows_the_form_again_and_stores_nothing(world, client, penalised):
    enterprise, owner, entry = penalised
    world.login(client, owner)
    response = client.post(f"/enterprises/{enterprise.public_id}/credit/objections/new?entry={entry.public_id}",
                           data={"statement": "见附件", "evidence": [_upload("bad.pdf", b"\x00\x01binary")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "not a JPEG" in response.text
    assert db.session.scalar(select(Objection)) is None


def test_repair_before_the_minimum_period_is_refused_on_the_page(world, client, record_entry):
    enterprise = world.enterprise()
    owner = owner_of(enterprise)
    today = shanghai_day()
    entry = record_entry(enterprise, decided_on=today, publicity_min_until=date(today.year + 1, 1, 1),
                         publicity_max_until=date(today.year + 2, 1, 1))
    world.login(client, owner)
    page = client.get(f"/enterprises/{enterprise.public_id}/credit/repairs/new?entry={entry.public_id}")
    assert f"Repair before the minimum period: this entry must stay public until {today.year + 1}-01-01" in page.text
    response = client.post(f"/enterprises/{enterprise.public_id}/credit/repairs/new?entry={entry.public_id}",
                           data={"statement": "已整改"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Repair before the minimum period" in response.text
    assert db.session.scalar(select(RepairApplication)) is None


def test_the_operator_answers_from_the_queue_and_the_enterprise_reads_it(world, client, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "处罚对象错误", [PDF],
                                        today=date(2026, 1, 5))
    world.login(client, world.operator())
    queue = client.get("/credit/objections")
    assert objection.public_id in queue.text and "Overdue" in queue.text
    page = client.get(f"/credit/objections/{objection.public_id}")
    assert "处罚对象错误" in page.text and "Remove the entry" in page.text
    assert client.get(f"/credit/evidence/{objection.evidence[0].public_id}").data == PDF[2]
    refused = client.post(f"/credit/objections/{objection.public_id}", data={"answer": "removed", "reason": ""})
    assert refused.status_code == 422
    answered = client.post(f"/credit/objections/{objection.public_id}",
                           data={"answer": "removed", "reason": "经核实，处罚对象登记错误。"})
    assert answered.status_code == 302
    assert objection.public_id not in client.get("/credit/objections").text
    client.post("/auth/logout")
    world.login(client, owner)
    page = client.get(f"/enterprises/{enterprise.public_id}/credit/objections")
    assert "经核实，处罚对象登记错误。" in page.text and "Upheld: the entry was removed" in page.text


def test_regulators_read_the_queue_but_only_operators_answer(world, client, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "异议")
    world.login(client, world.regulator())
    page = client.get(f"/credit/objections/{objection.public_id}")
    assert page.status_code == 200 and "Remove the entry" not in page.text
    assert client.post(f"/credit/objections/{objection.public_id}",
                       data={"answer": "removed", "reason": "x"}).status_code == 403


def test_the_operator_approves_a_repair(world, client, penalised):
    enterprise, owner, entry = penalised
    application = services.apply_for_repair(owner, enterprise, entry.public_id, "已缴纳罚款")
    world.login(client, world.operator())
    assert application.public_id in client.get("/credit/repairs").text
    response = client.post(f"/credit/repairs/{application.public_id}",
                           data={"decision": "approved", "reason": "材料齐全"})
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.repaired_on == shanghai_day()


def test_the_pages_speak_chinese(world, client, penalised):
    enterprise, owner, entry = penalised
    objection = services.file_objection(owner, enterprise, entry.public_id, "异议")
    world.login(client, owner)
    zh = {"Accept-Language": "zh-CN"}
    assert client.get(f"/enterprises/{enterprise.public_id}/credit/objections", headers=zh).status_code == 200
    client.post("/auth/logout")
    world.login(client, world.operator())
    for url in ("/credit/objections", "/credit/repairs", f"/credit/objections/{objection.public_id}", "/staff/tokens"):
        assert client.get(url, headers=zh).status_code == 200, url


def test_the_repairs_address_leads_to_the_repair_part_of_the_page(world, client, penalised):
    enterprise, owner, _entry = penalised
    world.login(client, owner)
    response = client.get(f"/enterprises/{enterprise.public_id}/credit/repairs")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/enterprises/{enterprise.public_id}/credit/objections#repairs-title")
