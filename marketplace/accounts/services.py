"""Account use cases. Each public function is one transaction and writes its audit record in it."""
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as NumberError

from marketplace import policy
from marketplace.accounts import lifecycle
from marketplace.accounts.credentials import fingerprint, new_api_token, new_secret
from marketplace.accounts.models import (
    ApiToken, Enterprise, EnterpriseKind, EnterpriseStatusChange, Invitation, Membership, PasswordReset, User,
)
from marketplace.accounts.passwords import MIN_LENGTH, check_password, hash_password, waste_time_like_a_check
from marketplace.audit.services import record
from marketplace.database import lock_for_update, new_public_id, transaction, utcnow
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.mail import send_after_commit
from marketplace.outbox import emit


class EnterpriseNotVerified(DomainError):
    status = 403


def normalise_email(email):
    return email.strip().lower()


def _check_password_strength(password, field="password"):
    if len(password) < MIN_LENGTH:
        raise InvalidInput(_("The password is too short."),
                           {field: [_("Use at least %(n)d characters.", n=MIN_LENGTH)]})


# --- people ---------------------------------------------------------------------------------------

def sign_up(email, display_name, password, locale=None):
    """Create a person. :raise InvalidInput: for a used email or a weak password; nothing is stored then."""
    email = normalise_email(email)
    _check_password_strength(password)
    with transaction() as session:
        if session.scalar(select(User.id).where(User.email == email)):
            raise InvalidInput(_("An account with this email already exists."),
                               {"email": [_("This email is already registered; log in or reset the password.")]})
        user = User(email=email, display_name=display_name.strip(), password_hash=hash_password(password),
                    preferred_locale=locale)
        session.add(user)
        session.flush()
        record("user.signed_up", actor=user.public_id, target=user.public_id, after={"email": email})
    return user


def authenticate(email, password):
    """:return: the User, or None for an unknown email or a wrong password (same answer, same time)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        waste_time_like_a_check()
        return None
    return user if check_password(user.password_hash, password) else None


def request_password_reset(email):
    """Mail a one-time link if the email is known; say nothing either way, so accounts cannot be probed."""
    with transaction() as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            return
        plain, digest = new_secret()
        hours = current_app.config["PASSWORD_RESET_HOURS"]
        session.add(PasswordReset(user_id=user.id, token_hash=digest, expires_at=utcnow() + timedelta(hours=hours)))
        record("user.password_reset_requested", actor=user.public_id, target=user.public_id)
        link = url_for("auth.reset_password", token=plain, _external=True)
        send_after_commit(user.email, _("Reset your Binhai Marketplace password"),
                          _("Open this link within %(hours)d hours to choose a new password:\n%(link)s\n\n"
                            "If you did not ask for it, ignore this mail.", hours=hours, link=link))


def reset_password(token, new_password):
    """Set a new password with a valid, unused link; every old session of the person ends."""
    _check_password_strength(new_password)
    with transaction() as session:
        reset = session.scalar(lock_for_update(select(PasswordReset).where(
            PasswordReset.token_hash == fingerprint(token))))
        if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
            raise InvalidInput(_("This reset link is invalid, used or expired; ask for a new one."))
        reset.used_at = utcnow()
        user = reset.user
        user.password_hash = hash_password(new_password)
        user.session_token = new_public_id("ses")
        record("user.password_reset", actor=user.public_id, target=user.public_id)
        return user


def set_locale(user, locale):
    with transaction():
        user.preferred_locale = locale


# --- enterprises ----------------------------------------------------------------------------------

def validate_credit_code(code):
    """:return: the normalised 18-character code. :raise InvalidInput: naming what is wrong with it."""
    try:
        return uscc.validate(code)
    except NumberError as error:
        reasons = {
            "InvalidLength": _("A unified social credit code has exactly 18 characters."),
            "InvalidFormat": _("The first 8 characters are digits; the rest are digits or capital letters "
                               "other than I, O, S, V and Z."),
            "InvalidChecksum": _("The check character (the 18th) does not match; please check the code."),
        }
        message = reasons.get(type(error).__name__, _("This is not a valid unified social credit code."))
        raise InvalidInput(message, {"credit_code": [message]}) from None


PROFILE_FIELDS = ("name_zh", "name_en", "region", "address", "contact_name", "contact_phone", "contact_email")


def _profile(enterprise):
    return {field: getattr(enterprise, field) for field in PROFILE_FIELDS} | {"kinds": enterprise.kind_names}


def _check_profile(fields):
    errors = {}
    if fields.get("region") not in lifecycle.REGIONS:
        errors["region"] = [_("Choose a region of the Binhai New Area.")]
    kinds = fields.get("kinds") or []
    if not kinds or any(kind not in set(lifecycle.EnterpriseKind) for kind in kinds):
        errors["kinds"] = [_("Choose at least one kind of business.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)


def _announce_change(enterprise, is_new=False):
    """Tell the search index (and later consumers) that the enterprise changed, in this transaction."""
    if not is_new:
        enterprise.version += 1
    emit("enterprise.changed", "enterprise", enterprise.public_id, enterprise.version)


def register_enterprise(user, credit_code, kinds, **profile):
    """Register an enterprise as pending; the person registering becomes its owner."""
    code = validate_credit_code(credit_code)
    _check_profile(profile | {"kinds": kinds})
    with transaction() as session:
        if session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)):
            raise InvalidInput(_("This credit code is already registered."),
                               {"credit_code": [_("An enterprise with this code is already registered; "
                                                  "ask its owner to invite you.")]})
        enterprise = Enterprise(credit_code=code, status=lifecycle.EnterpriseStatus.PENDING,
                                kinds=[EnterpriseKind(kind=k) for k in sorted(set(kinds))], **profile)
        session.add(enterprise)
        session.add(Membership(user=user, enterprise=enterprise, role=policy.CompanyRole.OWNER))
        session.flush()
        record("enterprise.registered", actor=user.public_id, enterprise=enterprise.public_id,
               target=enterprise.public_id, after=_profile(enterprise) | {"credit_code": code})
        _announce_change(enterprise, is_new=True)
    return enterprise


def update_enterprise_profile(user, enterprise, kinds, **profile):
    _check_profile(profile | {"kinds": kinds})
    with transaction() as session:
        before = _profile(enterprise)
        for field in PROFILE_FIELDS:
            setattr(enterprise, field, profile[field])
        enterprise.kinds = [EnterpriseKind(kind=k) for k in sorted(set(kinds))]
        session.flush()
        after = _profile(enterprise)
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            _announce_change(enterprise)
            record("enterprise.profile_changed", actor=user.public_id, enterprise=enterprise.public_id,
                   target=enterprise.public_id, before={k: before[k] for k in changed},
                   after={k: after[k] for k in changed})
    return enterprise


def change_enterprise_status(operator, enterprise_public_id, target, reason=None):
    """Operator verification: pending → verified → suspended (reason required) → verified."""
    with transaction() as session:
        enterprise = session.scalar(lock_for_update(
            select(Enterprise).where(Enterprise.public_id == enterprise_public_id)))
        if enterprise is None:
            raise NotFound(_("No such enterprise."))
        try:
            lifecycle.check_move(enterprise.status, target, reason)
        except lifecycle.IllegalMove:
            raise InvalidInput(
                _("An enterprise that is %(status)s cannot become %(target)s without a reason.",
                  status=_status_label(enterprise.status), target=_status_label(target))
                if (enterprise.status, target) in lifecycle.MOVES
                else _("An enterprise that is %(status)s cannot become %(target)s.",
                       status=_status_label(enterprise.status), target=_status_label(target)),
                {"reason": [_("Give the reason; the enterprise will see it.")]}
                if (enterprise.status, target) in lifecycle.MOVES else {},
            ) from None
        previous = enterprise.status
        enterprise.status = target
        enterprise.status_reason = (reason or "").strip() or None
        if target == lifecycle.EnterpriseStatus.VERIFIED and enterprise.verified_at is None:
            enterprise.verified_at = utcnow()
        session.add(EnterpriseStatusChange(enterprise_id=enterprise.id, from_status=previous, to_status=target,
                                           reason=enterprise.status_reason, changed_by_id=operator.id))
        _announce_change(enterprise)
        record(f"enterprise.{target}", actor=operator.public_id, enterprise=enterprise.public_id,
               target=enterprise.public_id, before={"status": previous},
               after={"status": target, "reason": enterprise.status_reason})
    return enterprise


def _status_label(status):
    return {"pending": _("pending"), "verified": _("verified"), "suspended": _("suspended")}.get(status, status)


def ensure_may_trade(enterprise):
    """The one check every listing, trading and payment use case calls first.

    :raise EnterpriseNotVerified: unless the operator has verified the enterprise.
    """
    if not lifecycle.may_trade(enterprise.status):
        raise EnterpriseNotVerified(
            _("%(name)s is %(status)s: only verified enterprises may list, trade or use the API.",
              name=enterprise.name_zh, status=_status_label(enterprise.status)))


# --- memberships and invitations ------------------------------------------------------------------

def invite_member(inviter, enterprise, email, role):
    """Mail an invitation link; the invited person accepts it signed in with that email.

    :return: ``(invitation, secret)``; the secret is the link's token, stored only as its hash.
    """
    email = normalise_email(email)
    role = policy.CompanyRole(role)
    with transaction() as session:
        already = session.scalar(select(Membership.id).join(User).where(
            User.email == email, Membership.enterprise_id == enterprise.id))
        if already:
            raise InvalidInput(_("This person is already a member."),
                               {"email": [_("%(email)s already belongs to this enterprise.", email=email)]})
        plain, digest = new_secret()
        invitation = Invitation(enterprise_id=enterprise.id, email=email, role=role, token_hash=digest,
                                invited_by_id=inviter.id,
                                expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]))
        session.add(invitation)
        session.flush()
        record("member.invited", actor=inviter.public_id, enterprise=enterprise.public_id,
               target=invitation.public_id, after={"email": email, "role": role})
        link = url_for("auth.accept_invitation", token=plain, _external=True)
        send_after_commit(email, _("You are invited to %(name)s on Binhai Marketplace", name=enterprise.name_zh),
                          _("%(who)s invites you to join %(name)s as %(role)s.\nAccept within %(days)d days: %(link)s",
                            who=inviter.display_name, name=enterprise.name_zh, role=role,
                            days=current_app.config["INVITATION_DAYS"], link=link))
    return invitation, plain


def find_open_invitation(token):
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == fingerprint(token)))
    if invitation is None or not invitation.is_open(utcnow()):
        raise InvalidInput(_("This invitation is invalid, used, revoked or expired."))
    return invitation


def accept_invitation(user, token):
    """Join the enterprise; only the person the invitation was sent to can accept it, and only once."""
    with transaction() as session:
        invitation = session.scalar(lock_for_update(
            select(Invitation).where(Invitation.token_hash == fingerprint(token))))
        if invitation is None or not invitation.is_open(utcnow()):
            raise InvalidInput(_("This invitation is invalid, used, revoked or expired."))
        if invitation.email != user.email:
            raise Forbidden(_("This invitation was sent to %(email)s; log in with that address to accept it.",
                              email=invitation.email))
        invitation.accepted_at = utcnow()
        membership = session.scalar(select(Membership).where(
            Membership.user_id == user.id, Membership.enterprise_id == invitation.enterprise_id))
        if membership is None:
            membership = Membership(user_id=user.id, enterprise_id=invitation.enterprise_id, role=invitation.role)
            session.add(membership)
        record("member.joined", actor=user.public_id, enterprise=invitation.enterprise.public_id,
               target=user.public_id, after={"role": invitation.role, "invitation": invitation.public_id})
    return invitation.enterprise


def revoke_invitation(owner, enterprise, invitation_public_id):
    with transaction():
        invitation = _invitation(enterprise, invitation_public_id)
        if invitation.is_open(utcnow()):
            invitation.revoked_at = utcnow()
            record("member.invitation_revoked", actor=owner.public_id, enterprise=enterprise.public_id,
                   target=invitation.public_id)


def _invitation(enterprise, public_id):
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.public_id == public_id, Invitation.enterprise_id == enterprise.id))
    if invitation is None:
        raise NotFound(_("No such invitation."))
    return invitation


def _membership_locked(enterprise, user_public_id):
    """Lock the enterprise row first: two owners demoting each other at once must not leave none."""
    db.session.execute(lock_for_update(select(Enterprise.id).where(Enterprise.id == enterprise.id)))
    membership = db.session.scalar(select(Membership).join(User).where(
        User.public_id == user_public_id, Membership.enterprise_id == enterprise.id))
    if membership is None:
        raise NotFound(_("This person is not a member."))
    return membership


def _ensure_another_owner(enterprise, membership):
    if membership.role != policy.CompanyRole.OWNER:
        return
    owners = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.enterprise_id == enterprise.id, Membership.role == policy.CompanyRole.OWNER))
    if owners <= 1:
        raise InvalidInput(_("An enterprise needs at least one owner; make someone else owner first."),
                           {"role": [_("This is the last owner.")]})


def change_member_role(owner, enterprise, user_public_id, role):
    role = policy.CompanyRole(role)
    with transaction():
        membership = _membership_locked(enterprise, user_public_id)
        if membership.role == role:
            return membership
        if role != policy.CompanyRole.OWNER:
            _ensure_another_owner(enterprise, membership)
        before = membership.role
        membership.role = role
        _revoke_tokens_beyond_role(membership)
        record("member.role_changed", actor=owner.public_id, enterprise=enterprise.public_id,
               target=user_public_id, before={"role": before}, after={"role": role})
    return membership


def remove_member(owner, enterprise, user_public_id):
    """Remove a person; their tokens for this enterprise are revoked with them."""
    with transaction() as session:
        membership = _membership_locked(enterprise, user_public_id)
        _ensure_another_owner(enterprise, membership)
        for token in _live_tokens(membership.user_id, enterprise.id):
            token.revoked_at = utcnow()
        session.delete(membership)
        record("member.removed", actor=owner.public_id, enterprise=enterprise.public_id,
               target=user_public_id, before={"role": membership.role})


def _live_tokens(user_id, enterprise_id):
    return db.session.scalars(select(ApiToken).where(
        ApiToken.user_id == user_id, ApiToken.enterprise_id == enterprise_id, ApiToken.revoked_at.is_(None))).all()


def _revoke_tokens_beyond_role(membership):
    allowed = policy.SCOPES_BY_ROLE[policy.CompanyRole(membership.role)]
    for token in _live_tokens(membership.user_id, membership.enterprise_id):
        if not set(token.scope_list) <= allowed:
            token.revoked_at = utcnow()


# --- API tokens -----------------------------------------------------------------------------------

def create_api_token(user, enterprise, name, scopes):
    """:return: ``(token, plain)``; the plain token is shown once and never stored.

    :raise EnterpriseNotVerified: machines act only for verified enterprises.
    """
    ensure_may_trade(enterprise)
    role = db.session.scalar(select(Membership.role).where(
        Membership.user_id == user.id, Membership.enterprise_id == enterprise.id))
    allowed = policy.SCOPES_BY_ROLE.get(policy.CompanyRole(role), frozenset()) if role else frozenset()
    requested = _granted_scopes(scopes, allowed)
    plain, prefix, digest = new_api_token()
    with transaction() as session:
        token = _stored_token(session, user, enterprise.id, name, prefix, digest, requested)
        record("api_token.created", actor=user.public_id, enterprise=enterprise.public_id, target=token.public_id,
               after={"name": token.name, "scopes": token.scope_list})
    return token, plain


def _granted_scopes(scopes, allowed):
    """:return: the requested scopes as a set. :raise InvalidInput: for none, or any beyond ``allowed``."""
    requested = set(scopes)
    if not requested:
        raise InvalidInput(_("Choose at least one scope."), {"scopes": [_("Choose at least one scope.")]})
    if not requested <= allowed:
        refused = ", ".join(sorted(requested - allowed))
        raise InvalidInput(_("Your role cannot grant these scopes: %(scopes)s.", scopes=refused),
                           {"scopes": [_("Not allowed for your role: %(scopes)s.", scopes=refused)]})
    return requested


def _stored_token(session, user, enterprise_id, name, prefix, digest, scopes):
    """Only the token's prefix and hash are stored; ``enterprise_id`` None makes a staff token."""
    token = ApiToken(enterprise_id=enterprise_id, user_id=user.id, name=name.strip(), token_prefix=prefix,
                     token_hash=digest, scopes=" ".join(sorted(scopes)))
    session.add(token)
    session.flush()
    return token


def revoke_api_token(user, enterprise, token_public_id):
    """Owners revoke any token of the enterprise, others only their own. Safe to repeat."""
    with transaction():
        token = db.session.scalar(select(ApiToken).where(
            ApiToken.public_id == token_public_id, ApiToken.enterprise_id == enterprise.id))
        if token is None:
            raise NotFound(_("No such token."))
        role = db.session.scalar(select(Membership.role).where(
            Membership.user_id == user.id, Membership.enterprise_id == enterprise.id))
        if token.user_id != user.id and role != policy.CompanyRole.OWNER:
            raise Forbidden(_("Only an owner can revoke someone else's token."))
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record("api_token.revoked", actor=user.public_id, enterprise=enterprise.public_id,
                   target=token.public_id)


def create_staff_token(user, name, scopes):
    """A token of an operator or regulator acting in that role, for no enterprise (imports, answers).

    :return: ``(token, plain)``; the plain token is shown once and never stored.
    :raise Forbidden: for a person without a platform role. :raise InvalidInput: for scopes beyond the role's.
    """
    if user.platform_role is None:
        raise Forbidden(_("Only platform operators and regulators have staff tokens."))
    allowed = policy.SCOPES_BY_PLATFORM_ROLE[policy.PlatformRole(user.platform_role)]
    requested = _granted_scopes(scopes, allowed)
    plain, prefix, digest = new_api_token()
    with transaction() as session:
        token = _stored_token(session, user, None, name, prefix, digest, requested)
        record("api_token.created", actor=user.public_id, target=token.public_id,
               after={"name": token.name, "scopes": token.scope_list, "platform_role": user.platform_role})
    return token, plain


def revoke_staff_token(user, token_public_id):
    """A person revokes their own staff token. Safe to repeat. :raise NotFound: for anyone else's."""
    with transaction():
        token = db.session.scalar(select(ApiToken).where(
            ApiToken.public_id == token_public_id, ApiToken.enterprise_id.is_(None), ApiToken.user_id == user.id))
        if token is None:
            raise NotFound(_("No such token."))
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record("api_token.revoked", actor=user.public_id, target=token.public_id)


def staff_tokens_of(user):
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.enterprise_id.is_(None))
                              .order_by(ApiToken.created_at.desc())).all()


# --- reading --------------------------------------------------------------------------------------

def memberships_of(user):
    return db.session.scalars(select(Membership).where(Membership.user_id == user.id)
                              .order_by(Membership.created_at)).all()


def owner_of(enterprise):
    """An owner of ``enterprise`` (the first found when there are several): whom the demo acts as."""
    return db.session.scalar(select(Membership).where(
        Membership.enterprise_id == enterprise.id, Membership.role == policy.CompanyRole.OWNER)).user


def members_of(enterprise):
    return db.session.scalars(select(Membership).join(User).where(Membership.enterprise_id == enterprise.id)
                              .order_by(Membership.created_at, Membership.id)).all()


def open_invitations(enterprise):
    now = utcnow()
    rows = db.session.scalars(select(Invitation).where(
        Invitation.enterprise_id == enterprise.id, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None)).order_by(Invitation.created_at.desc())).all()
    return [invitation for invitation in rows if invitation.is_open(now)]


def tokens_of(enterprise):
    return db.session.scalars(select(ApiToken).where(ApiToken.enterprise_id == enterprise.id)
                              .order_by(ApiToken.created_at.desc())).all()


def enterprises_by_status(status=None):
    statement = select(Enterprise).order_by(Enterprise.created_at)
    if status:
        statement = statement.where(Enterprise.status == status)
    return db.session.scalars(statement).all()


def visible_enterprise(principal, enterprise):
    """Verified enterprises are visible to everyone signed in; others only to members and oversight.

    :raise NotFound: otherwise, so a pending application is not even confirmed to exist.
    """
    if (enterprise.status == lifecycle.EnterpriseStatus.VERIFIED or principal.platform_role is not None
            or principal.role_in(enterprise.id) is not None):
        return enterprise
    raise NotFound(_("No such enterprise."))


def grant_platform_role(email, role):
    """Make a person an operator or regulator (from the ``binhai users`` command; no web route grants it)."""
    role = policy.PlatformRole(role) if role else None
    with transaction() as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise NotFound(_("No account with this email."))
        before = user.platform_role
        user.platform_role = role
        record("user.platform_role_changed", target=user.public_id, before={"platform_role": before},
               after={"platform_role": role})
    return user


# --- reading for the web pages --------------------------------------------------------------------

def count_enterprises_by_status():
    """:return: ``{status: number}`` with every status present, zero included, for the dashboards."""
    rows = db.session.execute(select(Enterprise.status, func.count()).group_by(Enterprise.status)).all()
    return {status: 0 for status in lifecycle.EnterpriseStatus} | {status: number for status, number in rows}


def directory(region=None, kind=None):
    """Verified enterprises, which every signed-in person may see, by Chinese name."""
    statement = (select(Enterprise).where(Enterprise.status == lifecycle.EnterpriseStatus.VERIFIED)
                 .order_by(Enterprise.name_zh, Enterprise.id))
    if region:
        statement = statement.where(Enterprise.region == region)
    if kind:
        statement = statement.where(Enterprise.kinds.any(EnterpriseKind.kind == kind))
    return db.session.scalars(statement).all()
