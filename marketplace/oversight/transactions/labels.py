"""How transaction kinds read on pages; pages write ``row.kind|label("transaction_kind")``."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.oversight.transactions import filters

KINDS = {
    "floor_order": _l("Floor orders"),
    "trade": _l("Trades"),
    "contract": _l("Contracts"),
    "catalog_order": _l("Catalog orders"),
    "payment": _l("Payments"),
    "shipment": _l("Shipments"),
}

labels.register("transaction_kind", KINDS, order=filters.KINDS)
