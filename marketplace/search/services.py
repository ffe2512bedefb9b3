"""Search use cases for the page, the API and the commands; all raise ``SearchUnavailable`` when the engine is down."""
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from marketplace.catalog.models import Category
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.money import Money
from marketplace.search import indexer, query
from marketplace.search.backend import SearchUnavailable
from marketplace.search.documents import ENTERPRISES, LISTINGS


def backend():
    """:raise SearchUnavailable: in a process that has no engine (a command without ELASTICSEARCH_URL)."""
    found = current_app.extensions.get("search")
    if found is None:
        raise SearchUnavailable("no search engine in this process: set ELASTICSEARCH_URL")
    return found


def request_from(args):
    """A SearchRequest from SearchQuerySchema values. :raise InvalidInput: for a cursor we did not issue."""
    return query.SearchRequest(
        text=args["q"].strip(), category=tuple(args["category"]), floor=tuple(args["floor"]),
        region=tuple(args["region"]), certification=tuple(args["certification"]), in_stock=args["in_stock"],
        verified=args["verified"], price_min=_minor(args["price_min"]), price_max=_minor(args["price_max"]),
        sort=args["sort"], size=args["limit"], after=_position(args["cursor"], args["sort"]),
    )


def _minor(amount):
    return None if amount is None else Money.of(amount, query.PRICE_CURRENCY).minor


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="search-cursor")


def _position(cursor, sort):
    if not cursor:
        return None
    try:
        position = _serializer().loads(cursor)
    except BadSignature:
        position = None
    if not isinstance(position, dict) or position.get("sort") != sort:
        raise InvalidInput(_("The cursor is not valid."), {"cursor": [_("Use next_cursor from a previous page.")]})
    return position["after"]


def search_listings(request):
    """A page of visible listings with facet counts and ``next_cursor`` (None on the last page)."""
    page = query.read_search(backend().search(LISTINGS, query.compile_search(request)), request)
    cursor = _serializer().dumps({"sort": request.sort, "after": page.next_after}) if page.next_after else None
    return page, cursor


def suggest(prefix, limit=8):
    """Titles of visible listings that contain what was typed so far."""
    return query.read_suggest(backend().search(LISTINGS, query.compile_suggest(prefix, limit)))


def find_enterprises(text, limit=5):
    return query.read_enterprises(backend().search(ENTERPRISES, query.compile_enterprise_search(text, limit)))


def category_names(locale):
    """Category code → its name in ``locale``; floors are named by their top-level category."""
    english = locale.startswith("en")
    return {category.code: (category.name_en if english else category.name_zh)
            for category in db.session.scalars(select(Category))}


def drain():
    """Index what changed since the last drain. :return: the number of outbox events consumed."""
    return indexer.drain(backend())


def reindex(progress=None):
    """Rebuild both indexes from the database behind their aliases; searches keep answering meanwhile."""
    indexer.reindex(backend(), progress)


def rows_to_index():
    return indexer.rows_to_index()
