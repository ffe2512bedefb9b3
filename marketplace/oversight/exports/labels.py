"""How the export and access-log pages name stored codes: report kinds, export states, channels."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

KINDS = {"period_report": _l("Period report of a floor"), "seller_identity": _l("Seller identity report"),
         "complaint_statistics": _l("Complaint statistics")}

labels.register("oversight_export_kind", KINDS)
labels.register("oversight_export_status", {"pending": _l("Being prepared"), "ready": _l("Ready"),
                                            "failed": _l("Failed")})
labels.register("oversight_channel", {"web": _l("Web page"), "api": _l("API"), "export": _l("Export")})
