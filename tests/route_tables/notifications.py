"""Routes of in-app notifications (web pages and API) and the rule each must declare."""

RULES = {
    "notifications.notifications": "enterprise_member",
    "notifications.mark_read": "enterprise_any_role",
    "notifications_api.Notifications": "api_enterprise_read",
}
