"""Translated names of RFQ, quote and inquiry states."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from marketplace.accounts import labels
from marketplace.catalog.labels import category_name
from marketplace.sourcing.lifecycle import InquiryStatus, QuoteStatus, RfqStatus

labels.register("rfq_status", {
    RfqStatus.OPEN: _l("Open for quotes"),
    RfqStatus.AWARDED: _l("Awarded"),
}, tuple(RfqStatus))
labels.register("quote_status", {
    QuoteStatus.SUBMITTED: _l("Submitted"),
    QuoteStatus.WITHDRAWN: _l("Withdrawn"),
    QuoteStatus.ACCEPTED: _l("Accepted"),
    QuoteStatus.REJECTED: _l("Not chosen"),
}, tuple(QuoteStatus))
labels.register("inquiry_status", {
    InquiryStatus.OPEN: _l("Open"),
    InquiryStatus.ORDERED: _l("Ordered"),
}, tuple(InquiryStatus))



def category_choices(tree):
    """``(code, name)`` for a select from the category tree; children are indented under their parent."""
    return [SelectChoice(category.code, prefix + category_name(category))
            for parent in tree for prefix, category in [("", parent), *(("— ", c) for c in parent.children)]]
