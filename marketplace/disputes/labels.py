"""Translated names of dispute reasons, states and decisions, and the words of each refusal."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.disputes.rules import Decision, DisputeStatus, Party, Reason

labels.register("dispute_reason", {
    Reason.QUALITY: _l("Quality below the contract"),
    Reason.QUANTITY: _l("Quantity short"),
    Reason.NOT_DELIVERED: _l("Goods not delivered"),
    Reason.WRONG_GOODS: _l("Wrong goods"),
    Reason.DAMAGED: _l("Goods damaged"),
    Reason.OTHER: _l("Other"),
}, tuple(Reason))

labels.register("dispute_status", {
    DisputeStatus.OPEN: _l("Open, waiting for the seller's answer"),
    DisputeStatus.ANSWERED: _l("Answered, waiting for the operator"),
    DisputeStatus.DECIDED: _l("Decided"),
}, tuple(DisputeStatus))

labels.register("dispute_decision", {
    Decision.RELEASE: _l("Release to the seller"),
    Decision.REFUND: _l("Refund the buyer"),
    Decision.SPLIT: _l("Split between them"),
}, tuple(Decision))

labels.register("dispute_party", {Party.BUYER: _l("Buyer"), Party.SELLER: _l("Seller")}, tuple(Party))

# Refusals of the pure rules, by code; ``%(…)s`` parts are filled in by ``refusal``.
_REFUSALS = {
    "unknown_reason": _l("Choose one of the reasons."),
    "goods_not_arrived": _l("The goods have not arrived yet: until they do, a dispute can only say that they were "
                            "not delivered."),
    "already_disputed": _l("This deal already has an open dispute."),
    "not_disputable": _l("A dispute can be opened once the goods are shipped and until the inspection window of a "
                         "delivery ends; this deal is “%(status)s”."),
    "window_closed": _l("The inspection window has closed: every delivery of this deal was inspected, so it can no "
                        "longer be disputed."),
    "unknown_decision": _l("Choose release, refund or split."),
    "split_needs_amount": _l("A split needs the amount to refund to the buyer."),
    "split_out_of_range": _l("A split refunds more than nothing and less than the %(held)s held; to refund all or "
                             "nothing, choose refund or release."),
    "too_many_files": _l("Each side may add at most %(n)s files to a dispute."),
    "empty": _l("The file “%(name)s” is empty."),
    "too_large": _l("The file “%(name)s” is larger than %(mb)s MB."),
    "wrong_type": _l("“%(name)s” is not a JPEG, PNG or WebP picture, a PDF or a plain text file. Files are judged "
                     "by their content, not by their name."),
}


def refusal(code, **params):
    """The reader's words for a rule's refusal ``code``."""
    return str(_REFUSALS[code]) % params if params else str(_REFUSALS[code])
