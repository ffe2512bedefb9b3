"""Routes of enterprise parties (web page and API) and the rule each must declare."""

RULES = {
    "oversight_groups.parties": "enterprise_member",
    "oversight_groups.register_party": "enterprise_owner",
    "oversight_groups.end_party": "enterprise_owner",
    "oversight_groups_api.Parties": {"GET": "api_enterprise_read", "POST": "api_members_write"},
    "oversight_groups_api.EndParty": "api_members_write",
}
