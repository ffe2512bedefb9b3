"""The one gate every request passes: find the route's Rule, identify the caller, decide.

A route without a declared rule is refused (and the route-table test fails), so forgetting a
rule can never open a page by accident.
"""
from types import MappingProxyType

from flask import abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from marketplace import policy
from marketplace.errors import problem, wants_problem

# Endpoints registered by libraries, which cannot carry our decorator.
LIBRARY_ENDPOINTS = {
    "static": policy.PUBLIC,
    "api-docs.openapi_json": policy.PUBLIC,
}

ENTERPRISE_ARG = "enterprise_id"


def requires(rule):
    """Declare what a view needs; the gate reads it before the view runs."""

    def mark(view):
        view.required_rule = rule
        return view

    return mark


def rule_for(endpoint, method):
    """:return: the Rule of ``endpoint`` for ``method``, or None when none was declared."""
    if endpoint in LIBRARY_ENDPOINTS:
        return LIBRARY_ENDPOINTS[endpoint]
    view = current_app.view_functions[endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, method.lower(), None)
        if view is None and method == "HEAD":
            view = getattr(view_class, "get", None)
    return getattr(view, "required_rule", None)


def enforce():
    """``before_request``: refuse unless the route's rule allows the caller.

    :raise 404: when the enterprise named in the URL does not exist.
    """
    from marketplace.accounts import principals

    if request.endpoint is None or request.method == "OPTIONS":
        return None
    rule = rule_for(request.endpoint, request.method)
    if rule is None:
        current_app.logger.error("route %s declares no permission rule; refused", request.endpoint)
        abort(403)
    api = wants_problem()
    principal = principals.from_token(request) if api else principals.from_session(current_user)
    g.principal = principal
    if principal is not None:
        g.principal_key = f"token:{principal.token_id}" if principal.token_id else f"user:{principal.user_id}"
    enterprise_id = None
    if api and principal is not None:
        enterprise_id = g.enterprise.id if g.enterprise is not None else None  # None: a staff token
    elif request.view_args and ENTERPRISE_ARG in request.view_args:
        g.enterprise = principals.enterprise_by_public_id(request.view_args[ENTERPRISE_ARG])
        if g.enterprise is None:
            abort(404)
        enterprise_id = g.enterprise.id
    decision = rule.decide(principal, enterprise_id)
    if decision is policy.Decision.ALLOW:
        return None
    if decision is policy.Decision.UNAUTHENTICATED:
        if api:
            return problem(401, "Unauthorized", g.get("auth_failure") or "A valid API token is required.",
                           headers={"WWW-Authenticate": 'Bearer realm="binhai"'})
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def principal_from(user_id, platform_role, memberships, token_id=None, scopes=()):
    return policy.Principal(
        user_id=user_id,
        platform_role=policy.PlatformRole(platform_role) if platform_role else None,
        memberships=MappingProxyType(dict(memberships)),
        token_id=token_id,
        scopes=frozenset(scopes),
    )
