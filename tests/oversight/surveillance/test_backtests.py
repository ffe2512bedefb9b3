"""Backtests: a draft version over stored history against the active one — added and dropped findings, no alerts."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.surveillance import backtests, services
from marketplace.oversight.surveillance.models import SurveillanceAlert
from tests.oversight.surveillance.conftest import staff_headers


@pytest.fixture
def in_the_foreground(monkeypatch):
    """Backtests started from the web or the API work at once, in the request's own thread."""
    started = []

    def work_now(app, backtest_id):
        started.append(backtest_id)
        backtests.execute_backtest(backtest_id)

    monkeypatch.setattr(backtests, "start_in_background", work_now)
    return started


def stricter_draft(author):
    return services.draft_version(author, "wash_trades", {"parameters": {"min_trades": 2}})


def test_a_stricter_draft_would_have_dropped_the_wash_trade_and_raises_no_alert(author, wash_pair):
    draft = stricter_draft(author)
    today = shanghai_day()
    started = backtests.start_backtest(author, draft.public_id, today - timedelta(days=30), today)

    done = backtests.execute_backtest(started.id)

    assert (done.status, done.progress, done.baseline.label) == ("done", 100, "wash_trades@v1")
    assert (done.result["candidate"], done.result["baseline"]) == (0, 1)
    assert (done.result["added_count"], done.result["dropped_count"]) == (0, 1)
    [dropped] = done.result["dropped"]
    assert set(dropped["subjects"]) == {enterprise.public_id for enterprise in wash_pair} and dropped["sentence_zh"]
    assert db.session.scalar(select(func.count()).select_from(SurveillanceAlert)) == 0


def test_a_reversed_or_too_long_period_is_refused(author):
    services.ensure_builtin_rules()
    v1 = services.rule_named("wash_trades").versions[0]
    today = shanghai_day()
    with pytest.raises(InvalidInput) as reversed_period:
        backtests.start_backtest(author, v1.public_id, today, today - timedelta(days=1))
    with pytest.raises(InvalidInput) as too_long:
        backtests.start_backtest(author, v1.public_id, today - timedelta(days=400), today)
    assert "period_end" in reversed_period.value.errors and "period_end" in too_long.value.errors
    assert backtests.recent_backtests() == []


def test_a_regulator_backtests_a_draft_over_last_month_on_the_web(client, world, author, wash_pair, in_the_foreground):
    draft = stricter_draft(author)
    world.login(client, author)
    form = client.get(f"/oversight/surveillance/backtests?version={draft.public_id}")
    assert form.status_code == 200 and "wash_trades@v2" in form.text

    today = shanghai_day()
    started = client.post("/oversight/surveillance/backtests", data={
        "version": draft.public_id, "period_start": (today - timedelta(days=30)).isoformat(), "period_end": today.isoformat()})
    assert started.status_code == 303 and in_the_foreground
    page = client.get(started.headers["Location"])
    assert page.status_code == 200 and 'id="dropped-count">1<' in page.text
    progress = client.get(started.headers["Location"] + "/progress")
    assert progress.json == {"status": "done", "progress": 100}

    refused = client.post("/oversight/surveillance/backtests", data={
        "version": draft.public_id, "period_start": today.isoformat(), "period_end": (today - timedelta(days=3)).isoformat()})
    assert refused.status_code == 422 and "The last day is before the first" in refused.text


def test_backtests_through_the_api(client, author, wash_pair, in_the_foreground):
    draft = stricter_draft(author)
    today = shanghai_day()
    started = client.post("/api/v1/oversight/surveillance/backtests", headers=staff_headers(author), json={
        "version": draft.public_id, "period_start": (today - timedelta(days=30)).isoformat(), "period_end": today.isoformat()})
    assert started.status_code == 202
    followed = client.get(f"/api/v1/oversight/surveillance/backtests/{started.json['id']}", headers=staff_headers(author))
    assert followed.json["status"] == "done" and followed.json["result"]["dropped_count"] == 1
    missing = client.post("/api/v1/oversight/surveillance/backtests", headers=staff_headers(author), json={"version": draft.public_id})
    assert missing.status_code == 422 and "period_start" in missing.json["errors"]
