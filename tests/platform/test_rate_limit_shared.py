"""With REDIS_URL set, every web process counts against the same API rate limit."""
import uuid

import pytest
import redis

from marketplace import create_app
from marketplace.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def two_web_processes(app, tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"binhai-test-{uuid.uuid4().hex}"
    apps = [create_app({**app.config, "RATE_LIMITS": True, "RATELIMIT_API": "3 per minute",
                        "REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix},
                       instance_path=str(tmp_path / f"process{n}")) for n in (1, 2)]
    yield apps
    for each in apps:
        with each.app_context():
            db.engine.dispose()
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


def test_api_limit_is_shared_between_processes(world, two_web_processes):
    owner = world.person()
    enterprise = world.enterprise(owner=owner)
    headers = {"Authorization": f"Bearer {world.token(owner, enterprise)}"}
    first, second = (each.test_client() for each in two_web_processes)

    answers = [client.get("/api/v1/enterprise", headers=headers).status_code
               for client in (first, second, first, second)]

    assert answers == [200, 200, 200, 429]
    refused = second.get("/api/v1/enterprise", headers=headers)
    assert refused.content_type == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
