"""Routes of logistics tagging and the rule each must declare."""

RULES = {
    "tagging.tagging": "enterprise_member",
    "tagging.unit": "enterprise_member",
    "tagging.record_prefix": "enterprise_trader",
    "tagging.commission": "logistics_operator",
    "tagging.pack": "logistics_operator",
    "tagging.unpack": "logistics_operator",
    "tagging.process": "logistics_operator",
    "tagging_api.Prefixes": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "tagging_api.Commissionings": "api_logistics_write",
    "tagging_api.Packings": "api_logistics_write",
    "tagging_api.Unpackings": "api_logistics_write",
    "tagging_api.Transformations": "api_logistics_write",
    "tagging_api.Units": "api_logistics_read",
}
