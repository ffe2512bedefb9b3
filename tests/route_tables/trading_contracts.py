"""Routes of trading/contracts and the rule each must declare."""

RULES = {
    "contracts.contracts": "enterprise_member",
    "contracts.contract": "enterprise_member",
    "contracts_api.Contracts": "api_trading_read",
    "contracts_api.OneContract": "api_trading_read",
}
