"""The regulator's view: grades per floor and per region, overrides in force, the credit audit trail."""
from datetime import date

from credit.grading import services
from credit.scoring.facts import Facts, OfficialEntry
from marketplace.database import transaction
from tests.builders import owner_of
from tests.credit.grading.helpers import late_payer
from tests.settlement.fixtures import steel_contract


def _blacklisted(as_of):
    entry = OfficialEntry("serious_dishonesty", "serious", date(2026, 1, 5), reference="coe_blacklist")
    return Facts(as_of=as_of, verified_since=date(2025, 1, 1), official_entries=(entry,))


def test_a_regulator_sees_grades_per_floor_and_region_and_the_overrides(world, client, conduct, buyer, seller):
    steel_contract(buyer, seller)
    conduct[buyer.id] = late_payer(days_late=25)
    listed = world.enterprise(region="tanggu")
    conduct[listed.id] = _blacklisted
    with transaction():
        for enterprise in (buyer, seller, listed):
            services.rescore(enterprise, "fact")
    world.login(client, world.regulator())

    html = client.get("/credit/oversight").get_data(as_text=True)

    buyer_grade = services.grade_of(buyer)
    floor_rows = html.split('id="grades-by-floor"')[1].split("</table>")[0]
    assert "Steel" in floor_rows or "钢" in floor_rows
    steel_row = next(row for row in floor_rows.split("<tr>") if "Steel" in row or "钢" in row)
    cells = [c.split("</td>")[0] for c in steel_row.split('<td class="number">')[1:]]
    counts = dict(zip(("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"), map(int, cells)))
    assert counts["BBB"] == 1 and counts[buyer_grade] == 1 and sum(counts.values()) == 2
    region_rows = html.split('id="grades-by-region"')[1].split("</table>")[0]
    assert "Tanggu" in region_rows and "Tianjin Economic-Technological Development Area (TEDA)" in region_rows
    overrides = html.split('id="overrides"')[1].split("</table>")[0]
    assert listed.credit_code in overrides and "serious illegal and dishonest list" in overrides
    assert "/oversight/audit?action=credit." in html


def test_members_of_an_enterprise_do_not_see_the_regulator_view(world, client):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))

    assert client.get("/credit/oversight").status_code == 403
