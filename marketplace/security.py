"""Request ids and the security headers every response carries."""
import re
import uuid

from flask import current_app, g, request

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def assign_request_id():
    """Keep a caller's well-formed ``X-Request-ID`` (so logs join up across services), else make one."""
    supplied = request.headers.get("X-Request-ID", "")
    g.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex


def add_headers(response):
    if not g.get("request_id"):  # an earlier before_request hook (the rate limit) answered first
        assign_request_id()
    headers = response.headers
    headers["X-Request-ID"] = g.request_id
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if g.get("principal") is not None and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response
