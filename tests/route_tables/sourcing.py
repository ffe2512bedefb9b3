"""Routes of the sourcing domain and the rule each must declare."""

RULES = {
    "sourcing.rfqs": "enterprise_member",
    "sourcing.rfqs_for_you": "enterprise_member",
    "sourcing.new_rfq": "enterprise_trader",
    "sourcing.rfq": "enterprise_member",
    "sourcing.quote_rfq": "enterprise_trader",
    "sourcing.accept_quote": "enterprise_trader",
    "sourcing.withdraw_quote": "enterprise_trader",
    "sourcing.inquiries": "enterprise_member",
    "sourcing.new_inquiry": "enterprise_trader",
    "sourcing.send_inquiry": "enterprise_trader",
    "sourcing.inquiry": "enterprise_member",
    "sourcing.reply": "enterprise_trader",
    "sourcing.quote_inquiry": "enterprise_trader",
}
RULES |= {
    "sourcing_api.Rfqs": {"GET": "api_sourcing_read", "POST": "api_sourcing_write"},
    "sourcing_api.RfqsForYou": "api_sourcing_read",
    "sourcing_api.OneRfq": "api_sourcing_read",
    "sourcing_api.Comparison": "api_sourcing_read",
    "sourcing_api.QuoteOnRfq": "api_sourcing_write",
    "sourcing_api.WithdrawQuote": "api_sourcing_write",
    "sourcing_api.AcceptQuote": "api_sourcing_write",
    "sourcing_api.Inquiries": {"GET": "api_sourcing_read", "POST": "api_sourcing_write"},
    "sourcing_api.OneInquiry": "api_sourcing_read",
    "sourcing_api.Reply": "api_sourcing_write",
    "sourcing_api.QuoteOnInquiry": "api_sourcing_write",
}
