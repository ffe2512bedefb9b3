"""Routes of marketplace/payouts and the rule each must declare."""

RULES = {
    "payouts.payouts": "enterprise_member",
    "payouts.account": "enterprise_owner",
    "payouts.save_account": "enterprise_owner",
    "payouts.operator": "operator",
    "payouts.start": "operator",
    "payouts.batch": "operator",
    "payouts.batch_csv": "operator",
    "payouts.batch_pdf": "operator",
    "payouts.mark_paid": "operator",
    "payouts.mark_returned": "operator",
    "payouts_api.Payouts": "api_settlement_read",
    "payouts_api.Account": {"GET": "api_settlement_read", "PUT": "api_settlement_write"},
}
