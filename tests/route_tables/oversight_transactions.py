"""Routes of transaction search and the enterprise 360 view (web pages and API) and the rule each must declare."""

RULES = {
    "oversight_transactions.search": "regulator",
    "oversight_transactions.export": "regulator",
    "oversight_transactions.finder": "regulator",
    "oversight_transactions.enterprise": "regulator",
    "oversight_transactions_api.Transactions": "api_regulator_read",
    "oversight_transactions_api.Enterprises": "api_regulator_read",
    "oversight_transactions_api.EnterpriseView": "api_regulator_read",
}
