"""How sanction codes read on pages and in answers; pages write ``sanction.kind|label("sanction_kind")``."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.oversight.sanctions import rules

KINDS = {
    rules.WARNING: _l("Warning"),
    rules.LISTING_REMOVAL: _l("Listing removal"),
    rules.TRADING_SUSPENSION: _l("Trading suspension"),
    rules.ESCROW_HOLD: _l("Escrow hold"),
    rules.TERMINATION: _l("Termination"),
}
STATUSES = {
    rules.PROPOSED: _l("Proposed, awaiting approval"),
    rules.APPROVED: _l("Approved"),
    rules.REJECTED: _l("Rejected"),
    rules.LIFTED: _l("Lifted"),
    rules.EXPIRED: _l("Expired"),
}
# What the credit entry is titled, in the official file's language (entries are kept in Chinese).
ENTRY_TITLES = {
    rules.WARNING: "警告",
    rules.LISTING_REMOVAL: "下架商品",
    rules.TRADING_SUSPENSION: "暂停交易",
    rules.ESCROW_HOLD: "暂停资金结算",
    rules.TERMINATION: "终止交易资格",
}

labels.register("sanction_kind", KINDS, order=rules.KINDS)
labels.register("sanction_status", STATUSES, order=rules.STATUSES + (rules.EXPIRED,))
