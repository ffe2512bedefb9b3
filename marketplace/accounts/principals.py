"""Turn a session or a bearer token into a policy Principal (used by the permission gate)."""
from datetime import timedelta

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace import policy
from marketplace.accounts import lifecycle
from marketplace.accounts.credentials import fingerprint
from marketplace.accounts.models import ApiToken, Enterprise, Membership, User
from marketplace.database import utcnow
from marketplace.errors import Forbidden
from marketplace.extensions import db, login_manager
from marketplace.permissions import principal_from

LAST_USED_RESOLUTION = timedelta(minutes=1)


def from_session(user):
    if not user.is_authenticated:
        return None
    g.actor_public_id = user.public_id
    memberships = db.session.execute(
        select(Membership.enterprise_id, Membership.role).where(Membership.user_id == user.id)
    ).all()
    return principal_from(user.id, user.platform_role, memberships)


def from_token(request):
    """:return: the token's Principal, or None (with ``g.auth_failure`` saying why).

    An enterprise token acts for its enterprise (``g.enterprise``) in its creator's company role; a
    staff token (no enterprise) in its creator's platform role, with ``g.enterprise`` None.

    :raise Forbidden: when the token is genuine but its enterprise is not verified (e.g. suspended).
    """
    header = request.headers.get("Authorization", "")
    scheme, _sep, plain = header.partition(" ")
    if scheme.lower() != "bearer" or not plain.strip():
        g.auth_failure = _("Send an API token as 'Authorization: Bearer <token>'.")
        return None
    found = db.session.execute(
        select(ApiToken, Membership.role)
        .outerjoin(Membership, (Membership.user_id == ApiToken.user_id)
                   & (Membership.enterprise_id == ApiToken.enterprise_id))
        .options(joinedload(ApiToken.enterprise), joinedload(ApiToken.user))
        .where(ApiToken.token_hash == fingerprint(plain.strip()))
    ).first()
    if found is None:
        g.auth_failure = _("This API token is not known.")
        return None
    token, role = found
    if token.revoked_at is not None:
        g.auth_failure = _("This API token was revoked.")
        return None
    if token.enterprise_id is None:
        return _staff_principal(token)
    if role is None:
        g.auth_failure = _("The person who created this token no longer belongs to its enterprise.")
        return None
    if not lifecycle.may_trade(token.enterprise.status):
        raise Forbidden(_("%(name)s is not verified at present, so its API tokens do not work; the reason is "
                          "on its profile page.", name=token.enterprise.name_zh))
    _note_use(token)
    g.enterprise = token.enterprise
    g.actor_public_id = token.user.public_id
    return principal_from(token.user_id, None, {token.enterprise_id: role}, token.id, token.scope_list)


def _staff_principal(token):
    """A staff token acts in its person's platform role as it is now: losing the role loses the token's use,
    and a changed role keeps only the scopes the new one allows. It acts for no enterprise."""
    platform_role = token.user.platform_role
    if platform_role is None:
        g.auth_failure = _("The person who created this token is no longer a platform operator or regulator.")
        return None
    _note_use(token)
    g.enterprise = None
    g.actor_public_id = token.user.public_id
    scopes = set(token.scope_list) & policy.SCOPES_BY_PLATFORM_ROLE[policy.PlatformRole(platform_role)]
    return principal_from(token.user_id, platform_role, {}, token.id, scopes)


def _note_use(token):
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()


def enterprise_by_public_id(public_id):
    return db.session.scalar(select(Enterprise).where(Enterprise.public_id == public_id))


@login_manager.user_loader
def load_user(session_token):
    """Sessions carry the person's session token, which a password reset rotates."""
    return db.session.scalar(select(User).where(User.session_token == session_token))
