"""``/api/v1/notifications``: what the token's enterprise was told (credit news of its own and of those it
follows), newest first, in the language of the request's ``Accept-Language``."""
from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import select

from marketplace import policy
from marketplace.api import PageQuery, api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.notifications.services import shown
from marketplace.permissions import requires

blp = api_blueprint("notifications_api", __name__, "In-app notifications of the token's enterprise.")


class NotificationSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "ntf_7k2m9q4r8t1v3x5z6w0b"})
    topic = fields.String(metadata={"example": "credit.grade_changed"})
    message = fields.Function(lambda notification: shown(notification.message))
    details = fields.Function(lambda notification: [shown(detail) for detail in notification.details],
                              metadata={"description": "Further lines, e.g. a grade change's reasons"})
    link = fields.String(metadata={"description": "The page about it on the site (a path)"})
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


@blp.route("/notifications")
class Notifications(MethodView):
    @requires(policy.API_ENTERPRISE_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(NotificationSchema))
    def get(self, limit, cursor):
        """The enterprise's notifications, newest first."""
        page = paginate(db.session, select(Notification).where(Notification.enterprise_id == g.enterprise.id),
                        Notification.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)
