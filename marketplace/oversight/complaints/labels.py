"""Translated names of complaint kinds, categories, statuses, steps, outcomes and clocks."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.oversight.complaints.flow import Action, Outcome, Status

labels.register("complaint_kind", {"complaint": _l("Complaint"), "report": _l("Report of a violation")})

labels.register("complaint_subject", {
    "enterprise": _l("An enterprise"), "listing": _l("A listing"), "order": _l("An order"),
    "contract": _l("A contract"),
})

labels.register("complaint_category", {
    "product_quality": _l("Product quality"),
    "false_advertising": _l("False or misleading advertising"),
    "contract_breach": _l("Breach of contract"),
    "delivery": _l("Delivery and logistics"),
    "pricing": _l("Prices and charges"),
    "fraud": _l("Fraud or fake transactions"),
    "unlicensed": _l("Trading without a licence"),
    "other": _l("Something else"),
})

labels.register("complaint_status", {
    Status.SUBMITTED: _l("Waiting to be accepted"),
    Status.ACCEPTED: _l("Accepted for handling"),
    Status.REFUSED: _l("Not accepted"),
    Status.MEDIATING: _l("In mediation"),
    Status.MEDIATION_FAILED: _l("Mediation failed"),
    Status.INVESTIGATING: _l("Under investigation"),
    Status.CLOSED: _l("Closed by the regulator"),
}, tuple(Status))

labels.register("complaint_action", {
    Action.ACCEPT: _l("Accept"),
    Action.REFUSE: _l("Refuse to accept"),
    Action.MEDIATE: _l("Start mediation"),
    Action.MEDIATION_AGREED: _l("Mediation agreed: close"),
    Action.MEDIATION_FAILED: _l("Mediation failed"),
    Action.TELL_PARTIES: _l("Tell both parties mediation failed"),
    Action.INVESTIGATE: _l("Investigate"),
    Action.EXTEND: _l("Extend verification once"),
    Action.OPEN_CASE: _l("Violation found: open a case"),
    Action.NO_CASE: _l("No case"),
    Action.TELL_REPORTER: _l("Tell the reporter"),
    Action.CLOSE: _l("Close with an outcome"),
}, tuple(Action))

labels.register("complaint_step", {
    "filed": _l("Filed with the regulator"),
    "mediation_lapsed": _l("Mediation ended: 45 working days without agreement"),
    "respondent_answer": _l("The respondent's statement"),
    Action.ACCEPT: _l("Accepted for handling"), Action.REFUSE: _l("Not accepted"),
    Action.MEDIATE: _l("Mediation started"),
    Action.MEDIATION_AGREED: _l("Mediation agreed"), Action.MEDIATION_FAILED: _l("Mediation failed"),
    Action.TELL_PARTIES: _l("Both parties told"), Action.INVESTIGATE: _l("Investigation started"),
    Action.EXTEND: _l("Verification extended"), Action.OPEN_CASE: _l("Case opened"),
    Action.NO_CASE: _l("No case opened"), Action.TELL_REPORTER: _l("Reporter told"),
    Action.CLOSE: _l("Closed by the regulator"),
})

labels.register("complaint_outcome", {
    Outcome.AGREED: _l("Agreed in mediation"),
    Outcome.UPHELD: _l("Upheld"),
    Outcome.NOT_UPHELD: _l("Not upheld"),
    Outcome.NO_AGREEMENT: _l("No agreement"),
    Outcome.REFUSED: _l("Not accepted"),
}, tuple(Outcome))

labels.register("complaint_clock", {
    "accept": _l("Accept or refuse"),
    "mediation": _l("Mediation"),
    "tell_parties": _l("Tell both parties"),
    "verify": _l("Verify the violation"),
    "tell_reporter": _l("Tell the reporter"),
})
