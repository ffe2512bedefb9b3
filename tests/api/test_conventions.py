"""What every ``/api/v1`` client relies on: pages, problem bodies, the OpenAPI document, request ids,
security headers and the rate limit.
"""
from urllib.parse import urlsplit

import pytest

from marketplace import create_app
from marketplace.accounts import services
from marketplace.extensions import db


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def reader(world):
    """An ERP token of a verified enterprise that reads the directory."""
    enterprise = world.enterprise()
    return world.token(services.members_of(enterprise)[0].user, enterprise, ["enterprise:read"])


def assert_problem(response, status):
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status
    assert response.json["title"]


# --- pagination ------------------------------------------------------------------------------------

def test_walking_the_directory_two_at_a_time_lists_every_verified_enterprise_once(world, client, reader):
    verified = {world.enterprise().public_id for _ in range(4)}
    hidden = world.enterprise(verified=False)
    suspended = world.enterprise()
    services.change_enterprise_status(world._operator(), suspended.public_id, "suspended", reason="licence expired")

    seen, pages = [], 0
    url = "/api/v1/enterprises?limit=2"
    while url:
        response = client.get(url, headers=bearer(reader))
        assert response.status_code == 200
        page = response.json
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if page["next_cursor"] is None:
            assert "Link" not in response.headers
            url = None
        else:
            link = response.headers["Link"]
            assert link.endswith('>; rel="next"')
            next_url = urlsplit(link[1:link.index(">")])
            assert f"cursor={page['next_cursor']}" in next_url.query
            url = f"{next_url.path}?{next_url.query}"

    assert len(seen) == len(set(seen))
    assert verified <= set(seen)
    assert hidden.public_id not in seen
    assert suspended.public_id not in seen
    assert len(seen) == 5  # the four plus the reader's own enterprise
    assert pages == 3


def test_a_forged_cursor_is_refused_naming_the_cursor(client, reader):
    response = client.get("/api/v1/enterprises?limit=2&cursor=MTIz.forged", headers=bearer(reader))

    assert_problem(response, 422)
    assert "cursor" in response.json["errors"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
def test_a_page_size_outside_1_to_100_is_refused_naming_the_limit(client, reader, limit):
    response = client.get(f"/api/v1/enterprises?limit={limit}", headers=bearer(reader))

    assert_problem(response, 422)
    assert "limit" in response.json["errors"]


# --- errors, documents, headers -------------------------------------------------------------------

def test_an_unknown_api_address_answers_404_problem(client):
    response = client.get("/api/v1/nope")

    assert_problem(response, 404)


def test_a_wrong_method_answers_405_problem_with_allow(client, reader):
    response = client.delete("/api/v1/enterprises", headers=bearer(reader))

    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_the_openapi_document_describes_our_api(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/enterprise", "/api/v1/enterprise/members", "/api/v1/enterprise/invitations",
            "/api/v1/enterprises", "/api/v1/enterprises/{public_id}"} <= set(spec["paths"])
    bearer_auth = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (bearer_auth["type"], bearer_auth["scheme"]) == ("http", "bearer")
    assert {"bearerAuth": []} in spec["security"]
    assert {"type", "title", "status", "detail", "errors"} <= set(spec["components"]["schemas"]["Problem"]["properties"])
    invite = spec["paths"]["/api/v1/enterprise/invitations"]["post"]
    assert "201" in invite["responses"]
    assert invite["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/InvitationIn")


def test_a_well_formed_request_id_is_echoed_in_headers_and_problems(client):
    response = client.get("/api/v1/enterprise", headers={"X-Request-ID": "erp-trace-2026-0001"})

    assert response.headers["X-Request-ID"] == "erp-trace-2026-0001"
    assert response.json["request_id"] == "erp-trace-2026-0001"


@pytest.mark.parametrize("supplied", [None, "bad id with spaces", "x" * 65, "short"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_fresh_one(client, supplied):
    headers = {"X-Request-ID": supplied} if supplied else {}

    first = client.get("/api/v1/enterprise", headers=headers)
    second = client.get("/api/v1/enterprise", headers=headers)

    assert first.headers["X-Request-ID"] not in ("", supplied)
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert first.json["request_id"] == first.headers["X-Request-ID"]


@pytest.mark.parametrize("path", ["/api/v1/enterprise", "/api/v1/openapi.json", "/api/v1/nope"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers

    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_authenticated_answers_are_not_cached(client, reader):
    assert client.get("/api/v1/enterprise", headers=bearer(reader)).headers["Cache-Control"] == "no-store"


# --- rate limit ------------------------------------------------------------------------------------

@pytest.fixture
def limited_app(app, tmp_path):
    """A second app on the same database with the API limit switched on and set low."""
    limited = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PASSWORD_HASH_COST": "fast",
        "RATE_LIMITS": True,
        "RATELIMIT_API": "3 per minute",
        "SERVER_NAME": "binhai.test",
    }, instance_path=str(tmp_path))
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_fourth_call_in_a_minute_gets_429_with_retry_after(limited_app, reader):
    client = limited_app.test_client()

    answers = [client.get("/api/v1/enterprise", headers=bearer(reader)) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert_problem(answers[3], 429)
    assert int(answers[3].headers["Retry-After"]) > 0
    assert answers[3].headers["X-Request-ID"]


def test_each_token_has_its_own_budget(world, limited_app, reader):
    """Two ERPs behind one gateway address must not use up each other's calls."""
    enterprise = world.enterprise()
    other = world.token(services.members_of(enterprise)[0].user, enterprise, ["enterprise:read"])
    client = limited_app.test_client()

    for _ in range(3):
        assert client.get("/api/v1/enterprise", headers=bearer(reader)).status_code == 200

    assert client.get("/api/v1/enterprise", headers=bearer(other)).status_code == 200
    assert client.get("/api/v1/enterprise", headers=bearer(reader)).status_code == 429
