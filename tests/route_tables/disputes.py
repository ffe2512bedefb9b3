"""Routes of marketplace/disputes and the rule each must declare."""

RULES = {
    "disputes.disputes": "enterprise_member",
    "disputes.open_dispute": "enterprise_trader",
    "disputes.dispute": "enterprise_member",
    "disputes.answer": "enterprise_trader",
    "disputes.add_evidence": "enterprise_trader",
    "disputes.evidence": "enterprise_member",
    "disputes.queue": "operator",
    "disputes.decide": "operator",
    "disputes_api.Disputes": {"GET": "api_settlement_read", "POST": "api_settlement_write"},
    "disputes_api.OneDispute": "api_settlement_read",
    "disputes_api.Answer": "api_settlement_write",
    "disputes_api.Evidence": "api_settlement_write",
    "disputes_api.EvidenceFile": "api_settlement_read",
}
