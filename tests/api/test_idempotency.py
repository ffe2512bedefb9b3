"""An ERP that retries an invitation after a timeout must not invite the person twice.

The owner's token sends ``Idempotency-Key``; a retry with the same key and the same request gets
the first answer again, and only one invitation (and one mail) exists.
"""
import json

import pytest
from sqlalchemy import func, select

from marketplace.accounts import services
from marketplace.accounts.models import Invitation, Membership, User
from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from marketplace.idempotency import IdempotencyKey
from tests.concurrency import all_at_once
from tests.mailbox import messages

PATH = "/api/v1/enterprise/invitations"


@pytest.fixture
def owner_token(world):
    """The token of an ERP acting for the owner of a verified enterprise."""
    enterprise = world.enterprise()
    owner = services.members_of(enterprise)[0].user
    return world.token(owner, enterprise, ["enterprise:read", "members:write"])


def post(client, token, body, key=None, **headers):
    """Send ``body`` as raw text, so tests control spacing and key order."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(PATH, data=body if isinstance(body, str) else json.dumps(body), headers=headers)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def invitation_mails(app):
    return [m for m in messages(app) if "/invitations/" in m.get_content()]


def test_a_retry_with_the_same_key_replays_the_first_answer_and_invites_once(app, client, owner_token):
    first = post(client, owner_token, '{"email": "chen.jie@example.cn", "role": "trader"}', key="erp-0001")
    mails_after_first = len(invitation_mails(app))
    retry = post(client, owner_token, '{ "role":"trader",\n  "email":"chen.jie@example.cn" }', key="erp-0001")

    assert first.status_code == 201
    assert retry.status_code == 201
    assert retry.get_data() == first.get_data()
    assert retry.json["id"] == first.json["id"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(Invitation) == 1
    assert mails_after_first == 1
    assert len(invitation_mails(app)) == 1


def test_the_same_key_with_a_different_request_is_refused_and_changes_nothing(app, client, owner_token):
    post(client, owner_token, {"email": "chen.jie@example.cn", "role": "trader"}, key="erp-0002")

    response = post(client, owner_token, {"email": "liu.yang@example.cn", "role": "trader"}, key="erp-0002")

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "Idempotency-Key" in response.json["errors"]
    assert [i.email for i in db.session.scalars(select(Invitation))] == ["chen.jie@example.cn"]
    assert len(invitation_mails(app)) == 1


def test_without_a_key_two_posts_make_two_invitations(app, client, owner_token):
    body = {"email": "chen.jie@example.cn", "role": "viewer"}

    first, second = post(client, owner_token, body), post(client, owner_token, body)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]
    assert count(Invitation) == 2
    assert count(IdempotencyKey) == 0


def test_one_key_used_by_two_tokens_means_two_different_requests(world, client, owner_token):
    """Keys belong to their token: another client choosing the same key does not get our answer."""
    enterprise = world.enterprise()
    other_owner = services.members_of(enterprise)[0].user
    other_token = world.token(other_owner, enterprise, ["members:write"])
    body = {"email": "chen.jie@example.cn", "role": "trader"}

    mine = post(client, owner_token, body, key="shared-key")
    theirs = post(client, other_token, body, key="shared-key")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json["id"] != theirs.json["id"]
    assert "Idempotent-Replayed" not in theirs.headers


def test_an_invalid_email_is_refused_field_by_field_and_writes_nothing(app, client, owner_token):
    audit_before = count(AuditRecord)

    response = post(client, owner_token, {"email": "not-an-email", "role": "trader"}, key="erp-0003")

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.json["errors"]) == ["email"]
    assert count(Invitation) == 0
    assert count(IdempotencyKey) == 0
    assert count(AuditRecord) == audit_before
    assert invitation_mails(app) == []


def test_after_a_refused_request_the_corrected_one_may_reuse_its_key(client, owner_token):
    """A 4xx answer is not remembered: the client fixes the body and retries with the same key."""
    post(client, owner_token, {"email": "not-an-email", "role": "trader"}, key="erp-0004")

    response = post(client, owner_token, {"email": "chen.jie@example.cn", "role": "trader"}, key="erp-0004")

    assert response.status_code == 201
    assert count(Invitation) == 1


def test_inviting_an_existing_member_is_refused_and_the_key_is_not_kept(client, owner_token):
    """A refusal by the use case is not remembered either, and nothing it started is left behind."""
    owner_email = db.session.scalar(select(User.email).join(Membership).where(Membership.role == "owner"))

    response = post(client, owner_token, {"email": owner_email, "role": "viewer"}, key="erp-0005")

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "email" in response.json["errors"]
    assert count(Invitation) == 0
    assert count(IdempotencyKey) == 0


def test_an_overlong_key_is_refused_naming_the_header(client, owner_token):
    response = post(client, owner_token, {"email": "chen.jie@example.cn", "role": "trader"}, key="k" * 256)

    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["errors"]
    assert count(Invitation) == 0


@pytest.mark.postgres_only
def test_simultaneous_retries_with_one_key_make_exactly_one_invitation(app, owner_token):
    body = '{"email": "rush@example.cn", "role": "trader"}'

    def send(_number):
        response = post(app.test_client(), owner_token, body, key="erp-rush")
        return response.status_code, response.get_data(as_text=True)

    responses = all_at_once(app, 8, send)

    assert {status for status, _ in responses} == {201}
    assert len({body for _, body in responses}) == 1
    assert count(Invitation) == 1
    assert len(invitation_mails(app)) == 1
