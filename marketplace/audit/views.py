"""The oversight console's audit log: who did what to which enterprise, and proof nothing was altered."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from marketplace import policy
from marketplace.accounts.forms import AuditFilterForm
from marketplace.audit import services
from marketplace.audit.chain import Problem
from marketplace.permissions import requires

bp = Blueprint("audit", __name__, url_prefix="/oversight")

PAGE_SIZE = 50


@bp.get("/audit")
@requires(policy.OVERSIGHT)
def log():
    """Newest first, one page at a time; ``?verify=1`` also walks the whole hash chain."""
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        form = AuditFilterForm(formdata=None)
    records = services.recent(enterprise=form.enterprise.data or None, action=form.action.data or None,
                              before_sequence=form.before.data, limit=PAGE_SIZE)
    breaks = services.verify() if request.args.get("verify") == "1" else None
    older = records[-1].sequence if len(records) == PAGE_SIZE else None
    return render_template("audit/log.html", form=form, records=records, breaks=breaks, older=older,
                           describe=describe)


def describe(found):
    """A chain break in the reader's language."""
    if found.problem is Problem.MISSING:
        return _("Records %(first)d to %(last)d are missing.", first=found.sequence, last=found.last_missing)
    return {
        Problem.UNLINKED: _("Record %(sequence)d does not follow the record before it.", sequence=found.sequence),
        Problem.ALTERED: _("Record %(sequence)d differs from what was recorded.", sequence=found.sequence),
        Problem.TRUNCATED: _("The chain does not reach record %(sequence)d, the newest one recorded.",
                             sequence=found.sequence),
    }[found.problem]
