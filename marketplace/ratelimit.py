"""Who a rate limit counts against: the API token when there is one, else the client address."""
from flask import g, request


def client_key():
    principal = g.get("principal")
    if principal is not None and principal.token_id is not None:
        return f"token:{principal.token_id}"
    return f"addr:{request.remote_addr}"
