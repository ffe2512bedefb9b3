"""The query compiler alone: no engine, no database."""
from marketplace.search.query import MARK_END, MARK_START, SearchRequest, compile_search, compile_suggest, segments


def _filters(body):
    return body["query"]["bool"]["filter"]


def test_every_search_and_suggestion_sees_visible_listings_only():
    assert {"term": {"visible": True}} in _filters(compile_search(SearchRequest(text="螺纹钢")))
    assert {"term": {"visible": True}} in compile_suggest("螺纹")["query"]["bool"]["filter"]


def test_most_of_the_words_must_match():
    def needed(text):
        return compile_search(SearchRequest(text=text))["query"]["bool"]["must"][0]["bool"]["minimum_should_match"]

    assert needed("尿素") == 1
    assert needed("HRB400 螺纹钢") == 2
    assert needed("HRB400 螺纹钢 20mm") == "75%"
    assert compile_search(SearchRequest())["query"]["bool"]["must"] == [{"match_all": {}}]


def test_a_facet_counts_as_if_its_own_choice_were_not_made():
    body = compile_search(SearchRequest(region=("teda",), floor=("steel",)))

    region_filter = {"terms": {"region": ["teda"]}}
    floor_filter = {"terms": {"floor": ["steel"]}}
    assert body["post_filter"]["bool"]["filter"] == [floor_filter, region_filter]
    assert body["aggs"]["region"]["filter"]["bool"]["filter"] == [floor_filter]
    assert body["aggs"]["floor"]["filter"]["bool"]["filter"] == [region_filter]


def test_a_category_includes_its_subcategories_and_prices_compare_in_one_currency():
    body = compile_search(SearchRequest(category=("steel",), price_min=100_000))
    filters = body["post_filter"]["bool"]["filter"]

    assert {"terms": {"category_path": ["steel"]}} in filters
    assert {"bool": {"filter": [{"term": {"currency": "CNY"}}, {"range": {"price_minor": {"gte": 100_000}}}]}} in filters


def test_pages_ask_one_more_to_know_whether_a_next_one_exists_and_resume_after_a_position():
    body = compile_search(SearchRequest(size=20, sort="price_asc", after=[410_000, "lst_x"]))

    assert body["size"] == 21
    assert body["search_after"] == [410_000, "lst_x"]
    assert body["sort"][-1] == {"public_id": "asc"}


def test_highlights_become_segments_so_the_page_escapes_the_text():
    fragment = f"HRB400E {MARK_START}螺纹钢{MARK_END} <b>Φ20</b>"

    assert segments(fragment) == [("HRB400E ", False), ("螺纹钢", True), (" <b>Φ20</b>", False)]
