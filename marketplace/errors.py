"""Domain errors, and one place that turns any error into a page or an ``application/problem+json`` body."""
import logging

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from marketplace.extensions import db

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    """A use case refused: nothing was written. ``status`` is the HTTP status the caller gets."""

    status = 409

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class InvalidInput(DomainError):
    """Input that passed the schema but breaks a rule; ``errors`` maps field names to messages."""

    status = 422


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


def problem(status, title, detail=None, errors=None, headers=None):
    """The single error body of the API (RFC 9457), with ``errors`` per field when input was bad."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    if g.get("request_id"):
        body["request_id"] = g.request_id
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM_JSON
    response.headers.update(headers or {})
    return response


def wants_problem():
    return request.path.startswith("/api/")


def _field_errors(data):
    """Flatten webargs' ``{"json": {"field": [...]}}`` to ``{"field": [...]}``."""
    messages = (data or {}).get("errors") or (data or {}).get("messages") or {}
    if len(messages) == 1 and next(iter(messages)) in {"json", "query", "form", "headers", "files"}:
        return next(iter(messages.values()))
    return messages


def handle_http_exception(error):
    if wants_problem():
        data = getattr(error, "data", None) or {}
        errors = _field_errors(data)
        detail = data.get("message") or (_("Some fields are not valid.") if errors else error.description)
        headers = dict(data.get("headers") or {})
        if getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)
        return problem(error.code, error.name, detail, errors, headers)
    if error.code in (403, 404, 413, 429, 500):
        return render_template(f"errors/{error.code}.html", error=error), error.code
    return error


def handle_domain_error(error):
    if wants_problem():
        return problem(error.status, HTTP_STATUS_CODES.get(error.status, "Error"), error.message, error.errors)
    return render_template("errors/domain.html", error=error), error.status


def handle_unexpected(error):
    """Log, roll back whatever the request half did, and answer without leaking internals."""
    log.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return handle_http_exception(InternalServerError())


def register(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)
