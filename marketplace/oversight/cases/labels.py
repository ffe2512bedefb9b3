"""How case codes read on pages: ``case.status|label("case_status")``, ``step.step|label("case_step")``."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

STATUSES = {"open": _l("Open"), "investigating": _l("Under investigation"), "escalated": _l("Escalated"),
            "closed": _l("Closed"), "dismissed": _l("Dismissed")}
STEPS = {"alert_filed": _l("Alert filed"), "opened": _l("Case opened"), "joined": _l("Joined by a new request"),
         "reopened": _l("Reopened"), "assigned": _l("Assigned"), "noted": _l("Note"),
         "deadline_set": _l("Deadline set"), "escalated": _l("Escalated"), "dismissed": _l("Dismissed"),
         "closed": _l("Closed"), "evidence_exported": _l("Evidence package exported"),
         "sanction_proposed": _l("Sanction proposed")}
PACKAGE_STATUSES = {"pending": _l("Being prepared"), "ready": _l("Ready"), "failed": _l("Failed")}

labels.register("case_status", STATUSES)
labels.register("case_step", STEPS)
labels.register("evidence_package_status", PACKAGE_STATUSES)
