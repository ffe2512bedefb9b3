"""What the index holds: index definitions, and listings and enterprises turned into documents.

Pure: no Flask, no database; the indexer loads the rows and passes them in. Every row becomes a
document, visible or not (``visible`` is filtered at query time), so a listing that is paused or
whose enterprise is suspended is simply rewritten with a higher version, never deleted and resurrected.
"""
from marketplace.accounts.lifecycle import EnterpriseStatus
from marketplace.catalog.lifecycle import ListingStatus

LISTINGS = "listings"
ENTERPRISES = "enterprises"

# Chinese is searched as bigrams (螺纹钢 → 螺纹 纹钢) on the main field. osmem-server leaves the
# unigrams of cjk_bigram out of its index, so ``chars`` (one token per character, matched as a
# phrase) finds one-character queries and exact substrings on every engine alike. ``parts`` splits
# numbers from letters (Φ20mm → φ 20 mm) and ``prefix`` holds edge n-grams (HRB400 finds HRB400E).
_ANALYSIS = {
    "char_filter": {
        "split_numbers": {"type": "pattern_replace", "pattern": "(\\d)(\\pL)|(\\pL)(\\d)", "replacement": "$1$3 $2$4"},
    },
    "filter": {
        "zh_bigrams": {"type": "cjk_bigram", "output_unigrams": True},
        "en_stems": {"type": "porter_stem"},
        "prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    },
    "analyzer": {
        "words": {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "zh_bigrams", "en_stems"]},
        "chars": {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase"]},
        "parts": {"type": "custom", "tokenizer": "standard", "char_filter": ["split_numbers"],
                  "filter": ["cjk_width", "lowercase"]},
        "prefixes": {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "prefixes"]},
    },
}

_CHARS = {"type": "text", "analyzer": "chars"}
_PARTS = {"type": "text", "analyzer": "parts"}
_PREFIX = {"type": "text", "analyzer": "prefixes", "search_analyzer": "chars"}
# Every subfield costs indexing time (osmem-server indexes about 600 documents a second with all of
# them), so each field has only those its text needs: model codes and sizes live in titles and
# attributes, category words are whole words.
_TITLE = {"type": "text", "analyzer": "words", "fields": {"chars": _CHARS, "parts": _PARTS, "prefix": _PREFIX}}
_CATEGORY_WORDS = {"type": "text", "analyzer": "words", "fields": {"chars": _CHARS}}
_DETAILS = {"type": "text", "analyzer": "words", "fields": {"chars": _CHARS, "parts": _PARTS}}
_NAME = {"type": "text", "analyzer": "words", "fields": {"chars": _CHARS}}
_KEYWORD = {"type": "keyword"}

# Text fields a query matches, with their weight and subfields: the title counts most, then the
# words of the category (names and the synonyms people type), then everything else.
TEXT_FIELDS = {"title_zh": 3, "title_en": 3, "category_text": 2, "details": 1}
SUBFIELDS = {"title_zh": ("chars", "parts", "prefix"), "title_en": ("chars", "parts", "prefix"),
             "category_text": ("chars",), "details": ("chars", "parts")}
HIGHLIGHTED = ("title_zh", "title_en", "details")

LISTING_INDEX = {
    "settings": {"analysis": _ANALYSIS},
    "mappings": {"dynamic": "strict", "properties": {
        "public_id": _KEYWORD, "kind": _KEYWORD, "visible": {"type": "boolean"},
        "title_zh": _TITLE, "title_en": _TITLE, "category_text": _CATEGORY_WORDS, "details": _DETAILS,
        "category": _KEYWORD, "category_path": _KEYWORD, "floor": _KEYWORD, "region": _KEYWORD,
        "certifications": _KEYWORD, "enterprise_id": _KEYWORD, "enterprise_name_zh": _KEYWORD,
        "enterprise_name_en": _KEYWORD, "enterprise_verified": {"type": "boolean"}, "in_stock": {"type": "boolean"},
        "price_minor": {"type": "long"}, "currency": _KEYWORD, "unit": _KEYWORD,
        "published_at": {"type": "date"},
    }},
}

ENTERPRISE_INDEX = {
    "settings": {"analysis": _ANALYSIS},
    "mappings": {"dynamic": "strict", "properties": {
        "public_id": _KEYWORD, "visible": {"type": "boolean"}, "name_zh": _NAME, "name_en": _NAME,
        "region": _KEYWORD, "kinds": _KEYWORD,
    }},
}

DEFINITIONS = {LISTINGS: LISTING_INDEX, ENTERPRISES: ENTERPRISE_INDEX}

# Attribute names end with their unit (diameter_mm), so 20mm, 20 mm and Φ20 all find diameter 20.
_UNIT_SUFFIXES = ("_mm", "_m", "_t", "_kg")


def listing_version(listing):
    """Both counters only grow, so their sum grows whenever the listing or its enterprise changes."""
    return listing.version + listing.enterprise.version


def listing_document(listing, category_path):
    """``(id, version, source)`` for ``listing``; ``category_path`` runs from the root category to its own."""
    enterprise = listing.enterprise
    verified = enterprise.status == EnterpriseStatus.VERIFIED
    prices = [tier.unit_price_minor for tier in listing.price_tiers]
    source = {
        "public_id": listing.public_id,
        "kind": listing.kind,
        "visible": verified and listing.status == ListingStatus.PUBLISHED,
        "title_zh": listing.title_zh,
        "title_en": listing.title_en,
        "category_text": " ".join(f"{c.name_zh} {c.name_en} {c.keywords}" for c in category_path),
        "details": " ".join(part for part in (
            listing.description_zh, listing.description_en, _attribute_text(listing.attributes), listing.origin,
            " ".join(listing.certifications), listing.service_scope, listing.location,
            enterprise.name_zh, enterprise.name_en) if part),
        "category": category_path[-1].code,
        "category_path": [category.code for category in category_path],
        "floor": category_path[-1].floor,
        "region": enterprise.region,
        "certifications": list(listing.certifications),
        "enterprise_id": enterprise.public_id,
        "enterprise_name_zh": enterprise.name_zh,
        "enterprise_name_en": enterprise.name_en,
        "enterprise_verified": verified,
        "in_stock": listing.stock is None or listing.stock >= listing.min_order_quantity,
        "price_minor": min(prices) if prices else None,
        "currency": listing.currency,
        "unit": listing.unit,
        "published_at": listing.published_at.isoformat() if listing.published_at else None,
    }
    return listing.public_id, listing_version(listing), source


def _attribute_text(attributes):
    words = []
    for name, value in sorted((attributes or {}).items()):
        values = value if isinstance(value, list) else [value]
        for one in values:
            words.append(str(one))
            suffix = next((s for s in _UNIT_SUFFIXES if name.endswith(s)), None)
            if suffix:
                words.append(f"{one}{suffix[1:]}")
    return " ".join(words)


def enterprise_document(enterprise):
    return enterprise.public_id, enterprise.version, {
        "public_id": enterprise.public_id,
        "visible": enterprise.status == EnterpriseStatus.VERIFIED,
        "name_zh": enterprise.name_zh,
        "name_en": enterprise.name_en,
        "region": enterprise.region,
        "kinds": enterprise.kind_names,
    }
