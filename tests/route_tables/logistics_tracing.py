"""Routes of logistics tracing and the rule each must declare."""

RULES = {
    "tracing.trace": "signed_in",
    "tracing.export": "oversight",
    "tracing.qr": "public",
    "tracing.item": "public",
    "tracing.lot": "public",
    "tracing.sscc": "public",
    "tracing_api.Trace": "api_logistics_read",
}
