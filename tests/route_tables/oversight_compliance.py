"""Routes of floor compliance (web pages and API) and the rule each must declare."""

RULES = {
    "oversight_compliance.floors": "oversight",
    "oversight_compliance.profile": "operator",
    "oversight_compliance.save_profile": "operator",
    "oversight_compliance.apply_state_council": "operator",
    "oversight_compliance_api.FloorLints": "api_oversight_read",
    "oversight_compliance_api.FloorProfile": {"GET": "api_oversight_read", "PUT": "api_oversight_write"},
}
