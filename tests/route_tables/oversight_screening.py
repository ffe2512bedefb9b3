"""Routes of listing screening (web pages and API) and the rule each must declare."""

RULES = {
    "oversight_screening.queue": "oversight",
    "oversight_screening.review": "oversight",
    "oversight_screening.decide": "oversight",
    "oversight_screening.rescreen": "oversight",
    "oversight_screening.terms": "oversight",
    "oversight_screening.add_term": "oversight",
    "oversight_screening.switch_term": "oversight",
    "oversight_screening.rescreen_progress": "oversight",
    "oversight_screening.listing_record": "oversight",
    "oversight_screening.record_inspection": "oversight",
    "oversight_screening.notice": "signed_in",
    "oversight_screening_api.Reviews": "api_oversight_read",
    "oversight_screening_api.Review": {"GET": "api_oversight_read", "POST": "api_oversight_write"},
    "oversight_screening_api.RescreenOne": "api_oversight_write",
    "oversight_screening_api.Terms": {"GET": "api_oversight_read", "POST": "api_oversight_write"},
    "oversight_screening_api.Term": "api_oversight_write",
    "oversight_screening_api.Rescreen": "api_oversight_read",
    "oversight_screening_api.Inspections": {"GET": "api_oversight_read", "POST": "api_oversight_write"},
    "oversight_screening_api.CatalogNotice": "api_catalog_read",
    "oversight_screening_api.FloorNotice": "api_trading_read",
}
