"""Who may do what. The pure decision is checked over generated callers; the token services are
checked to never hand a machine more than its creator's company role allows.
"""
import itertools
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from marketplace import policy
from marketplace.accounts import services
from marketplace.accounts.models import ApiToken
from marketplace.accounts.services import EnterpriseNotVerified
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.policy import CompanyRole, Decision, PlatformRole, Principal, Rule, Scope

DECLARED_RULES = [value for value in vars(policy).values() if isinstance(value, Rule)]
ENTERPRISES = st.integers(1, 4)

rules = st.sampled_from(DECLARED_RULES) | st.builds(
    Rule,
    name=st.just("generated"),
    public=st.booleans(),
    platform_roles=st.frozensets(st.sampled_from(PlatformRole)),
    company_roles=st.frozensets(st.sampled_from(CompanyRole)),
    scope=st.none() | st.sampled_from(Scope),
)
principals = st.builds(
    Principal,
    user_id=st.integers(1, 1000),
    platform_role=st.none() | st.sampled_from(PlatformRole),
    memberships=st.dictionaries(ENTERPRISES, st.sampled_from(CompanyRole), max_size=3).map(MappingProxyType),
    token_id=st.none() | st.integers(1, 1000),
    scopes=st.frozensets(st.sampled_from(Scope)),
)
targets = st.none() | ENTERPRISES


def test_the_rule_table_is_not_empty():
    """Guards the properties below against silently walking nothing."""
    assert {"public", "enterprise_owner", "api_members_write"} <= {rule.name for rule in DECLARED_RULES}


@given(rules.filter(lambda rule: rule.public), st.none() | principals, targets)
def test_public_rules_let_everyone_in(rule, principal, enterprise_id):
    assert rule.decide(principal, enterprise_id) is Decision.ALLOW


@given(rules.filter(lambda rule: not rule.public), targets)
def test_an_anonymous_caller_is_asked_to_sign_in_for_anything_not_public(rule, enterprise_id):
    assert rule.decide(None, enterprise_id) is Decision.UNAUTHENTICATED


@given(rules, principals, targets)
def test_a_known_caller_is_never_asked_to_sign_in_again(rule, principal, enterprise_id):
    assert rule.decide(principal, enterprise_id) in (Decision.ALLOW, Decision.FORBIDDEN)


@given(rules.filter(lambda rule: not rule.public), principals.filter(lambda p: p.token_id is not None), targets)
def test_a_token_without_the_rules_scope_is_never_let_in(rule, principal, enterprise_id):
    if rule.scope is None or rule.scope not in principal.scopes:
        assert rule.decide(principal, enterprise_id) is not Decision.ALLOW


@given(rules.filter(lambda rule: not rule.public and rule.company_roles), principals, targets)
def test_company_rules_never_let_in_someone_without_that_role_in_that_enterprise(rule, principal, enterprise_id):
    holds_role = enterprise_id is not None and principal.role_in(enterprise_id) in rule.company_roles
    oversight = principal.platform_role in rule.platform_roles
    if not holds_role and not oversight:
        assert rule.decide(principal, enterprise_id) is Decision.FORBIDDEN


@given(rules.filter(lambda rule: not rule.public and rule.company_roles), principals, ENTERPRISES)
def test_a_member_with_a_listed_role_and_the_scope_is_let_in(rule, principal, enterprise_id):
    """The gate must not lock out the people it is there for."""
    role = sorted(rule.company_roles)[0]
    member = Principal(
        user_id=principal.user_id, platform_role=principal.platform_role,
        memberships=MappingProxyType({**principal.memberships, enterprise_id: role}),
        token_id=principal.token_id, scopes=principal.scopes | ({rule.scope} if rule.scope else set()),
    )
    if member.token_id is None or rule.scope is not None:
        assert rule.decide(member, enterprise_id) is Decision.ALLOW


@given(st.sampled_from(PlatformRole), targets)
def test_oversight_roles_read_every_enterprise_but_never_act_for_one(role, enterprise_id):
    official = Principal(user_id=1, platform_role=role)

    assert policy.ENTERPRISE_MEMBER.decide(official, enterprise_id) is Decision.ALLOW
    assert policy.ENTERPRISE_ANY_ROLE.decide(official, enterprise_id) is Decision.FORBIDDEN
    assert policy.ENTERPRISE_OWNER.decide(official, enterprise_id) is Decision.FORBIDDEN


def test_a_token_is_not_an_oversight_pass():
    """A regulator's token (were one made) still needs the scope and a membership for API rules."""
    token = Principal(user_id=1, platform_role=PlatformRole.REGULATOR, token_id=7, scopes=frozenset(Scope))

    assert policy.API_MEMBERS_WRITE.decide(token, 3) is Decision.FORBIDDEN
    assert policy.OVERSIGHT.decide(token, None) is Decision.FORBIDDEN  # oversight rules name no scope


def test_every_role_may_hold_at_least_enterprise_read_and_only_owners_write_members():
    assert all(Scope.ENTERPRISE_READ in scopes for scopes in policy.SCOPES_BY_ROLE.values())
    assert [role for role, scopes in policy.SCOPES_BY_ROLE.items() if Scope.MEMBERS_WRITE in scopes] == [
        CompanyRole.OWNER]


# --- creating tokens through the service -----------------------------------------------------------

def stored_tokens():
    return db.session.scalar(select(func.count()).select_from(ApiToken))


SCOPE_SETS = [set(combo) for size in (1, 2, 3) for combo in itertools.combinations(sorted(Scope), size)]


@pytest.mark.parametrize("role", [r for r in CompanyRole if r != CompanyRole.OWNER])
def test_a_member_gets_a_token_only_for_scopes_their_role_allows(world, role):
    enterprise = world.enterprise()
    member = world.member(enterprise, role)
    allowed = policy.SCOPES_BY_ROLE[role]

    for scopes in SCOPE_SETS:
        before = stored_tokens()
        if scopes <= allowed:
            token, _plain = services.create_api_token(member, enterprise, "ERP", sorted(scopes))
            assert set(token.scope_list) == scopes
            assert stored_tokens() == before + 1
        else:
            with pytest.raises(InvalidInput) as refused:
                services.create_api_token(member, enterprise, "ERP", sorted(scopes))
            assert "scopes" in refused.value.errors
            assert stored_tokens() == before


def test_an_owner_may_grant_every_company_scope(world):
    enterprise = world.enterprise()
    owner = services.members_of(enterprise)[0].user
    company_scopes = set(Scope) - {Scope.CREDIT_OFFICIAL, Scope.OVERSIGHT_READ, Scope.OVERSIGHT_WRITE}

    token, _plain = services.create_api_token(owner, enterprise, "ERP", sorted(company_scopes))

    assert set(token.scope_list) == company_scopes


def test_a_trader_asking_for_members_write_gets_no_token(world):
    enterprise = world.enterprise()
    trader = world.member(enterprise, "trader")

    with pytest.raises(InvalidInput) as refused:
        services.create_api_token(trader, enterprise, "ERP", ["enterprise:read", "members:write"])

    assert "members:write" in refused.value.errors["scopes"][0]
    assert stored_tokens() == 0


def test_someone_outside_the_enterprise_gets_no_token(world):
    enterprise = world.enterprise()
    outsider = world.person()

    with pytest.raises(InvalidInput):
        services.create_api_token(outsider, enterprise, "ERP", ["enterprise:read"])

    assert stored_tokens() == 0


def test_asking_for_no_scope_gets_no_token(world):
    enterprise = world.enterprise()

    with pytest.raises(InvalidInput):
        services.create_api_token(services.members_of(enterprise)[0].user, enterprise, "ERP", [])

    assert stored_tokens() == 0


def test_a_pending_enterprise_cannot_have_tokens(world):
    enterprise = world.enterprise(verified=False)

    with pytest.raises(EnterpriseNotVerified):
        services.create_api_token(services.members_of(enterprise)[0].user, enterprise, "ERP", ["enterprise:read"])

    assert stored_tokens() == 0


def test_a_suspended_enterprise_cannot_have_new_tokens(world):
    enterprise = world.enterprise()
    services.change_enterprise_status(world.operator(), enterprise.public_id, "suspended", reason="licence expired")

    with pytest.raises(EnterpriseNotVerified):
        services.create_api_token(services.members_of(enterprise)[0].user, enterprise, "ERP", ["enterprise:read"])

    assert stored_tokens() == 0


def test_demoting_a_member_revokes_their_tokens_that_the_new_role_could_not_hold(world, client):
    enterprise = world.enterprise()
    owner = services.members_of(enterprise)[0].user
    trader = world.member(enterprise, "trader")
    broad = world.token(trader, enterprise, ["enterprise:read", "members:read"])
    narrow = world.token(trader, enterprise, ["enterprise:read"])

    services.change_member_role(owner, enterprise, trader.public_id, "viewer")

    assert client.get("/api/v1/enterprise", headers={"Authorization": f"Bearer {broad}"}).status_code == 401
    assert client.get("/api/v1/enterprise", headers={"Authorization": f"Bearer {narrow}"}).status_code == 200


def test_removing_a_member_ends_all_their_tokens(world, client):
    enterprise = world.enterprise()
    owner = services.members_of(enterprise)[0].user
    trader = world.member(enterprise, "trader")
    token = world.token(trader, enterprise, ["enterprise:read"])

    services.remove_member(owner, enterprise, trader.public_id)

    assert client.get("/api/v1/enterprise", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_suspended_enterprises_existing_tokens_stop_working(world, client):
    """Only verified enterprises may use the API, so suspension must also stop machines already connected."""
    enterprise = world.enterprise()
    token = world.token(services.members_of(enterprise)[0].user, enterprise, ["enterprise:read"])
    services.change_enterprise_status(world.operator(), enterprise.public_id, "suspended", reason="licence expired")

    response = client.get("/api/v1/enterprise", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code in (401, 403)
