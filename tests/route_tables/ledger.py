"""Routes of the ledger (an enterprise's balances and statement, the platform's books) and their rules."""

RULES = {
    "ledger.enterprise_ledger": "enterprise_member",
    "ledger.platform": "oversight",
    "ledger.reconcile": "operator",
    "ledger_api.Balances": "api_settlement_read",
    "ledger_api.Entries": "api_settlement_read",
}
