"""An owner registers an enterprise, an operator verifies or suspends it, and the owner sees why."""
from sqlalchemy import func, select

from marketplace.accounts import services
from marketplace.accounts.models import Enterprise
from marketplace.extensions import db
from tests.builders import credit_code
from tests.web.conftest import reload, text_of


def registration(code, **changes):
    return {
        "credit_code": code, "name_zh": "天津滨海港航物流有限公司", "name_en": "Tianjin Binhai Port Logistics Co.",
        "kinds": ["logistics", "buyer"], "region": "dongjiang_port", "address": "天津市滨海新区东疆港区亚洲路1号",
        "contact_name": "刘洋", "contact_phone": "022-2560-1234", "contact_email": "ops@binhai-port.example.cn",
    } | changes


def enterprise_count():
    return db.session.scalar(select(func.count()).select_from(Enterprise))


def test_registering_makes_a_pending_enterprise_owned_by_the_person(world, client):
    person = world.person()
    world.login(client, person)

    response = client.post("/enterprises/new", data=registration(credit_code(9001)))

    assert response.status_code == 302
    enterprise = db.session.scalar(select(Enterprise))
    assert response.headers["Location"] == f"/enterprises/{enterprise.public_id}"
    assert enterprise.status == "pending"
    assert enterprise.kind_names == ["buyer", "logistics"]
    assert [(m.user_id, m.role) for m in services.members_of(enterprise)] == [(person.id, "owner")]
    page = text_of(client.get(response.headers["Location"]))
    assert "Waiting for operator verification" in page
    assert "Dongjiang Port Area" in page
    assert "waiting for operator verification" in text_of(client.get("/")).lower()


def test_a_credit_code_with_a_wrong_check_character_is_refused_and_nothing_stored(world, client):
    world.login(client, world.person())
    good = credit_code(9002)
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")

    response = client.post("/enterprises/new", data=registration(wrong_check))

    assert response.status_code == 422
    assert "The check character (the 18th) does not match" in text_of(response)
    assert 'value="天津滨海港航物流有限公司"' in response.get_data(as_text=True)
    assert enterprise_count() == 0


def test_a_credit_code_of_the_wrong_length_is_refused_and_nothing_stored(world, client):
    world.login(client, world.person())

    response = client.post("/enterprises/new", data=registration(credit_code(9003)[:-2]))

    assert response.status_code == 422
    assert "exactly 18 characters" in text_of(response)
    assert enterprise_count() == 0


def test_a_registration_without_a_kind_says_so_at_the_kinds(world, client):
    world.login(client, world.person())

    response = client.post("/enterprises/new", data=registration(credit_code(9004), kinds=[]))

    assert response.status_code == 422
    assert "Choose at least one kind of business." in text_of(response)
    assert enterprise_count() == 0


def test_the_operator_verifies_a_pending_enterprise(world, client):
    enterprise = world.enterprise(verified=False)
    world.login(client, world.operator())

    queue = text_of(client.get("/operator/enterprises"))
    assert enterprise.name_zh in queue

    response = client.post(f"/operator/enterprises/{enterprise.public_id}", data={"target": "verified"})

    assert response.status_code == 302
    reload(enterprise)
    assert enterprise.status == "verified"
    assert enterprise.name_zh not in text_of(client.get("/operator/enterprises"))
    assert enterprise.name_zh in text_of(client.get("/operator/enterprises?status=verified"))


def test_suspending_needs_a_reason_which_the_owner_then_reads(world, client, other_browser):
    owner = world.person()
    enterprise = world.enterprise(owner=owner)
    world.login(client, world.operator())
    review = f"/operator/enterprises/{enterprise.public_id}"

    refused = client.post(review, data={"target": "suspended", "reason": "  "})

    assert refused.status_code == 422
    assert "Give the reason; the enterprise will see it." in text_of(refused)
    reload(enterprise)
    assert enterprise.status == "verified"

    client.post(review, data={"target": "suspended", "reason": "Business licence expired on 2024-12-31."})

    world.login(other_browser, owner)
    profile = text_of(other_browser.get(f"/enterprises/{enterprise.public_id}"))
    assert "Suspended by the platform operator. Reason: Business licence expired on 2024-12-31." in profile
    assert "Verification history" in profile
    assert "Business licence expired" in text_of(other_browser.get("/"))


def test_a_pending_enterprise_is_hidden_from_outsiders_but_shown_to_regulators(world, client, other_browser):
    enterprise = world.enterprise(verified=False)
    world.login(client, world.person())
    world.login(other_browser, world.regulator())

    assert client.get(f"/enterprises/{enterprise.public_id}").status_code == 404
    assert other_browser.get(f"/enterprises/{enterprise.public_id}").status_code == 200


def test_the_directory_lists_verified_enterprises_by_region_and_kind(world, client):
    teda_supplier = world.enterprise(region="teda", kinds=("supplier",))
    port_logistics = world.enterprise(region="tianjin_port", kinds=("logistics",))
    pending = world.enterprise(verified=False)
    world.login(client, world.person())

    everyone = text_of(client.get("/enterprises"))
    by_region = text_of(client.get("/enterprises?region=tianjin_port"))
    by_kind = text_of(client.get("/enterprises?kind=supplier"))

    assert teda_supplier.name_en in everyone and port_logistics.name_en in everyone
    assert pending.name_en not in everyone
    assert port_logistics.name_en in by_region and teda_supplier.name_en not in by_region
    assert teda_supplier.name_en in by_kind and port_logistics.name_en not in by_kind


def test_the_owner_edits_the_profile(world, client):
    owner = world.person()
    enterprise = world.enterprise(owner=owner)
    world.login(client, owner)
    form = client.get(f"/enterprises/{enterprise.public_id}/edit")
    assert enterprise.address in form.get_data(as_text=True)

    response = client.post(f"/enterprises/{enterprise.public_id}/edit",
                           data=registration("", region="eco_city", kinds=["supplier", "service_provider"]))

    assert response.status_code == 302
    reload(enterprise)
    assert enterprise.region == "eco_city"
    assert enterprise.kind_names == ["service_provider", "supplier"]
    assert "Sino-Singapore Tianjin Eco-City" in text_of(client.get(f"/enterprises/{enterprise.public_id}"))


def test_a_viewer_cannot_reach_the_owner_pages(world, client):
    enterprise = world.enterprise()
    viewer = world.member(enterprise, "viewer")
    world.login(client, viewer)
    base = f"/enterprises/{enterprise.public_id}"

    assert client.get(f"{base}/members").status_code == 200
    assert client.get(f"{base}/edit").status_code == 403
    assert client.post(f"{base}/members/invite", data={"email": "x@example.cn", "role": "owner"}).status_code == 403
    assert client.post(f"{base}/members/{viewer.public_id}/role", data={"role": "owner"}).status_code == 403
    assert "Not allowed" in text_of(client.get(f"{base}/edit"))
    assert "Invite a colleague" not in text_of(client.get(f"{base}/members"))
    assert "Edit profile" not in text_of(client.get(base))
