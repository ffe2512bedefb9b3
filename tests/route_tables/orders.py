"""Routes of the orders domain and the rule each must declare."""

RULES = {
    "orders.orders": "enterprise_member",
    "orders.new": "enterprise_trader",
    "orders.buy": "enterprise_trader",
    "orders.order": "enterprise_member",
    "orders.confirm": "enterprise_trader",
    "orders.cancel": "enterprise_trader",
}
RULES |= {
    "orders_api.Orders": {"GET": "api_orders_read", "POST": "api_orders_write"},
    "orders_api.OneOrder": "api_orders_read",
    "orders_api.ConfirmOrder": "api_orders_write",
    "orders_api.CancelOrder": "api_orders_write",
}
