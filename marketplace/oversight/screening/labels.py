"""Names of screening's stored codes: the lists, a screening's status, listing kinds, inspection results."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

labels.register("screening_list", {
    "banned_goods": _l("Banned goods"),
    "absolute_terms": _l("Absolute advertising terms"),
    "hazardous_chemicals": _l("Hazardous chemicals"),
})
labels.register("screening_status", {
    "passed": _l("Passed"),
    "flagged": _l("Waiting for review"),
    "cleared": _l("Cleared"),
    "rejected": _l("Rejected"),
})
labels.register("screening_listing_kind", {"catalog": _l("Catalog listing"), "floor": _l("Floor listing")})
labels.register("screening_field", {
    "title": _l("Title"), "description": _l("Description"), "attributes": _l("Attributes"),
    "service_scope": _l("Service scope"), "spec": _l("Lot specification"), "delivery_terms": _l("Delivery terms"),
    "cas_number": _l("CAS number"),
})
labels.register("inspection_result", {"pass": _l("Pass"), "fail": _l("Fail")})
