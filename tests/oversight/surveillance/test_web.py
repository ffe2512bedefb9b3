"""The surveillance pages as a regulator uses them: draft, refusal, four eyes, activation, alerts, backtests."""
import html

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from marketplace.oversight.surveillance import live, services
from marketplace.oversight.surveillance.models import SurveillanceRuleVersion


def count_versions():
    return db.session.scalar(select(func.count()).select_from(SurveillanceRuleVersion))


def test_a_regulator_drafts_and_a_second_one_approves_and_activates(client, world, author, approver):
    world.login(client, author)
    page = client.get("/oversight/surveillance/rules")
    assert page.status_code == 200 and "wash_trades@v1" in page.text

    form = client.get("/oversight/surveillance/rules/wash_trades/drafts/new")
    assert '"min_trades": 1' in html.unescape(form.text)
    created = client.post("/oversight/surveillance/rules/wash_trades/drafts",
                          data={"document": '{"parameters": {"min_trades": 2}, "notes": "two or more"}'})
    assert created.status_code == 303
    version_url = created.headers["Location"]
    draft = client.get(version_url)
    assert "wash_trades@v2" in draft.text

    own = client.post(version_url + "/approve", follow_redirects=True)
    assert "another regulator must approve it" in own.text
    assert services.rule_named("wash_trades").versions[-1].status == "draft"

    client.post("/auth/logout")
    world.login(client, approver)
    client.post(version_url + "/approve")
    activated = client.post(version_url + "/activate", follow_redirects=True)
    assert "is active" in activated.text
    assert [row.status for row in services.rule_named("wash_trades").versions] == ["retired", "active"]


def test_unknown_field_and_out_of_range_threshold_get_the_form_again_and_store_nothing(client, world, author):
    world.login(client, author)
    services.ensure_builtin_rules()
    before = count_versions()

    unknown = client.post("/oversight/surveillance/rules/wash_trades/drafts",
                          data={"document": '{"parameters": {"min_trades": 2}, "threshold": 9}'})
    assert unknown.status_code == 422 and "unknown field" in unknown.text
    out_of_range = client.post("/oversight/surveillance/rules/wash_trades/drafts",
                               data={"document": '{"parameters": {"min_trades": 5000}}'})
    assert out_of_range.status_code == 422 and "above the maximum 1000" in out_of_range.text
    not_json = client.post("/oversight/surveillance/rules/wash_trades/drafts", data={"document": "{min_trades: 2"})
    assert not_json.status_code == 422 and "not valid JSON" in not_json.text
    assert count_versions() == before


def test_the_pages_speak_chinese(client, world, author):
    world.login(client, author)
    page = client.get("/oversight/surveillance/rules", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "对敲交易" in page.text


def test_alerts_list_and_detail_show_the_frozen_evidence_and_are_logged(client, world, author, wash_pair):
    [alert] = live.react()[1]
    world.login(client, author)

    listed = client.get("/oversight/surveillance/alerts?floor=steel&rule=wash_trades&status=in_case")
    assert alert.public_id in listed.text
    assert alert.public_id not in client.get("/oversight/surveillance/alerts?rule=spoofing").text
    assert alert.public_id not in client.get("/oversight/surveillance/alerts?status=open").text
    detail = client.get(f"/oversight/surveillance/alerts/{alert.public_id}")
    assert detail.status_code == 200 and alert.sentence_en in detail.text and "min_trades" in detail.text
    assert "alert-evidence" in detail.text and wash_pair[0].name_en in detail.text
    assert f"/oversight/enterprises/{wash_pair[0].public_id}" in detail.text and "BHJG-" in detail.text
    views = db.session.scalars(select(OversightAccess.view)).all()
    assert {"surveillance_alerts", "surveillance_alert"} <= set(views)


def test_an_enterprise_user_cannot_reach_the_rules(client, world):
    owner = world.person()
    world.enterprise(owner=owner)
    world.login(client, owner)
    assert client.get("/oversight/surveillance/rules").status_code == 403
    assert client.get("/oversight/surveillance/alerts").status_code == 403


def test_a_chinese_reader_sees_the_alert_in_chinese(client, world, author, wash_pair):
    [alert] = live.react()[1]
    world.login(client, author)
    page = client.get(f"/oversight/surveillance/alerts/{alert.public_id}", headers={"Accept-Language": "zh-CN"})
    assert html.escape(alert.sentence_zh) in page.text and wash_pair[0].name_zh in page.text
