"""Routes of EPCIS 2.0 capture and query (API) and the enterprise's event pages, and the rule each declares."""

RULES = {
    "epcis.events": "enterprise_member",
    "epcis.event": "enterprise_member",
    "epcis.captures": "enterprise_member",
    "epcis.capture": "logistics_operator",
    "epcis_api.Captures": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "epcis_api.OneCapture": "api_logistics_read",
    "epcis_api.Events": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "epcis_api.OneEvent": "api_logistics_read",
}
