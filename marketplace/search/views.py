"""The search page: a query box, facets with counts as links, results with highlights, next page.

Works without JavaScript. When the engine is down the page says so with 503; nothing else on the
site depends on the engine (listing pages read the database).
"""
from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import format_currency, get_locale
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from marketplace import policy
from marketplace.accounts import labels
from marketplace.errors import InvalidInput
from marketplace.i18n import in_reader_language
from marketplace.money import Money
from marketplace.permissions import requires
from marketplace.search import init_app, services
from marketplace.search.backend import SearchUnavailable
from marketplace.search.query import SORTS
from marketplace.search.schemas import SearchQuerySchema

bp = Blueprint("search", __name__)
bp.record_once(lambda state: init_app(state.app))

_LISTS = ("category", "floor", "region", "certification")


@bp.get("/search")
@requires(policy.PUBLIC)
def page():
    """Listings for the words typed and the facets chosen; a filter that does not validate is dropped."""
    args, dropped = _arguments(request.args)
    try:
        try:
            found, cursor = services.search_listings(services.request_from(args))
        except InvalidInput:
            dropped, args["cursor"] = sorted(dropped + ["cursor"]), None
            found, cursor = services.search_listings(services.request_from(args))
        enterprises = services.find_enterprises(args["q"]) if args["q"].strip() and not args["cursor"] else []
    except SearchUnavailable:
        return render_template("search/unavailable.html", q=args["q"]), 503
    return render_template(
        "search/results.html", args=args, found=found, enterprises=enterprises, dropped=dropped,
        next_url=_link(cursor=cursor) if cursor else None, facets=_facet_options(found.facets, args),
        sorts=[(name, _link(sort=name), name == args["sort"]) for name in SORTS], price_text=_price_text,
        title=in_reader_language,
    )


@bp.get("/search/suggest")
@requires(policy.PUBLIC)
def suggest():
    """Typeahead for the header's search box: listing titles in the reader's language, as JSON.

    When the engine is down the list is simply empty; typing must never show an error.
    """
    typed = request.args.get("q", "").strip()[:100]
    try:
        found = services.suggest(typed, 8) if typed else []
    except SearchUnavailable:
        found = []
    return jsonify(items=[in_reader_language(item["title_zh"], item["title_en"]) for item in found])


def _arguments(query_args):
    """Parsed search arguments; invalid ones are left out (and named) rather than refusing the page."""
    raw = {key: query_args.getlist(key) if key in _LISTS else query_args.get(key)
           for key in SearchQuerySchema().fields if key in query_args}
    try:
        return SearchQuerySchema().load(raw), []
    except ValidationError as error:
        dropped = sorted(error.messages)
        return SearchQuerySchema().load({k: v for k, v in raw.items() if k not in error.messages}), dropped


def _link(**changes):
    """This search with ``changes`` (a value None removes the argument); a new filter starts at page one."""
    args = MultiDict(request.args)
    args.pop("cursor", None)
    for key, value in changes.items():
        args.pop(key, None)
        if value is not None:
            args.setlist(key, value if isinstance(value, list) else [value])
    return url_for("search.page", **args.to_dict(flat=False))


def _facet_options(facets, args):
    """Per facet: (value, label, count, chosen, link that toggles it)."""
    names = services.category_names(str(get_locale()))
    label_of = {"category": lambda code: names.get(code, code), "floor": lambda code: names.get(code, code),
                "region": lambda code: labels.label(code, "region"), "certification": str}
    options = {}
    for name in _LISTS:
        chosen = args[name]
        options[name] = [
            (value, label_of[name](value), count, value in chosen,
             _link(**{name: [v for v in chosen if v != value] if value in chosen else chosen + [value]}))
            for value, count in facets[name]]
    for name in ("in_stock", "verified"):
        options[name] = (facets[name], args[name], _link(**{name: None if args[name] else "true"}))
    options["price"] = [
        (low, high, count, _is_price(args, low, high),
         _link(price_min=None, price_max=None) if _is_price(args, low, high)
         else _link(price_min=_yuan(low), price_max=_yuan(high)))
        for (low, high), count in facets["price"]]
    return options


def _yuan(minor):
    return None if minor is None else str(Money(minor, "CNY").amount)


def _is_price(args, low, high):
    chosen = tuple(None if v is None else Money.of(v, "CNY").minor for v in (args["price_min"], args["price_max"]))
    return chosen == (low, high)


def _price_text(minor, currency):
    return format_currency(Money(minor, currency).amount, currency)
