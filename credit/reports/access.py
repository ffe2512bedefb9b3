"""Who may read an enterprise's detailed credit report, and in which capacity; decided without Flask or a database.

The enterprise itself (a member acting for it), operators and regulators always may; a counterparty
may while it holds an authorisation from the enterprise that is neither revoked nor expired; nobody
else may. The capacity is what the view log records, so the enterprise sees why each reader could read.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

SELF, OPERATOR, REGULATOR, AUTHORISED = "self", "operator", "regulator", "authorised"
CAPACITIES = (SELF, OPERATOR, REGULATOR, AUTHORISED)
OVERSIGHT_ROLES = {"operator": OPERATOR, "regulator": REGULATOR}
MAX_PURPOSE_LENGTH = 300


@dataclass(frozen=True)
class Grant:
    """An authorisation as the decision needs it: who holds it, until when, whether it was revoked."""

    id: int
    grantee_id: int
    expires_at: datetime
    revoked_at: datetime | None = None

    def in_force_at(self, moment):
        return self.revoked_at is None and moment < self.expires_at


@dataclass(frozen=True)
class Access:
    """Why a reader may read: the capacity, and the authorisation it rests on (for a counterparty)."""

    capacity: str
    authorisation_id: int | None = None


def decide(subject_id, *, platform_role, acting_for, member_of, grants, now):
    """The reader's access to ``subject_id``'s detailed report, or None when refused.

    ``platform_role`` is the reader's ("operator", "regulator" or None); ``acting_for`` the
    enterprise id the reader acts for (None for oversight pages and staff tokens); ``member_of``
    the enterprise ids the reader belongs to; ``grants`` the subject's authorisations. Acting for
    an enterprise one does not belong to gives nothing. Of several grants in force, the one that
    runs longest is named.
    """
    if platform_role in OVERSIGHT_ROLES:
        return Access(OVERSIGHT_ROLES[platform_role])
    if acting_for is None or acting_for not in member_of:
        return None
    if acting_for == subject_id:
        return Access(SELF)
    in_force = [grant for grant in grants if grant.grantee_id == acting_for and grant.in_force_at(now)]
    if not in_force:
        return None
    return Access(AUTHORISED, max(in_force, key=lambda grant: (grant.expires_at, grant.id)).id)


def authorisation_problems(subject_id, grantee_id, expires_on: date, today: date, max_days: int, purpose: str):
    """``{field: problem code}`` of what is wrong with an authorisation about to be granted (empty when nothing).

    It runs through ``expires_on`` (a business day), at most ``max_days`` days from ``today``, and says
    what it is for; an enterprise does not authorise itself. Codes: ``self``, ``past``, ``too_long``,
    ``missing``, ``too_long_text``; the caller words them in the reader's language.
    """
    problems = {}
    if grantee_id == subject_id:
        problems["grantee"] = "self"
    if expires_on < today:
        problems["expires_on"] = "past"
    elif expires_on > today + timedelta(days=max_days):
        problems["expires_on"] = "too_long"
    if not purpose.strip():
        problems["purpose"] = "missing"
    elif len(purpose) > MAX_PURPOSE_LENGTH:
        problems["purpose"] = "too_long_text"
    return problems
