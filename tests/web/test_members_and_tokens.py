"""An owner invites a trader, who joins and connects a program with an API token shown only once."""
import re

from marketplace.accounts import services
from tests.builders import PASSWORD, owner_of
from tests.mailbox import last_link
from tests.web.conftest import text_of


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def plain_token_on(response):
    match = re.search(r'id="new-token">([^<]+)</code>', response.get_data(as_text=True))
    assert match, "the new token is not on the page"
    return match.group(1)


def test_an_invited_trader_joins_and_connects_a_program(world, client, other_browser):
    enterprise = world.enterprise()
    world.login(client, owner_of(enterprise))
    members = f"/enterprises/{enterprise.public_id}/members"

    invited = client.post(f"{members}/invite", data={"email": "zhao.lei@example.cn", "role": "trader"})
    assert invited.status_code == 302
    assert "zhao.lei@example.cn" in text_of(client.get(members))

    invitation = f"/invitations/{last_link(world.app, '/invitations/')}"
    to_login = other_browser.get(invitation)
    assert to_login.headers["Location"].endswith(f"/auth/login?next={invitation}")
    login_page = other_browser.get(to_login.headers["Location"]).get_data(as_text=True)
    assert f'href="/auth/signup?next={invitation}"' in login_page
    form = {"email": "zhao.lei@example.cn", "display_name": "Zhao Lei", "password": PASSWORD, "confirm": PASSWORD}
    signed_up = other_browser.post(f"/auth/signup?next={invitation}", data=form)
    assert signed_up.headers["Location"] == invitation
    shown = text_of(other_browser.get(invitation))
    assert enterprise.name_en in shown and "Trader" in shown

    joined = other_browser.post(invitation)
    assert joined.headers["Location"] == f"/enterprises/{enterprise.public_id}"

    tokens = f"/enterprises/{enterprise.public_id}/tokens"
    offered = other_browser.get(tokens).get_data(as_text=True)
    assert 'value="members:read"' in offered and 'value="members:write"' not in offered
    created = other_browser.post(tokens, data={"name": "ERP connector", "scopes": ["enterprise:read"]})
    assert created.status_code == 201
    assert "It will not be shown again" in text_of(created)
    plain = plain_token_on(created)
    assert plain not in other_browser.get(tokens).get_data(as_text=True)

    answer = client.get("/api/v1/enterprise", headers=bearer(plain))
    assert answer.status_code == 200
    assert answer.json["id"] == enterprise.public_id

    token_id = services.tokens_of(enterprise)[0].public_id
    assert other_browser.post(f"{tokens}/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/enterprise", headers=bearer(plain)).status_code == 401


def test_an_invitation_is_accepted_only_with_the_address_it_was_sent_to(world, client):
    enterprise = world.enterprise()
    services.invite_member(owner_of(enterprise), enterprise, "wang.fang@example.cn", "viewer")
    token = last_link(world.app, "/invitations/")
    world.login(client, world.person(email="someone.else@example.cn"))

    refused = client.post(f"/invitations/{token}")

    assert refused.status_code == 403
    assert "This invitation was sent to wang.fang@example.cn" in text_of(refused)
    assert len(services.members_of(enterprise)) == 1


def test_a_token_may_not_carry_more_than_the_role_allows(world, client):
    enterprise = world.enterprise()
    viewer = world.member(enterprise, "viewer")
    world.login(client, viewer)

    refused = client.post(f"/enterprises/{enterprise.public_id}/tokens",
                          data={"name": "Sneaky", "scopes": ["members:write"]})

    assert refused.status_code == 422
    assert services.tokens_of(enterprise) == []


def test_a_pending_enterprise_cannot_create_tokens_yet(world, client):
    owner = world.person()
    enterprise = world.enterprise(owner=owner, verified=False)
    world.login(client, owner)

    page = text_of(client.get(f"/enterprises/{enterprise.public_id}/tokens"))
    refused = client.post(f"/enterprises/{enterprise.public_id}/tokens",
                          data={"name": "Too early", "scopes": ["enterprise:read"]})

    assert "Only verified enterprises can create API tokens" in page
    assert refused.status_code == 403
    assert services.tokens_of(enterprise) == []


def test_the_last_owner_cannot_step_down(world, client):
    owner = world.person()
    enterprise = world.enterprise(owner=owner)
    world.login(client, owner)

    refused = client.post(f"/enterprises/{enterprise.public_id}/members/{owner.public_id}/role",
                          data={"role": "viewer"})

    assert refused.status_code == 422
    assert "An enterprise needs at least one owner" in text_of(refused)
    assert services.members_of(enterprise)[0].role == "owner"


def test_the_owner_changes_a_role_removes_a_member_and_revokes_an_invitation(world, client):
    owner = world.person()
    enterprise = world.enterprise(owner=owner)
    trader = world.member(enterprise, "trader")
    services.invite_member(owner, enterprise, "later@example.cn", "viewer")
    world.login(client, owner)
    base = f"/enterprises/{enterprise.public_id}"

    client.post(f"{base}/members/{trader.public_id}/role", data={"role": "logistics_operator"})
    assert {m.user_id: m.role for m in services.members_of(enterprise)}[trader.id] == "logistics_operator"

    client.post(f"{base}/members/{trader.public_id}/remove")
    assert [m.user_id for m in services.members_of(enterprise)] == [owner.id]

    invitation = services.open_invitations(enterprise)[0]
    client.post(f"{base}/invitations/{invitation.public_id}/revoke")
    assert services.open_invitations(enterprise) == []
    assert "No invitation is waiting for an answer." in text_of(client.get(f"{base}/members"))
