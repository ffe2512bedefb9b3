"""Names of floor compliance's codes: trading mechanisms, profile bases and lint rules."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.oversight.compliance.profile import (
    CENTRALISED_CONTINUOUS, HOLDER_CAP, HOLDING_INTERVAL, LINT_RULES, MECHANISMS,
)

labels.register("trading_mechanism", {
    "continuous": _l("continuous matching"),
    "call_auction": _l("call auction"),
    "listed_price": _l("listed price"),
    "auction": _l("auctions and tenders"),
    "negotiated": _l("negotiated"),
}, MECHANISMS)
labels.register("compliance_basis", {
    "state_council_spot": _l("State Council rules for spot venues"),
    "custom": _l("Custom"),
    "none": _l("No profile (everything allowed)"),
})
labels.register("compliance_lint_rule", {
    CENTRALISED_CONTINUOUS: _l("Centralised continuous trading of standardised contracts"),
    HOLDING_INTERVAL: _l("Minimum holding interval below T+5"),
    HOLDER_CAP: _l("No cap of 200 holders per instrument"),
}, LINT_RULES)
