"""Routes of oversight sanctions (web pages and API) and the rule each must declare."""

RULES = {
    "oversight_sanctions.sanctions": "regulator",
    "oversight_sanctions.new": "regulator",
    "oversight_sanctions.sanction": "regulator",
    "oversight_sanctions.approve": "regulator",
    "oversight_sanctions.reject": "regulator",
    "oversight_sanctions.lift": "regulator",
    "oversight_sanctions_api.Sanctions": {"GET": "api_regulator_read", "POST": "api_regulator_write"},
    "oversight_sanctions_api.OneSanction": "api_regulator_read",
    "oversight_sanctions_api.Approval": "api_regulator_write",
    "oversight_sanctions_api.Rejection": "api_regulator_write",
    "oversight_sanctions_api.Lifting": "api_regulator_write",
}
