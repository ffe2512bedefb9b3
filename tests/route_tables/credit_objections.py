"""Routes of credit objections and repair (web pages and API) and the rule each must declare."""

RULES = {
    "credit_objections.enterprise_objections": "enterprise_member",
    "credit_objections.enterprise_repairs": "enterprise_member",
    "credit_objections.file_objection": "enterprise_owner",
    "credit_objections.apply_for_repair": "enterprise_owner",
    "credit_objections.evidence": "enterprise_member",
    "credit_objections.objection_queue": "oversight",
    "credit_objections.repair_queue": "oversight",
    "credit_objections.objection": "oversight",
    "credit_objections.answer_objection": "operator",
    "credit_objections.repair": "oversight",
    "credit_objections.decide_repair": "operator",
    "credit_objections.oversight_evidence": "oversight",
    "credit_objections_api.Objections": {"GET": "api_credit_read", "POST": "api_credit_write"},
    "credit_objections_api.OneObjection": "api_credit_read",
    "credit_objections_api.ObjectionAnswer": "api_credit_operator",
    "credit_objections_api.Repairs": {"GET": "api_credit_read", "POST": "api_credit_write"},
    "credit_objections_api.OneRepair": "api_credit_read",
    "credit_objections_api.RepairDecision": "api_credit_operator",
    "credit_objections_api.EvidenceFile": "api_credit_read",
}
