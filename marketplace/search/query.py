"""A search request compiled to the Elasticsearch query DSL, and the engine's answer read back.

Pure: no Flask, no database, no transport, so every engine gets the same body and the rules
(visibility, matching as people type, facet counts) are tested without a server.
"""
from dataclasses import dataclass, field

from marketplace.search.documents import HIGHLIGHTED, SUBFIELDS, TEXT_FIELDS

# Private-use characters mark highlights, so the engine never decides how text is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_TERMS = 10
WORD_WEIGHT = 10

# Ties are broken by public_id, so ``search_after`` never skips or repeats a listing.
SORTS = {
    "relevance": [{"_score": "desc"}, {"published_at": {"order": "desc", "missing": "_last"}}, {"public_id": "asc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"public_id": "asc"}],
    "price_asc": [{"price_minor": {"order": "asc", "missing": "_last"}}, {"public_id": "asc"}],
    "price_desc": [{"price_minor": {"order": "desc", "missing": "_last"}}, {"public_id": "asc"}],
}

# Price buckets in minor units of CNY (¥1,000, ¥5,000, ¥20,000 per unit).
PRICE_CURRENCY = "CNY"
PRICE_RANGES = ((None, 100_000), (100_000, 500_000), (500_000, 2_000_000), (2_000_000, None))

# Facet name (also the request attribute) → indexed field. Choosing values of one facet keeps the
# other values of that facet countable (the counts ignore the facet's own selection).
TERM_FACETS = {"category": "category", "floor": "floor", "region": "region", "certification": "certifications"}
FLAG_FACETS = {"in_stock": "in_stock", "verified": "enterprise_verified"}


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    category: tuple = ()  # a category also matches its subcategories
    floor: tuple = ()
    region: tuple = ()
    certification: tuple = ()
    in_stock: bool = False
    verified: bool = False
    price_min: int | None = None  # minor units of PRICE_CURRENCY per unit, inclusive
    price_max: int | None = None  # exclusive
    sort: str = "relevance"
    after: list | None = None
    size: int = 20

    @property
    def terms(self):
        return self.text.split()[:MAX_TERMS]


@dataclass(frozen=True)
class Hit:
    public_id: str
    kind: str
    title_zh: str
    title_en: str
    category: str
    region: str
    enterprise_id: str
    enterprise_name_zh: str
    enterprise_name_en: str
    certifications: list
    in_stock: bool
    price_minor: int | None
    currency: str
    unit: str
    # field → [(text, matched)], so a page escapes the text and marks only what matched.
    highlights: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchPage:
    hits: list
    total: int
    facets: dict  # name → [(value, count)]; "price" → [((min, max), count)]
    next_after: list | None


def compile_search(request):
    """The body of a listing search: visible listings only, text, facet filters, sort, page."""
    body = {
        "query": {"bool": {"filter": [{"term": {"visible": True}}], "must": [_text_query(request.terms)]}},
        "post_filter": {"bool": {"filter": list(_facet_filters(request).values())}},
        "aggs": _facet_aggregations(request),
        "sort": SORTS[request.sort],
        "size": request.size + 1,  # one more tells whether there is a next page
        "track_total_hits": True,
        "highlight": {
            "pre_tags": [MARK_START], "post_tags": [MARK_END],
            "fields": {name: _highlight_options(base) for base in HIGHLIGHTED for name in _highlighted(base)},
        },
    }
    if request.after:
        body["search_after"] = request.after
    return body


def _highlighted(base):
    """The field and the subfields that keep the text's offsets (``parts`` inserts spaces, so it cannot)."""
    return (base, *(f"{base}.{sub}" for sub in SUBFIELDS[base] if sub != "parts"))


def _highlight_options(base):
    if base == "details":
        return {"fragment_size": 120, "number_of_fragments": 1}
    return {"number_of_fragments": 0}


def _text_query(terms):
    """Each word the user typed may match in any field and any analysis; most of the words must match.

    Up to two words all must match; with more, three in four will do, so one word the listing does
    not use (``HRB400 螺纹钢 20mm`` against a listing that never says 20mm) does not hide it. Every
    matched word adds a fixed ``WORD_WEIGHT`` first, so a listing matching more of the words ranks
    above one matching fewer words more often; relevance within the word orders the rest.
    """
    if not terms:
        return {"match_all": {}}
    needed = len(terms) if len(terms) <= 2 else "75%"
    words = []
    for term in terms:
        matched = _term_query(term)
        words.append({"bool": {"should": [{"constant_score": {"filter": matched, "boost": WORD_WEIGHT}}, matched]}})
    return {"bool": {"should": words, "minimum_should_match": needed}}


def _term_query(term):
    def weighted(subfield=None, factor=1):
        return [f"{name}.{subfield}^{weight * factor}" if subfield else f"{name}^{weight * factor}"
                for name, weight in TEXT_FIELDS.items() if subfield is None or subfield in SUBFIELDS[name]]

    alternatives = [
        {"multi_match": {"query": term, "fields": weighted(), "operator": "and"}},
        {"multi_match": {"query": term, "fields": weighted("parts"), "type": "phrase"}},
    ]
    if len(term) == 1:  # 钢: longer Chinese words match as bigrams, and a phrase of characters is slow
        alternatives.append({"multi_match": {"query": term, "fields": weighted("chars"), "type": "phrase"}})
    if len(term) >= 3:  # a model code being typed (HRB400 → HRB400E); shorter prefixes match too much
        alternatives.append({"multi_match": {"query": term, "fields": weighted("prefix", 0.5), "operator": "and"}})
    # The best way the word matches counts, not the sum of all the ways it matches.
    return {"dis_max": {"queries": alternatives}}


def _facet_filters(request):
    filters = {}
    for name, indexed in TERM_FACETS.items():
        chosen = getattr(request, name)
        if chosen:
            filters[name] = {"terms": {"category_path" if name == "category" else indexed: list(chosen)}}
    for name, indexed in FLAG_FACETS.items():
        if getattr(request, name):
            filters[name] = {"term": {indexed: True}}
    if request.price_min is not None or request.price_max is not None:
        bounds = {key: value for key, value in (("gte", request.price_min), ("lt", request.price_max))
                  if value is not None}
        filters["price"] = {"bool": {"filter": [{"term": {"currency": PRICE_CURRENCY}},
                                                {"range": {"price_minor": bounds}}]}}
    return filters


def _facet_aggregations(request):
    filters = _facet_filters(request)

    def others(name):
        return {"bool": {"filter": [rule for key, rule in filters.items() if key != name]}}

    aggregations = {name: {"filter": others(name), "aggs": {"values": {"terms": {"field": indexed, "size": 50}}}}
                    for name, indexed in {**TERM_FACETS, **FLAG_FACETS}.items()}
    ranges = [{"key": _range_key(low, high), **({"from": low} if low is not None else {}),
               **({"to": high} if high is not None else {})} for low, high in PRICE_RANGES]
    aggregations["price"] = {
        "filter": {"bool": {"filter": [others("price"), {"term": {"currency": PRICE_CURRENCY}}]}},
        "aggs": {"values": {"range": {"field": "price_minor", "ranges": ranges}}},
    }
    return aggregations


def _range_key(low, high):
    return f"{'' if low is None else low}-{'' if high is None else high}"


def read_search(response, request):
    """The page of hits, the total, the facet counts and the position after this page (None at the end)."""
    raw_hits = response["hits"]["hits"]
    page = raw_hits[:request.size]
    has_more = len(raw_hits) > request.size
    return SearchPage(
        hits=[_hit(raw) for raw in page],
        total=response["hits"]["total"]["value"],
        facets=_facets(response.get("aggregations", {})),
        next_after=page[-1]["sort"] if has_more and page else None,
    )


def _hit(raw):
    source = raw["_source"]
    found = raw.get("highlight", {})
    highlights = {}
    for base in HIGHLIGHTED:
        fragments = next((found[name] for name in _highlighted(base) if name in found), None)
        if fragments:
            highlights[base] = segments(fragments[0])
    return Hit(
        public_id=source["public_id"], kind=source["kind"], title_zh=source["title_zh"], title_en=source["title_en"],
        category=source["category"], region=source["region"], enterprise_id=source["enterprise_id"],
        enterprise_name_zh=source["enterprise_name_zh"], enterprise_name_en=source["enterprise_name_en"],
        certifications=source["certifications"], in_stock=source["in_stock"], price_minor=source["price_minor"],
        currency=source["currency"], unit=source["unit"], highlights=highlights,
    )


def segments(fragment):
    """``[(text, matched)]`` from a fragment marked with MARK_START/MARK_END."""
    parts = []
    for index, piece in enumerate(fragment.replace(MARK_END, MARK_START).split(MARK_START)):
        if piece:
            parts.append((piece, index % 2 == 1))
    return parts


def _facets(aggregations):
    facets = {}
    for name in (*TERM_FACETS, *FLAG_FACETS):
        buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
        facets[name] = [(bucket.get("key_as_string", bucket["key"]), bucket["doc_count"]) for bucket in buckets]
    for name in FLAG_FACETS:
        facets[name] = sum(count for value, count in facets[name] if value in ("true", True, 1))
    price_buckets = aggregations.get("price", {}).get("values", {}).get("buckets", [])
    facets["price"] = [(bounds, bucket["doc_count"]) for bounds, bucket in zip(PRICE_RANGES, price_buckets)]
    return facets


def compile_suggest(prefix, size=8):
    """Typeahead: visible listings whose title contains what was typed so far, as a phrase prefix."""
    return {
        "size": size,
        "_source": ["public_id", "title_zh", "title_en"],
        "query": {"bool": {"filter": [{"term": {"visible": True}}], "should": [
            {"match_phrase_prefix": {"title_zh.chars": prefix}},
            {"match_phrase_prefix": {"title_en.chars": prefix}},
            {"match_phrase_prefix": {"category_text.chars": prefix}},
        ], "minimum_should_match": 1}},
    }


def read_suggest(response):
    return [hit["_source"] for hit in response["hits"]["hits"]]


def compile_enterprise_search(text, size=5):
    """Verified enterprises whose name matches every word typed."""
    terms = text.split()[:MAX_TERMS]
    name_fields = {"name_zh": 1, "name_en": 1}
    must = [{"bool": {"should": [
        {"multi_match": {"query": term, "fields": list(name_fields), "operator": "and"}},
        {"multi_match": {"query": term, "fields": [f"{name}.chars" for name in name_fields], "type": "phrase"}},
    ], "minimum_should_match": 1}} for term in terms] or [{"match_all": {}}]
    return {"size": size, "query": {"bool": {"filter": [{"term": {"visible": True}}], "must": must}}}


def read_enterprises(response):
    return [hit["_source"] for hit in response["hits"]["hits"]]
