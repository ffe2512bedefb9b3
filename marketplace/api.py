"""The ``/api/v1`` shell: OpenAPI from marshmallow schemas, problem+json errors, cursor pagination.

Pagination convention for every list: ``?limit=1..100&cursor=…``; the body is
``{"items": [...], "next_cursor": "…" | null}`` and a ``Link: <…>; rel="next"`` header is sent
when there is more. Cursors are opaque and signed, so a client cannot forge a position.
"""
from flask import Blueprint, current_app, render_template, request, url_for
from flask_smorest import Api
from flask_smorest import Blueprint as ApiBlueprint
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import Schema, fields, validate

from marketplace.errors import InvalidInput
from marketplace.extensions import limiter
from marketplace.permissions import requires
from marketplace.policy import PUBLIC

AUTH_SCHEME = {"type": "http", "scheme": "bearer", "description": "An API token created on the enterprise's API tokens page"}


class ProblemSchema(Schema):
    """RFC 9457 problem details, with per-field messages under ``errors``."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Unprocessable Entity"})
    status = fields.Integer(metadata={"example": 422})
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    request_id = fields.String()


IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 255},
    "description": "Any unique string per intended change. A retry with the same key and body gets the first "
                   "answer (header Idempotent-Replayed: true); the same key with another body gets 422.",
}


class PlatformApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """Errors are rendered app-wide by ``marketplace.errors``, for pages and API alike."""


api = PlatformApi(spec_kwargs={
    "info": {"description": __doc__},
    "components": {"securitySchemes": {"bearerAuth": AUTH_SCHEME}},
    "security": [{"bearerAuth": []}],
})


def api_blueprint(name, import_name, description):
    """A ``/api/v1`` blueprint whose every call counts against the caller's API rate limit."""
    blueprint = ApiBlueprint(name, import_name, url_prefix="/api/v1", description=description)
    limiter.limit(lambda: current_app.config["RATELIMIT_API"])(blueprint)
    return blueprint


docs = Blueprint("api_docs", __name__)


@docs.get("/api/v1/docs")
@requires(PUBLIC)
def page():
    """Interactive API reference (Swagger UI from npm, started by a static script under our CSP)."""
    return render_template("api/docs.html")


class PageQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None)


def page_of(item_schema):
    """A response schema ``{"items": [...], "next_cursor": …}`` for ``item_schema``."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "next_cursor": fields.String(allow_none=True)},
        name=f"{item_schema.__name__.removesuffix('Schema')}Page",
    )


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="api-cursor")


def paginate(session, statement, key_column, limit, cursor, newest_first=False):
    """Keyset pagination on a unique, ascending ``key_column``; stable while rows are added.

    ``newest_first`` walks downwards (latest contracts first); new rows then never shift a page
    being walked either. :raise InvalidInput: for a cursor that was not issued by us.
    """
    if cursor:
        try:
            after = _serializer().loads(cursor)
        except BadSignature:
            raise InvalidInput("The cursor is not valid.", {"cursor": ["Use next_cursor from a previous page."]}) from None
        statement = statement.where(key_column < after if newest_first else key_column > after)
    order = key_column.desc() if newest_first else key_column
    rows = session.scalars(statement.order_by(order).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _serializer().dumps(getattr(rows[-1], key_column.key)) if has_more else None
    return {"items": rows, "next_cursor": next_cursor}


def link_header(page):
    """``Link: <…>; rel="next"`` for a page from ``paginate``, or no header on the last page."""
    if page["next_cursor"] is None:
        return {}
    args = {**request.args.to_dict(), "cursor": page["next_cursor"]}
    return {"Link": f'<{url_for(request.endpoint, _external=True, **request.view_args, **args)}>; rel="next"'}
