"""``/api/v1/search``: listing search with facets and ``search_after`` cursors, and typeahead."""
from flask.views import MethodView
from flask_babel import gettext as _
from markupsafe import escape

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.errors import DomainError
from marketplace.money import Money
from marketplace.permissions import requires
from marketplace.search import services
from marketplace.search.backend import SearchUnavailable
from marketplace.search.schemas import SearchPageSchema, SearchQuerySchema, SuggestionsSchema, SuggestQuerySchema

blp = api_blueprint("search_api", __name__, "Search published listings of verified enterprises, in Chinese or English.")


class Unavailable(DomainError):
    status = 503


def _unavailable():
    return Unavailable(_("Search is unavailable at the moment. Please try again in a few minutes."))


@blp.route("/search")
class Search(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.arguments(SearchQuerySchema, location="query")
    @blp.response(200, SearchPageSchema)
    @blp.alt_response(503, schema=ProblemSchema, description="The search engine is down; nothing else is")
    def get(self, args):
        """Listings matching ``q``, filtered by facets, sorted, one page at a time (``next_cursor``)."""
        try:
            page, cursor = services.search_listings(services.request_from(args))
        except SearchUnavailable:
            raise _unavailable() from None
        return {"items": [_hit(hit) for hit in page.hits], "total": page.total, "facets": _facets(page.facets),
                "next_cursor": cursor}


@blp.route("/search/suggest")
class Suggest(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.arguments(SuggestQuerySchema, location="query")
    @blp.response(200, SuggestionsSchema)
    @blp.alt_response(503, schema=ProblemSchema, description="The search engine is down")
    def get(self, args):
        """Typeahead: titles of listings containing what was typed so far."""
        try:
            return {"items": services.suggest(args["q"], args["limit"])}
        except SearchUnavailable:
            raise _unavailable() from None


def _price(minor, currency, unit):
    return None if minor is None else {"amount": str(Money(minor, currency).amount), "currency": currency, "unit": unit}


def _hit(hit):
    return {
        "public_id": hit.public_id, "kind": hit.kind, "title_zh": hit.title_zh, "title_en": hit.title_en,
        "category": hit.category, "region": hit.region, "certifications": hit.certifications,
        "in_stock": hit.in_stock, "price": _price(hit.price_minor, hit.currency, hit.unit),
        "enterprise": {"public_id": hit.enterprise_id, "name_zh": hit.enterprise_name_zh,
                       "name_en": hit.enterprise_name_en},
        "highlights": {name: "".join(f"<mark>{escape(text)}</mark>" if matched else str(escape(text))
                                     for text, matched in parts) for name, parts in hit.highlights.items()},
    }


def _facets(facets):
    shaped = {name: [{"value": value, "count": count} for value, count in facets[name]]
              for name in ("category", "floor", "region", "certification")}
    shaped["price"] = [{"min": _amount(low), "max": _amount(high), "count": count}
                       for (low, high), count in facets["price"]]
    return shaped | {"in_stock": facets["in_stock"], "verified": facets["verified"]}


def _amount(minor):
    return None if minor is None else str(Money(minor, "CNY").amount)
