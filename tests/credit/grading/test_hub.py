"""An enterprise's credit hub: the grade, the reasons linked to what is behind them, how to improve."""
from datetime import date

from credit.grading import services
from credit.scoring.facts import Facts, OfficialEntry
from marketplace.database import transaction
from tests.builders import owner_of
from tests.credit.grading.helpers import late_payer


def test_a_new_verified_enterprise_sees_its_neutral_starting_grade_and_why(world, client, conduct):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))

    page = client.get(f"/enterprises/{enterprise.public_id}/credit")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="current-grade">BBB<' in html
    assert "newly verified with no history yet; starting grade BBB" in html
    assert "not punished for being new" in html


def test_a_late_payer_sees_why_its_grade_dropped_linked_to_its_contracts_and_how_to_improve(world, client, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=12, reference_prefix="ct_")
    with transaction():
        snapshot = services.rescore(enterprise, "fact")
    world.login(client, owner_of(enterprise))

    html = client.get(f"/enterprises/{enterprise.public_id}/credit").get_data(as_text=True)

    assert f'id="current-grade">{snapshot.grade}<' in html
    assert "payments late by 12.0 days on average" in html
    assert f'href="/enterprises/{enterprise.public_id}/contracts/ct_0"' in html
    assert 'id="how-to-improve"' in html and "lift the grade to B:" in html
    assert "raise the payment index to at least 70 (+40 points)" in html
    assert 'id="score-history"' in html and "data-credit-chart" in html
    assert 'id="trading-terms"' in html


def test_the_hub_reads_in_chinese(world, client, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=12)
    with transaction():
        services.rescore(enterprise, "fact")
    world.login(client, owner_of(enterprise))

    html = client.get(f"/enterprises/{enterprise.public_id}/credit",
                      headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)

    assert "付款平均逾期 12.0 天" in html
    assert "将付款指数提高到至少 70（+40 分）" in html


def test_another_enterprise_cannot_read_the_hub(world, client, conduct):
    enterprise, stranger = world.enterprise(), world.enterprise()
    world.login(client, owner_of(stranger))

    assert client.get(f"/enterprises/{enterprise.public_id}/credit").status_code == 403


def test_an_official_entry_behind_a_reason_links_to_its_page_and_the_other_credit_pages_are_linked(
        world, client, conduct):
    enterprise = world.enterprise()
    penalty = OfficialEntry("penalty", "general", date(2026, 6, 1), reference="coe_penalty1")
    conduct[enterprise.id] = lambda as_of: Facts(as_of=as_of, verified_since=date(2025, 1, 1),
                                                 official_entries=(penalty,))
    with transaction():
        services.rescore(enterprise, "entry")
    world.login(client, owner_of(enterprise))

    html = client.get(f"/enterprises/{enterprise.public_id}/credit").get_data(as_text=True)

    assert "1 general administrative penalties in force" in html
    assert 'href="/credit/entries/coe_penalty1"' in html
    assert f'href="/enterprises/{enterprise.public_id}/credit/file"' in html
    assert f'href="/enterprises/{enterprise.public_id}/credit/objections"' in html


def test_the_history_shows_each_day_once_in_the_order_of_the_days_scored(world, conduct):
    from datetime import datetime, timedelta

    from credit.grading import overview
    from marketplace.i18n import SHANGHAI

    enterprise = world.enterprise()
    with transaction():
        for _ in range(3):
            services.rescore(enterprise, "fact")
        for days in (40, 10):  # past moments scored late, as a full run of old days would
            services.rescore(enterprise, "rescore", now=datetime.now(SHANGHAI) - timedelta(days=days))

    days = [snapshot.as_of.astimezone(SHANGHAI).date() for snapshot in overview.hub_of(enterprise).history]

    assert len(days) == 3 and days == sorted(days)
