"""Routes of in-app notifications and the rule each must declare."""

RULES = {
    "notifications.notifications": "enterprise_member",
    "notifications.mark_read": "enterprise_any_role",
}
