"""How party and link codes read on pages; pages write ``party.role|label("party_role")``."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.oversight.groups import linking

ROLES = {
    "legal_representative": _l("Legal representative"),
    "shareholder": _l("Shareholder"),
    "director": _l("Director"),
    "supervisor": _l("Supervisor"),
}
PARTY_KINDS = {"person": _l("Person"), "enterprise": _l("Enterprise")}
LINK_KINDS = {
    "legal_representative": _l("Same legal representative"),
    "controlling_shareholder": _l("Controlling shareholder in common"),
    "controls": _l("Controlling shareholder of the other"),
    "settlement_account": _l("Shared settlement account"),
    "address": _l("Shared address"),
    "phone": _l("Shared phone"),
    "person": _l("Person in common"),
}

labels.register("party_role", ROLES)
labels.register("party_kind", PARTY_KINDS)
labels.register("group_link", LINK_KINDS, order=linking.STRONG_KINDS + linking.RELATED_KINDS)
