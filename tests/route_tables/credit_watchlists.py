"""Routes of credit watchlists and webhooks (web pages and API) and the rule each must declare."""

RULES = {
    "credit_watchlists.watchlist": "enterprise_member",
    "credit_watchlists.follow": "enterprise_trader",
    "credit_watchlists.unfollow": "enterprise_trader",
    "credit_watchlists.webhooks": "enterprise_owner",
    "credit_watchlists.register_webhook": "enterprise_owner",
    "credit_watchlists.retire_webhook": "enterprise_owner",
    "credit_watchlists_api.Watchlist": {"GET": "api_credit_read", "POST": "api_credit_write"},
    "credit_watchlists_api.FollowedEnterprise": "api_credit_write",
    "credit_watchlists_api.Webhooks": "api_credit_write",
    "credit_watchlists_api.Webhook": "api_credit_write",
    "credit_watchlists_api.Deliveries": "api_credit_write",
}
# A watchlist belongs to an enterprise: a staff token (acting for none) passes the read rule but is refused.
STAFF_REFUSED = {"credit_watchlists_api.Watchlist"}
