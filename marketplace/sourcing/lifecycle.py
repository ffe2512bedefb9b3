"""States of RFQs, quotes and inquiries, and the one rule on when a quote may still be taken up."""
import enum


class RfqStatus(enum.StrEnum):
    OPEN = "open"
    AWARDED = "awarded"


class QuoteStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class InquiryStatus(enum.StrEnum):
    OPEN = "open"
    ORDERED = "ordered"


def quote_is_live(status, valid_until, now):
    """A quote binds its supplier while submitted and within its validity; only such a quote is accepted."""
    return QuoteStatus(status) is QuoteStatus.SUBMITTED and valid_until >= now


def taking_quotes(status, deadline, now):
    """Suppliers quote on an open RFQ strictly before its deadline."""
    return RfqStatus(status) is RfqStatus.OPEN and now < deadline
