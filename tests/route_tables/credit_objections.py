"""Routes of credit objections and repair (web pages and API) and the rule each must declare."""

RULES = {
    "credit_objections.objections": "enterprise_member",
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
}
