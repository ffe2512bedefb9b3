"""An enterprise's notifications: what changed in its counterparties' credit and its own, newest first.

Members and oversight read them; only members mark them read (a regulator looking does not make
news "read" for the firm). The navigation shows the signed-in person's unread count.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from marketplace import policy
from marketplace.notifications import services
from marketplace.permissions import requires

bp = Blueprint("notifications", __name__)
bp.add_app_template_filter(services.shown, "notification_text")


@bp.app_template_global()
def unread_notifications():
    """:return: ``(unread count over the person's enterprises, the enterprise with most unread)`` or ``(0, None)``."""
    if not current_user.is_authenticated:
        return 0, None
    unread = services.unread_by_enterprise(current_user)
    return (sum(count for _enterprise, count in unread), unread[0][0]) if unread else (0, None)


@bp.get("/enterprises/<enterprise_id>/notifications")
@requires(policy.ENTERPRISE_MEMBER)
def notifications(enterprise_id):
    """The newest notifications, unread ones marked, each with its details (a grade change's reasons)."""
    return render_template("notifications/notifications.html", enterprise=g.enterprise,
                           notifications=services.notifications_of(g.enterprise),
                           unread=services.unread_count(g.enterprise))


@bp.post("/enterprises/<enterprise_id>/notifications/read")
@requires(policy.ENTERPRISE_ANY_ROLE)
def mark_read(enterprise_id):
    """Mark the notification named in the form as read, or all of them when none is named."""
    marked = services.mark_read(current_user, g.enterprise, request.form.get("notification") or None)
    flash(ngettext("%(num)d notification marked as read.", "%(num)d notifications marked as read.", marked),
          "success")
    return redirect(url_for("notifications.notifications", enterprise_id=enterprise_id))
