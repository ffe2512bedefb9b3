"""A trader's API token reaches its enterprise's data and nothing else; a revoked one reaches nothing."""
from marketplace.accounts import services


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_trader_token_reads_own_enterprise(world, client):
    enterprise = world.enterprise()
    trader = world.member(enterprise, "trader")
    token = world.token(trader, enterprise, ["enterprise:read", "members:read"])

    response = client.get("/api/v1/enterprise", headers=bearer(token))

    assert response.status_code == 200
    assert response.json["id"] == enterprise.public_id
    assert response.json["credit_code"] == enterprise.credit_code
    members = client.get("/api/v1/enterprise/members", headers=bearer(token)).json["items"]
    assert {m["role"] for m in members} == {"owner", "trader"}


def test_missing_and_unknown_tokens_get_401_problem(client):
    for headers in ({}, bearer("bhk_not-a-real-token")):
        response = client.get("/api/v1/enterprise", headers=headers)
        assert response.status_code == 401
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused(world, client):
    enterprise = world.enterprise()
    owner = services.members_of(enterprise)[0].user
    token = world.token(owner, enterprise)
    token_id = services.tokens_of(enterprise)[0].public_id

    services.revoke_api_token(owner, enterprise, token_id)

    response = client.get("/api/v1/enterprise", headers=bearer(token) | {"Accept-Language": "en"})
    assert response.status_code == 401
    assert "revoked" in response.json["detail"]
    chinese = client.get("/api/v1/enterprise", headers=bearer(token) | {"Accept-Language": "zh-CN"})
    assert "撤销" in chinese.json["detail"]


def test_token_without_scope_is_forbidden(world, client):
    enterprise = world.enterprise()
    viewer = world.member(enterprise, "viewer")
    token = world.token(viewer, enterprise, ["enterprise:read"])

    response = client.get("/api/v1/enterprise/members", headers=bearer(token))

    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
