"""Regulators' reads and exports: the access log of non-public data, and reports made off the request path."""
from flask import g, has_request_context, request

from marketplace.database import transaction, utcnow
from marketplace.oversight.exports.models import OversightAccess


def log_access(view, subject=None, query=None, channel=None):
    """Record that the current regulator (or operator) read non-public data; joins the caller's transaction
    when there is one.

    ``view`` names what was read (e.g. "enterprise_360"), ``subject`` whom it was about (a public id),
    ``query`` the filters used. Outside a staff request it records nothing.
    """
    principal = g.get("principal") if has_request_context() else None
    if principal is None or principal.platform_role is None:
        return
    if channel is None:
        channel = "api" if principal.token_id is not None else "web"
    with transaction() as session:
        session.add(OversightAccess(user_id=principal.user_id, token_id=principal.token_id, channel=channel,
                                    view=view, subject=subject,
                                    query=dict(query if query is not None else request.args.to_dict()),
                                    at=utcnow()))
