"""Translated names for the platform's codes (roles, statuses, kinds, regions, scopes).

Codes are stored and sent over the API in English; people read them in their own language. One
table per family keeps every page and form naming a code the same way.
"""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from marketplace import policy
from marketplace.accounts import lifecycle

_FAMILIES = {
    "role": {
        policy.CompanyRole.OWNER: _l("Owner"),
        policy.CompanyRole.TRADER: _l("Trader"),
        policy.CompanyRole.LOGISTICS_OPERATOR: _l("Logistics operator"),
        policy.CompanyRole.VIEWER: _l("Viewer"),
    },
    "platform_role": {
        policy.PlatformRole.OPERATOR: _l("Platform operator"),
        policy.PlatformRole.REGULATOR: _l("Regulator"),
    },
    "status": {
        lifecycle.EnterpriseStatus.PENDING: _l("Pending verification"),
        lifecycle.EnterpriseStatus.VERIFIED: _l("Verified"),
        lifecycle.EnterpriseStatus.SUSPENDED: _l("Suspended"),
    },
    "kind": {
        lifecycle.EnterpriseKind.SUPPLIER: _l("Supplier"),
        lifecycle.EnterpriseKind.BUYER: _l("Buyer"),
        lifecycle.EnterpriseKind.LOGISTICS: _l("Logistics"),
        lifecycle.EnterpriseKind.SERVICE_PROVIDER: _l("R&D and service provider"),
    },
    "region": {
        "teda": _l("Tianjin Economic-Technological Development Area (TEDA)"),
        "free_trade_zone": _l("Tianjin Port Free Trade Zone"),
        "dongjiang_port": _l("Dongjiang Port Area"),
        "tianjin_port": _l("Tianjin Port"),
        "lingang": _l("Lingang Economic Zone"),
        "nangang": _l("Nangang Industrial Zone"),
        "eco_city": _l("Sino-Singapore Tianjin Eco-City"),
        "high_tech_zone": _l("Binhai High-tech Zone"),
        "central_business_district": _l("Yujiapu Central Business District"),
        "tanggu": _l("Tanggu"),
        "hangu": _l("Hangu"),
        "dagang": _l("Dagang"),
    },
    "scope": {
        policy.Scope.ENTERPRISE_READ: _l("Read the enterprise profile"),
        policy.Scope.MEMBERS_READ: _l("Read the member list"),
        policy.Scope.MEMBERS_WRITE: _l("Invite and manage members"),
        policy.Scope.CATALOG_READ: _l("Read listings"),
        policy.Scope.CATALOG_WRITE: _l("Create and change listings"),
        policy.Scope.SOURCING_READ: _l("Read inquiries, RFQs and quotes"),
        policy.Scope.SOURCING_WRITE: _l("Send inquiries, RFQs and quotes"),
        policy.Scope.ORDERS_READ: _l("Read orders"),
        policy.Scope.ORDERS_WRITE: _l("Place and manage orders"),
        policy.Scope.BOOKINGS_READ: _l("Read bookings"),
        policy.Scope.BOOKINGS_WRITE: _l("Book shared resources"),
        policy.Scope.TRADING_READ: _l("Read floor orders, auctions and contracts"),
        policy.Scope.TRADING_WRITE: _l("Place floor orders, bids and lots"),
        policy.Scope.SETTLEMENT_READ: _l("Read payments, escrow, disputes and documents"),
        policy.Scope.SETTLEMENT_WRITE: _l("Pay, ship, confirm delivery and open disputes"),
        policy.Scope.CREDIT_READ: _l("Read credit files, grades, objections and repairs"),
        policy.Scope.CREDIT_WRITE: _l("File objections and repair applications, manage watchlists"),
        policy.Scope.CREDIT_OFFICIAL: _l("Enter and import official entries, answer objections, decide repairs"),
    },
}

# Forms offer the codes in the order the domain defines them, not alphabetically.
_ORDER = {
    "role": tuple(policy.CompanyRole),
    "status": tuple(lifecycle.EnterpriseStatus),
    "kind": tuple(lifecycle.EnterpriseKind),
    "region": lifecycle.REGIONS,
    "scope": tuple(policy.Scope),
}

# The operator's buttons, named for the move they make.
_DECISIONS = {
    (lifecycle.EnterpriseStatus.PENDING, lifecycle.EnterpriseStatus.VERIFIED): _l("Verify"),
    (lifecycle.EnterpriseStatus.PENDING, lifecycle.EnterpriseStatus.SUSPENDED): _l("Reject and suspend"),
    (lifecycle.EnterpriseStatus.VERIFIED, lifecycle.EnterpriseStatus.SUSPENDED): _l("Suspend"),
    (lifecycle.EnterpriseStatus.SUSPENDED, lifecycle.EnterpriseStatus.VERIFIED): _l("Reinstate"),
}


def register(family, names, order=None):
    """Let a domain add its own code family (units, listing states, …) from its own labels module."""
    _FAMILIES[family] = names
    _ORDER[family] = tuple(order if order is not None else names)


def label(code, family):
    """The reader's name for ``code``; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return ""
    return _FAMILIES[family].get(code, code)


def choices(family, allowed=None):
    """``(code, name)`` pairs for a select or checkboxes, limited to ``allowed`` when given."""
    return [(code, label(code, family)) for code in _ORDER[family] if allowed is None or code in allowed]


def enterprise_name(enterprise):
    """The enterprise's name in the reader's language (the Chinese name when no English one is given)."""
    return enterprise.display_name(get_locale())


def decisions(status):
    """``(target, button name)`` for every move the lifecycle allows from ``status``."""
    return [(target, _DECISIONS.get((current, target), label(target, "status")))
            for current, target in lifecycle.MOVES if current == status]
