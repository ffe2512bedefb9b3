"""Routes of the buyer's and seller's settlement (escrow and cards) and the rule each must declare."""

RULES = {
    "escrow.settlements": "enterprise_member",
    "escrow.settlement": "enterprise_member",
    "escrow.pay": "enterprise_trader",
    "escrow.ship": "enterprise_trader",
    "escrow.confirm_delivery": "enterprise_trader",
    "escrow.accept": "enterprise_trader",
    "escrow.cancel": "enterprise_trader",
    "payments.cards": "enterprise_member",
    "payments.add_card": "enterprise_trader",
    "escrow_api.Settlements": "api_settlement_read",
    "escrow_api.OneSettlement": "api_settlement_read",
    "escrow_api.SettlementPayments": "api_settlement_write",
    "escrow_api.Shipment": "api_settlement_write",
    "escrow_api.Deliveries": "api_settlement_write",
    "escrow_api.Acceptance": "api_settlement_write",
    "escrow_api.Cancellation": "api_settlement_write",
    "payments_api.Cards": {"GET": "api_settlement_read", "POST": "api_settlement_write"},
}
