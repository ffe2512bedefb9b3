"""Operators and regulators see the platform at a glance and can prove the audit log is untouched."""
from sqlalchemy import text

from marketplace.audit import views as audit_views
from marketplace.extensions import db
from tests.web.conftest import text_of


def test_the_regulator_dashboard_counts_enterprises_and_shows_the_newest_records(world, client):
    world.enterprise()
    world.enterprise(verified=False)
    world.enterprise(verified=False)
    world.login(client, world.regulator())

    page = text_of(client.get("/"))

    assert "2 Pending verification" in page and "1 Verified" in page and "0 Suspended" in page
    assert "enterprise.verified" in page
    assert "Open the audit log" in page
    assert "Open the verification queue" not in page


def test_the_operator_dashboard_leads_to_the_queue(world, client):
    world.login(client, world.operator())

    page = text_of(client.get("/"))

    assert "Open the verification queue" in page
    assert "Verification queue" in page


def test_a_person_without_an_enterprise_is_told_what_to_do_next(world, client):
    world.login(client, world.person())

    page = text_of(client.get("/"))

    assert "Register your enterprise, or ask its owner to invite you" in page
    assert "Verification queue" not in page and "Audit log" not in page


def test_the_audit_log_filters_by_enterprise_and_action(world, client):
    first = world.enterprise()
    second = world.enterprise()
    world.login(client, world.regulator())

    page = text_of(client.get(f"/oversight/audit?enterprise={first.public_id}&action=enterprise.verified"))

    assert first.public_id in page and second.public_id not in page
    assert "enterprise.verified" in page and "enterprise.registered" not in page


def test_older_records_are_one_click_away(world, client, monkeypatch):
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 2)
    for _ in range(3):
        world.person()
    world.login(client, world.regulator())

    newest = client.get("/oversight/audit?action=user.signed_up").get_data(as_text=True)
    older = client.get("/oversight/audit?action=user.signed_up&before=3").get_data(as_text=True)

    assert "before=3" in newest
    assert "Older records" in newest
    assert ">2</td>" in older and ">1</td>" in older and ">3</td>" not in older


def test_verifying_the_chain_reports_intact_then_the_tampered_record(world, client):
    world.enterprise()
    world.login(client, world.regulator())

    assert "The chain is intact" in text_of(client.get("/oversight/audit?verify=1"))

    db.session.execute(text("UPDATE audit_records SET action = 'enterprise.nothing_happened' WHERE sequence = 2"))
    db.session.commit()
    page = text_of(client.get("/oversight/audit?verify=1"))

    assert "The chain is broken" in page
    assert "Record 2 differs from what was recorded." in page


def test_members_of_enterprises_cannot_read_the_audit_log(world, client):
    enterprise = world.enterprise()
    owner = next(iter(enterprise.memberships)).user
    world.login(client, owner)

    assert client.get("/oversight/audit").status_code == 403
    assert client.get("/operator/enterprises").status_code == 403
