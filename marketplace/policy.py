"""Who may do what: platform roles, company roles and API scopes, decided without Flask or a database.

Every route names one Rule; the enforcement hook builds a Principal and asks ``decide``. Keeping the
decision pure lets a table-driven test walk every route and role cheaply.
"""
import enum
from dataclasses import dataclass, field
from types import MappingProxyType


class PlatformRole(enum.StrEnum):
    OPERATOR = "operator"
    REGULATOR = "regulator"


class CompanyRole(enum.StrEnum):
    OWNER = "owner"
    TRADER = "trader"
    LOGISTICS_OPERATOR = "logistics_operator"
    VIEWER = "viewer"


class Scope(enum.StrEnum):
    """What an API token may do on behalf of its one enterprise."""

    ENTERPRISE_READ = "enterprise:read"
    MEMBERS_READ = "members:read"
    MEMBERS_WRITE = "members:write"
    CATALOG_READ = "catalog:read"
    CATALOG_WRITE = "catalog:write"
    SOURCING_READ = "sourcing:read"
    SOURCING_WRITE = "sourcing:write"
    ORDERS_READ = "orders:read"
    ORDERS_WRITE = "orders:write"
    BOOKINGS_READ = "bookings:read"
    BOOKINGS_WRITE = "bookings:write"
    TRADING_READ = "trading:read"
    TRADING_WRITE = "trading:write"
    SETTLEMENT_READ = "settlement:read"
    SETTLEMENT_WRITE = "settlement:write"
    LOGISTICS_READ = "logistics:read"
    LOGISTICS_WRITE = "logistics:write"
    CREDIT_READ = "credit:read"
    CREDIT_WRITE = "credit:write"
    # Staff tokens only (operators and regulators): official entries, imports, objection answers, repairs.
    CREDIT_OFFICIAL = "credit:official"
    COMPLAINTS_READ = "complaints:read"
    COMPLAINTS_WRITE = "complaints:write"
    # Staff tokens only: the regulator console's data (read) and its decisions (write).
    OVERSIGHT_READ = "oversight:read"
    OVERSIGHT_WRITE = "oversight:write"


_READ_SCOPES = frozenset({Scope.ENTERPRISE_READ, Scope.CATALOG_READ, Scope.SOURCING_READ, Scope.ORDERS_READ,
                          Scope.BOOKINGS_READ, Scope.TRADING_READ, Scope.SETTLEMENT_READ,
                          Scope.LOGISTICS_READ, Scope.CREDIT_READ, Scope.COMPLAINTS_READ})
_STAFF_SCOPES = frozenset({Scope.CREDIT_OFFICIAL, Scope.OVERSIGHT_READ, Scope.OVERSIGHT_WRITE})
_COMPANY_SCOPES = frozenset(Scope) - _STAFF_SCOPES

# A token never carries more than its creator's company role allows.
SCOPES_BY_ROLE = MappingProxyType({
    CompanyRole.OWNER: _COMPANY_SCOPES,
    CompanyRole.TRADER: _COMPANY_SCOPES - {Scope.MEMBERS_WRITE},
    CompanyRole.LOGISTICS_OPERATOR: _READ_SCOPES | {Scope.LOGISTICS_WRITE},
    CompanyRole.VIEWER: _READ_SCOPES,
})

# Staff tokens belong to a person with a platform role, not to an enterprise.
SCOPES_BY_PLATFORM_ROLE = MappingProxyType({
    PlatformRole.OPERATOR: frozenset({Scope.CREDIT_READ, Scope.CREDIT_OFFICIAL, Scope.OVERSIGHT_READ,
                                      Scope.OVERSIGHT_WRITE}),
    PlatformRole.REGULATOR: frozenset({Scope.CREDIT_READ, Scope.CREDIT_OFFICIAL, Scope.OVERSIGHT_READ,
                                       Scope.OVERSIGHT_WRITE}),
})


class Decision(enum.Enum):
    ALLOW = "allow"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class Principal:
    """The caller: a signed-in person (web) or an API token acting for one enterprise."""

    user_id: int
    platform_role: PlatformRole | None = None
    memberships: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    token_id: int | None = None
    scopes: frozenset = frozenset()

    def role_in(self, enterprise_id):
        return self.memberships.get(enterprise_id)


@dataclass(frozen=True)
class Rule:
    """A route's requirement. Empty role sets mean "any signed-in caller"."""

    name: str
    public: bool = False
    platform_roles: frozenset = frozenset()
    company_roles: frozenset = frozenset()
    scope: Scope | None = None

    def decide(self, principal, enterprise_id=None):
        """Decide for ``principal`` (None when anonymous) acting on ``enterprise_id`` (None if none)."""
        if self.public:
            return Decision.ALLOW
        if principal is None:
            return Decision.UNAUTHENTICATED
        if principal.token_id is not None and (self.scope is None or self.scope not in principal.scopes):
            return Decision.FORBIDDEN
        if not self.platform_roles and not self.company_roles:
            return Decision.ALLOW
        if principal.platform_role in self.platform_roles:
            return Decision.ALLOW
        if enterprise_id is not None and principal.role_in(enterprise_id) in self.company_roles:
            return Decision.ALLOW
        return Decision.FORBIDDEN


_ANY_COMPANY_ROLE = frozenset(CompanyRole)
_OVERSIGHT = frozenset(PlatformRole)

PUBLIC = Rule("public", public=True)
SIGNED_IN = Rule("signed_in")
OPERATOR = Rule("operator", platform_roles=frozenset({PlatformRole.OPERATOR}))
OVERSIGHT = Rule("oversight", platform_roles=_OVERSIGHT)
# The regulator console's surveillance, cases, sanctions, complaints handling and transaction search.
REGULATOR = Rule("regulator", platform_roles=frozenset({PlatformRole.REGULATOR}))
# Pages about one enterprise: its members read them, regulators and operators read everything.
ENTERPRISE_MEMBER = Rule("enterprise_member", platform_roles=_OVERSIGHT, company_roles=_ANY_COMPANY_ROLE)
# Acting inside one's own enterprise (e.g. making an API token); oversight roles do not act for firms.
ENTERPRISE_ANY_ROLE = Rule("enterprise_any_role", company_roles=_ANY_COMPANY_ROLE)
ENTERPRISE_OWNER = Rule("enterprise_owner", company_roles=frozenset({CompanyRole.OWNER}))
ENTERPRISE_TRADER = Rule(
    "enterprise_trader", company_roles=frozenset({CompanyRole.OWNER, CompanyRole.TRADER})
)

_TRADING = frozenset({CompanyRole.OWNER, CompanyRole.TRADER})

API_ENTERPRISE_READ = Rule("api_enterprise_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.ENTERPRISE_READ)
API_MEMBERS_READ = Rule(
    "api_members_read", company_roles=frozenset({CompanyRole.OWNER, CompanyRole.TRADER}), scope=Scope.MEMBERS_READ
)
API_MEMBERS_WRITE = Rule(
    "api_members_write", company_roles=frozenset({CompanyRole.OWNER}), scope=Scope.MEMBERS_WRITE
)

# Catalog, sourcing, bookings and orders. Web routes about one enterprise carry ``enterprise_id``
# in the URL (e.g. /enterprises/<enterprise_id>/listings/<listing_id>/edit); the services then
# check that the object belongs to that enterprise.
API_CATALOG_READ = Rule("api_catalog_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.CATALOG_READ)
API_CATALOG_WRITE = Rule("api_catalog_write", company_roles=_TRADING, scope=Scope.CATALOG_WRITE)
API_SOURCING_READ = Rule("api_sourcing_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.SOURCING_READ)
API_SOURCING_WRITE = Rule("api_sourcing_write", company_roles=_TRADING, scope=Scope.SOURCING_WRITE)
API_ORDERS_READ = Rule("api_orders_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.ORDERS_READ)
API_ORDERS_WRITE = Rule("api_orders_write", company_roles=_TRADING, scope=Scope.ORDERS_WRITE)
API_BOOKINGS_READ = Rule("api_bookings_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.BOOKINGS_READ)
API_BOOKINGS_WRITE = Rule("api_bookings_write", company_roles=_TRADING, scope=Scope.BOOKINGS_WRITE)
# Trading floors: orders, auctions, listed-price purchases and contracts of the token's enterprise.
API_TRADING_READ = Rule("api_trading_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.TRADING_READ)
API_TRADING_WRITE = Rule("api_trading_write", company_roles=_TRADING, scope=Scope.TRADING_WRITE)
# Settlement: paying into escrow, shipping, confirming delivery, disputes, documents and balances.
API_SETTLEMENT_READ = Rule("api_settlement_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.SETTLEMENT_READ)
API_SETTLEMENT_WRITE = Rule("api_settlement_write", company_roles=_TRADING, scope=Scope.SETTLEMENT_WRITE)
# The gateway's webhooks carry no session or token: the signature is what authenticates them.
GATEWAY_WEBHOOK = Rule("gateway_webhook", public=True)

# Logistics: firms run readers and read points, tag goods and report events; sellers book shipments.
_LOGISTICS = frozenset({CompanyRole.OWNER, CompanyRole.LOGISTICS_OPERATOR})
LOGISTICS_OPERATOR = Rule("logistics_operator", company_roles=_LOGISTICS)
API_LOGISTICS_READ = Rule("api_logistics_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.LOGISTICS_READ)
API_LOGISTICS_WRITE = Rule("api_logistics_write", company_roles=_TRADING | _LOGISTICS, scope=Scope.LOGISTICS_WRITE)
# Readers post reads with their own device token, which the ingestion service checks.
READER_DEVICE = Rule("reader_device", public=True)

# Credit. Web pages about one's own file use ENTERPRISE_MEMBER (read), ENTERPRISE_OWNER (objections,
# repair applications, report authorisations) and ENTERPRISE_TRADER (watchlists); oversight enters
# official entries (OVERSIGHT) and operators answer objections and decide repairs (OPERATOR).
API_CREDIT_READ = Rule("api_credit_read", platform_roles=_OVERSIGHT, company_roles=_ANY_COMPANY_ROLE,
                       scope=Scope.CREDIT_READ)
API_CREDIT_WRITE = Rule("api_credit_write", company_roles=_TRADING, scope=Scope.CREDIT_WRITE)
API_CREDIT_OFFICIAL = Rule("api_credit_official", platform_roles=_OVERSIGHT, scope=Scope.CREDIT_OFFICIAL)
API_CREDIT_OPERATOR = Rule("api_credit_operator", platform_roles=frozenset({PlatformRole.OPERATOR}),
                           scope=Scope.CREDIT_OFFICIAL)

# Oversight. Regulators alone work surveillance, cases, sanctions, complaints and the transaction
# search (REGULATOR on the web); both staff roles see market dashboards, review screened listings
# and keep floors' compliance profiles (OVERSIGHT). A read-only regulator token has oversight:read.
_REGULATOR = frozenset({PlatformRole.REGULATOR})
API_REGULATOR_READ = Rule("api_regulator_read", platform_roles=_REGULATOR, scope=Scope.OVERSIGHT_READ)
API_REGULATOR_WRITE = Rule("api_regulator_write", platform_roles=_REGULATOR, scope=Scope.OVERSIGHT_WRITE)
API_OVERSIGHT_READ = Rule("api_oversight_read", platform_roles=_OVERSIGHT, scope=Scope.OVERSIGHT_READ)
API_OVERSIGHT_WRITE = Rule("api_oversight_write", platform_roles=_OVERSIGHT, scope=Scope.OVERSIGHT_WRITE)
# Complaints and reports filed by an enterprise (a buyer's complaint, a report, a respondent's answer).
API_COMPLAINTS_READ = Rule("api_complaints_read", company_roles=_ANY_COMPANY_ROLE, scope=Scope.COMPLAINTS_READ)
API_COMPLAINTS_WRITE = Rule("api_complaints_write", company_roles=_TRADING, scope=Scope.COMPLAINTS_WRITE)
