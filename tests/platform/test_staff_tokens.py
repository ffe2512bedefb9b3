"""Staff API tokens: an operator's or regulator's token acts in that platform role, for no enterprise."""
import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import ApiToken
from marketplace.audit.models import AuditRecord
from marketplace.errors import Forbidden, InvalidInput
from marketplace.extensions import db


def _bearer(plain):
    return {"Authorization": f"Bearer {plain}"}


def test_an_operator_makes_a_token_on_the_staff_page_and_sees_it_once(world, client):
    operator = world.operator()
    world.login(client, operator)
    page = client.get("/staff/tokens")
    assert page.status_code == 200 and "answer objections, decide repairs" in page.text
    created = client.post("/staff/tokens", data={"name": "penalty import", "scopes": ["credit:read", "credit:official"]})
    assert created.status_code == 201
    token = db.session.scalar(select(ApiToken))
    assert (token.enterprise_id, token.user_id, token.scope_list) == (None, operator.id, ["credit:official", "credit:read"])
    assert token.token_prefix in created.text
    assert client.post(f"/staff/tokens/{token.public_id}/revoke").status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    assert [row.action for row in db.session.scalars(select(AuditRecord).where(
        AuditRecord.target == token.public_id))] == ["api_token.created", "api_token.revoked"]


def test_a_staff_token_carries_only_its_roles_scopes(world):
    with pytest.raises(InvalidInput, match="credit:write"):
        services.create_staff_token(world.regulator(), "import", ["credit:read", "credit:write"])
    with pytest.raises(InvalidInput):
        services.create_staff_token(world.operator(), "import", ["orders:read"])
    with pytest.raises(Forbidden):
        services.create_staff_token(world.person(), "import", ["credit:read"])


def test_members_cannot_reach_the_staff_page(world, client):
    world.login(client, world.person())
    assert client.get("/staff/tokens").status_code == 403


def test_a_staff_token_reads_the_credit_api_but_no_enterprises_data(world, client):
    _token, plain = services.create_staff_token(world.regulator(), "oversight", ["credit:read", "credit:official"])
    assert client.get("/api/v1/credit/objections", headers=_bearer(plain)).status_code == 200
    assert client.get("/api/v1/enterprise", headers=_bearer(plain)).status_code == 403
    assert client.get("/api/v1/orders", headers=_bearer(plain)).status_code == 403


def test_a_person_who_loses_the_platform_role_loses_the_tokens_use(world, client):
    operator = world.operator()
    _token, plain = services.create_staff_token(operator, "answers", ["credit:read"])
    assert client.get("/api/v1/credit/objections", headers=_bearer(plain)).status_code == 200
    services.grant_platform_role(operator.email, None)
    refused = client.get("/api/v1/credit/objections", headers=_bearer(plain))
    assert refused.status_code == 401 and "no longer a platform operator" in refused.json["detail"]


def test_a_regulator_token_cannot_answer_objections(world, client):
    _token, plain = services.create_staff_token(world.regulator(), "oversight", ["credit:read", "credit:official"])
    response = client.post("/api/v1/credit/objections/cob_x/answer", headers=_bearer(plain),
                           json={"answer": "kept", "reason": "维持"})
    assert response.status_code == 403
