"""How the credit file's codes read on pages and in answers (stored codes, translated labels).

Registered with the platform's label families, so pages write ``entry.kind|label("credit_entry_kind")``.
"""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

ENTRY_KINDS = {
    "licence": _l("Administrative licence"),
    "penalty": _l("Administrative penalty"),
    "abnormal_operations": _l("Abnormal operations list"),
    "serious_dishonesty": _l("Serious illegal and dishonest list"),
    "dishonest_debtor": _l("Dishonest judgment debtor"),
    "tax_grade": _l("Tax credit grade"),
    "customs_category": _l("Customs credit category"),
}

SEVERITIES = {"minor": _l("Minor (轻微)"), "general": _l("General (一般)"), "serious": _l("Serious (严重)")}

TAX_GRADES = ("A", "B", "M", "C", "D")

# The customs enterprise credit categories, stored as codes.
CUSTOMS_CATEGORIES = {
    "advanced_certified": _l("Advanced certified enterprise (高级认证企业)"),
    "general_credit": _l("Other registered enterprise, general credit (其他注册登记和备案企业（一般信用）)"),
    "dishonest": _l("Dishonest enterprise (失信企业)"),
}

FACT_KINDS = {
    "payment_due": _l("Payment due"),
    "payment_made": _l("Payment made"),
    "delivery_due": _l("Delivery due"),
    "delivery_made": _l("Delivery made"),
    "dispute_opened": _l("Dispute opened"),
    "dispute_won": _l("Dispute decided in its favour"),
    "dispute_lost": _l("Dispute lost"),
    "cancellation_by_fault": _l("Deal cancelled by it"),
    "complaint_upheld": _l("Complaint upheld"),
    "sanction": _l("Sanction"),
    "settled": _l("Money settled"),
    "withdrawn": _l("Fact withdrawn"),
}

STEPS = {
    "recorded": _l("Recorded"),
    "contested": _l("Contested by the enterprise"),
    "corrected": _l("Corrected"),
    "removed": _l("Removed after an objection"),
    "kept": _l("Kept after an objection"),
    "repaired": _l("Credit repaired"),
    "repair_refused": _l("Repair refused"),
}

STATES = {
    "pending": _l("Not yet in force"),
    "public": _l("Public"),
    "expired": _l("Publicity period over"),
    "ended": _l("Ended"),
    "repaired": _l("Repaired"),
    "removed": _l("Taken off the list"),
}

labels.register("credit_entry_kind", ENTRY_KINDS)
labels.register("credit_severity", SEVERITIES)
labels.register("credit_customs_category", CUSTOMS_CATEGORIES)
labels.register("credit_fact_kind", FACT_KINDS)
labels.register("credit_entry_step", STEPS)
labels.register("credit_entry_state", STATES)
