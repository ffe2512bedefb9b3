"""Routes of the search domain and the rule each must declare."""

RULES = {
    "search.page": "public",
    "search.suggest": "public",
    "search_api.Search": "api_catalog_read",
    "search_api.Suggest": "api_catalog_read",
}
