"""An enterprise's members read what they were told, each in their language, and mark it read."""
from sqlalchemy import func, select

from logistics.messages import message
from marketplace.extensions import db
from marketplace.notifications import services
from marketplace.notifications.models import Notification
from tests.builders import owner_of


def _tell(enterprise, event_id=7):
    return services.notify(enterprise, "credit.grade_changed",
                           message("Your credit grade changed from %(before)s to %(after)s.", before="A", after="BB"),
                           details=[services.in_both_languages("付款平均逾期 12 天", "payments late by 12 days")],
                           link=f"/enterprises/{enterprise.public_id}/credit", source_event_id=event_id)


def test_the_same_event_is_told_once(world):
    enterprise = world.enterprise()

    first, second = _tell(enterprise), _tell(enterprise)

    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_members_read_in_their_language_and_the_navigation_counts_unread(world, client):
    enterprise = world.enterprise()
    _tell(enterprise)
    world.login(client, world.member(enterprise, "viewer"))

    english = client.get(f"/enterprises/{enterprise.public_id}/notifications").get_data(as_text=True)
    chinese = client.get(f"/enterprises/{enterprise.public_id}/notifications",
                         headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)

    assert "Your credit grade changed from A to BB." in english and "payments late by 12 days" in english
    assert "付款平均逾期 12 天" in chinese and "payments late by 12 days" not in chinese
    home = client.get("/").get_data(as_text=True)
    assert f'href="/enterprises/{enterprise.public_id}/notifications"' in home and "1 unread" in home


def test_a_member_marks_one_then_all_as_read(world, client):
    enterprise = world.enterprise()
    first, _second = _tell(enterprise, 1), _tell(enterprise, 2)
    world.login(client, owner_of(enterprise))
    url = f"/enterprises/{enterprise.public_id}/notifications/read"

    client.post(url, data={"notification": first.public_id})
    assert services.unread_count(enterprise) == 1
    client.post(url)
    assert services.unread_count(enterprise) == 0
    assert "1 unread" not in client.get("/").get_data(as_text=True)


def test_oversight_reads_but_does_not_mark_read_for_the_firm(world, client):
    enterprise = world.enterprise()
    _tell(enterprise)
    world.login(client, world.regulator())

    page = client.get(f"/enterprises/{enterprise.public_id}/notifications")
    refused = client.post(f"/enterprises/{enterprise.public_id}/notifications/read")

    assert page.status_code == 200 and "Mark all as read" not in page.get_data(as_text=True)
    assert refused.status_code == 403 and services.unread_count(enterprise) == 1


def test_another_enterprise_notification_cannot_be_marked(world, client):
    mine, theirs = world.enterprise(), world.enterprise()
    theirs_told = _tell(theirs)
    world.login(client, owner_of(mine))

    answer = client.post(f"/enterprises/{mine.public_id}/notifications/read",
                         data={"notification": theirs_told.public_id})

    assert answer.status_code == 404 and services.unread_count(theirs) == 1


def test_the_api_lists_them_newest_first_in_the_language_asked(world, client):
    enterprise = world.enterprise()
    _tell(enterprise, 1)
    newest = _tell(enterprise, 2)
    headers = {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise)}"}

    page = client.get("/api/v1/notifications?limit=1", headers=headers)
    chinese = client.get("/api/v1/notifications", headers={**headers, "Accept-Language": "zh-CN"}).get_json()

    first = page.get_json()["items"][0]
    assert first["id"] == newest.public_id and first["read_at"] is None
    assert first["message"] == "Your credit grade changed from A to BB."
    assert first["details"] == ["payments late by 12 days"] and 'rel="next"' in page.headers["Link"]
    assert chinese["items"][0]["details"] == ["付款平均逾期 12 天"]
