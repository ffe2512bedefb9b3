"""Every registered route, walked as every kind of caller: allowed or refused exactly as the table says.

A route added without a permission rule, or without a line in ``ENDPOINT_RULES``, fails this suite.
"""
import importlib
import pkgutil

import pytest

import tests.route_tables
from marketplace import policy
from marketplace.accounts import services
from marketplace.permissions import rule_for

WEB_ROLES = ("anonymous", "person", "viewer", "logistics_operator", "trader", "owner", "other_owner",
             "operator", "regulator")
# Operators and regulators call the API with staff tokens (no enterprise), which only credit rules admit.
API_ROLES = ("anonymous", "viewer", "logistics_operator", "trader", "owner", "operator", "regulator")
STAFF = {"operator", "regulator"}
MEMBERS = {"viewer", "logistics_operator", "trader", "owner"}
SIGNED_IN = set(WEB_ROLES) - {"anonymous"}

# Who gets past each rule, for a route about enterprise E (members of E are MEMBERS; other_owner owns F).
RULE_ACCESS = {
    "public": set(WEB_ROLES),
    "signed_in": SIGNED_IN,
    "operator": {"operator"},
    "oversight": {"operator", "regulator"},
    "enterprise_member": MEMBERS | {"operator", "regulator"},
    "enterprise_any_role": MEMBERS,
    "enterprise_owner": {"owner"},
    "enterprise_trader": {"trader", "owner"},
    "api_enterprise_read": MEMBERS,
    "api_members_read": {"trader", "owner"},
    "api_members_write": {"owner"},
    "api_catalog_read": MEMBERS,
    "api_catalog_write": {"trader", "owner"},
    "api_sourcing_read": MEMBERS,
    "api_sourcing_write": {"trader", "owner"},
    "api_orders_read": MEMBERS,
    "api_orders_write": {"trader", "owner"},
    "api_bookings_read": MEMBERS,
    "api_bookings_write": {"trader", "owner"},
    "api_trading_read": MEMBERS,
    "api_trading_write": {"trader", "owner"},
    "api_settlement_read": MEMBERS,
    "api_settlement_write": {"trader", "owner"},
    "gateway_webhook": set(WEB_ROLES),
    "logistics_operator": {"logistics_operator", "owner"},
    "api_logistics_read": MEMBERS,
    "api_logistics_write": {"logistics_operator", "trader", "owner"},
    "reader_device": set(WEB_ROLES),
    "api_credit_read": MEMBERS | STAFF,
    "api_credit_write": {"trader", "owner"},
    "api_credit_official": STAFF,
    "api_credit_operator": {"operator"},
    "regulator": {"regulator"},
    "api_regulator_read": {"regulator"},
    "api_regulator_write": {"regulator"},
    "api_oversight_read": STAFF,
    "api_oversight_write": STAFF,
    "api_complaints_read": MEMBERS,
    "api_complaints_write": {"trader", "owner"},
}

FOUNDATION_RULES = {
    "static": "public",
    "vendor.asset": "public",
    "api-docs.openapi_json": "public",
    "api_docs.page": "public",
    "main.index": "public",
    "main.switch_language": "public",
    "auth.signup": "public",
    "auth.login": "public",
    "auth.logout": "signed_in",
    "auth.forgot_password": "public",
    "auth.reset_password": "public",
    "auth.accept_invitation": "signed_in",
    "auth.account": "signed_in",
    "enterprises.directory": "signed_in",
    "enterprises.register": "signed_in",
    "enterprises.profile": "signed_in",
    "enterprises.edit": "enterprise_owner",
    "enterprises.members": "enterprise_member",
    "enterprises.invite": "enterprise_owner",
    "enterprises.change_role": "enterprise_owner",
    "enterprises.remove_member": "enterprise_owner",
    "enterprises.revoke_invitation": "enterprise_owner",
    "enterprises.tokens": "enterprise_member",
    "enterprises.create_token": "enterprise_any_role",
    "enterprises.revoke_token": "enterprise_any_role",
    "operator.enterprises": "operator",
    "operator.review": "operator",
    "staff.tokens": "oversight",
    "staff.create_token": "oversight",
    "staff.revoke_token": "oversight",
    "audit.log": "oversight",
    "accounts_api.OwnEnterprise": "api_enterprise_read",
    "accounts_api.Members": "api_members_read",
    "accounts_api.Invitations": "api_members_write",
    "accounts_api.Directory": "api_enterprise_read",
    "accounts_api.OneEnterprise": "api_enterprise_read",
}
# Each domain's table lives in tests/route_tables/<domain>.py. A table may also list in STAFF_REFUSED the
# API endpoints whose rule admits staff tokens but whose view refuses them (403: they act for no enterprise).
ENDPOINT_RULES = dict(FOUNDATION_RULES)
STAFF_REFUSED = set()
for _table in pkgutil.iter_modules(tests.route_tables.__path__):
    _module = importlib.import_module(f"tests.route_tables.{_table.name}")
    ENDPOINT_RULES |= _module.RULES
    STAFF_REFUSED |= getattr(_module, "STAFF_REFUSED", set())

# Open at the gate; what authenticates the caller (a reader's device token, say) is the route's own business.
PUBLIC_RULES = {value.name for value in vars(policy).values() if isinstance(value, policy.Rule) and value.public}

PLACEHOLDERS = {"token": "not-a-real-secret", "package": "swagger-ui-dist", "filename": "swagger-ui.css"}


def _routes(app):
    for url_rule in app.url_map.iter_rules():
        for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
            yield url_rule, method


def expected_rule(endpoint, method):
    """The table names one rule per endpoint, or ``{method: rule}`` where reading and writing differ."""
    expected = ENDPOINT_RULES[endpoint]
    return expected[method] if isinstance(expected, dict) else expected


def test_every_route_declares_the_rule_in_the_table(app):
    declared = {}
    with app.test_request_context():
        for url_rule, method in _routes(app):
            rule = rule_for(url_rule.endpoint, method)
            declared.setdefault(url_rule.endpoint, {})[method] = rule.name if rule else None
    missing_rule = sorted(endpoint for endpoint, rules in declared.items() if None in rules.values())
    assert not missing_rule, f"routes without a permission rule: {missing_rule}"
    assert set(declared) == set(ENDPOINT_RULES)
    wrong = {endpoint: rules for endpoint, rules in declared.items()
             if any(name != expected_rule(endpoint, method) for method, name in rules.items())}
    assert not wrong, f"routes whose rule differs from the table: {wrong}"


def test_every_rule_in_the_table_has_a_known_access_set():
    declared_rules = {value.name for value in vars(policy).values() if isinstance(value, policy.Rule)}
    assert declared_rules == set(RULE_ACCESS)


@pytest.fixture
def callers(world, app):
    """Enterprise E with one member of each company role, an owner of another enterprise, oversight.

    Members' tokens carry every scope of their role; operators' and regulators' staff tokens every scope of theirs.
    """
    enterprise = world.enterprise()
    owner = next(m.user for m in services.members_of(enterprise))
    people = {"owner": owner, "person": world.person(), "operator": world.operator(),
              "regulator": world.regulator(), "other_owner": world.person()}
    world.enterprise(owner=people["other_owner"])
    for role in ("viewer", "logistics_operator", "trader"):
        people[role] = world.member(enterprise, role)
    tokens = {role: world.token(people[role], enterprise, sorted(policy.SCOPES_BY_ROLE[policy.CompanyRole(role)]))
              for role in MEMBERS}
    for role in STAFF:
        tokens[role] = services.create_staff_token(
            people[role], "credit import", sorted(policy.SCOPES_BY_PLATFORM_ROLE[policy.PlatformRole(role)]))[1]
    return enterprise, people, tokens


def _url(url_rule, enterprise):
    values = {arg: enterprise.public_id if arg in ("enterprise_id", "public_id") else PLACEHOLDERS.get(arg, "x")
              for arg in url_rule.arguments}
    return url_rule.build(values, append_unknown=False)[1]


def _refused(response, api):
    if api:
        return response.status_code in (401, 403)
    return response.status_code == 403 or (
        response.status_code == 302 and "/auth/login" in response.headers["Location"])


@pytest.mark.parametrize("role", WEB_ROLES)
def test_web_routes_admit_exactly_the_roles_of_their_rule(app, world, callers, role):
    enterprise, people, _tokens = callers
    client = app.test_client()
    if role != "anonymous":
        world.login(client, people[role])
    wrong = []
    for url_rule, method in _routes(app):
        if url_rule.rule.startswith("/api/") or url_rule.endpoint == "auth.logout":
            continue
        response = client.open(_url(url_rule, enterprise), method=method)
        expected = role in RULE_ACCESS[expected_rule(url_rule.endpoint, method)]
        if _refused(response, api=False) == expected:
            wrong.append(f"{method} {url_rule.rule}: {response.status_code}, expected "
                         f"{'allowed' if expected else 'refused'}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", API_ROLES)
def test_api_routes_admit_exactly_the_tokens_of_their_rule(app, callers, role):
    enterprise, _people, tokens = callers
    client = app.test_client()
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}
    wrong = []
    for url_rule, method in _routes(app):
        if not url_rule.rule.startswith("/api/v1/") or expected_rule(url_rule.endpoint, method) in PUBLIC_RULES:
            continue
        response = client.open(_url(url_rule, enterprise), method=method, headers=headers, json={})
        expected = role in RULE_ACCESS[expected_rule(url_rule.endpoint, method)] and not (
            role in STAFF and url_rule.endpoint in STAFF_REFUSED)
        if _refused(response, api=True) == expected:
            wrong.append(f"{method} {url_rule.rule}: {response.status_code}, expected "
                         f"{'allowed' if expected else 'refused'}")
    assert not wrong, "\n".join(wrong)


def test_logout_needs_a_session(client):
    assert _refused(client.post("/auth/logout"), api=False)
