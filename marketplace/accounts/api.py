"""``/api/v1`` for enterprises and members. A token always acts for its own enterprise (``g.enterprise``)."""
from flask import g
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace import policy
from marketplace.accounts import lifecycle, services
from marketplace.accounts.models import Enterprise, EnterpriseKind, Membership, User
from marketplace.accounts.schemas import (
    DirectoryQuery, EnterpriseSchema, InvitationInSchema, InvitationSchema, MemberSchema, PrivateEnterpriseSchema,
)
from marketplace.api import (
    IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate,
)
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires

blp = api_blueprint("accounts_api", __name__,
                    "The calling token's enterprise, its members, and the directory of verified enterprises.")


@blp.route("/enterprise")
class OwnEnterprise(MethodView):
    @requires(policy.API_ENTERPRISE_READ)
    @blp.response(200, PrivateEnterpriseSchema)
    def get(self):
        """The enterprise this token acts for."""
        return g.enterprise


@blp.route("/enterprise/members")
class Members(MethodView):
    @requires(policy.API_MEMBERS_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(MemberSchema))
    def get(self, limit, cursor):
        """People of this token's enterprise, oldest membership first."""
        statement = select(Membership).join(User).where(Membership.enterprise_id == g.enterprise.id)
        page = paginate(db.session, statement, Membership.id, limit, cursor)
        return page, 200, link_header(page)


@blp.route("/enterprise/invitations")
class Invitations(MethodView):
    @requires(policy.API_MEMBERS_WRITE)
    @idempotent
    @blp.arguments(InvitationInSchema)
    @blp.response(201, InvitationSchema)
    @blp.alt_response(422, schema=ProblemSchema,
                      description="Invalid input, a member already, or an Idempotency-Key reused with another body")
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Invite a person by email. Send an Idempotency-Key header so that a retry never sends two invitations."""
        inviter = db.session.get(User, g.principal.user_id)
        invitation, _secret = services.invite_member(inviter, g.enterprise, data["email"], data["role"])
        return invitation


@blp.route("/enterprises")
class Directory(MethodView):
    @requires(policy.API_ENTERPRISE_READ)
    @blp.arguments(DirectoryQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(EnterpriseSchema))
    def get(self, limit, cursor, region=None, kind=None):
        """Verified enterprises, filtered by region and kind."""
        statement = select(Enterprise).where(Enterprise.status == lifecycle.EnterpriseStatus.VERIFIED)
        if region:
            statement = statement.where(Enterprise.region == region)
        if kind:
            statement = statement.where(Enterprise.kinds.any(EnterpriseKind.kind == kind))
        page = paginate(db.session, statement, Enterprise.id, limit, cursor)
        return page, 200, link_header(page)


@blp.route("/enterprises/<public_id>")
class OneEnterprise(MethodView):
    @requires(policy.API_ENTERPRISE_READ)
    @blp.response(200, EnterpriseSchema)
    def get(self, public_id):
        """A verified enterprise's public profile (your own enterprise in any status)."""
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.public_id == public_id))
        if enterprise is None:
            raise NotFound(_("No such enterprise."))
        return services.visible_enterprise(g.principal, enterprise)
