"""Control groups: the parties behind enterprises, and which enterprises they tie together."""
from dataclasses import dataclass, replace
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts import labels as code_labels
from marketplace.accounts.models import Enterprise, EnterpriseParty
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.groups import identity, linking, sources
from marketplace.oversight.groups import labels as _labels  # noqa: F401  (registers the families named above)


@dataclass(frozen=True)
class MarketLinks:
    """The whole market's links and the groups they make, as of one read."""

    links: tuple
    groups: dict
    related: dict
    parties: list


def market_links():
    """Read every enterprise and party once and link them (strong links merge, related ones do not)."""
    with transaction():
        enterprises = sources.enterprise_records()
        parties = sources.party_records()
    links = linking.find_links(enterprises, parties, current_app.config["OVERSIGHT_CONTROLLING_SHARE_PERCENT"])
    groups = linking.control_groups([record.enterprise for record in enterprises], links)
    return MarketLinks(links=links, groups=groups, related=linking.related_groups(groups, links), parties=parties)


def market_context_groups():
    """:return: ``(groups, related)``: enterprise public id → group key, and group key → related group keys."""
    found = market_links()
    return found.groups, found.related


def group_key_of(enterprise):
    """:return: the control group key of ``enterprise`` (its own public id when it stands alone).

    The key is the smallest public id among the group's members: at most 24 characters, and the
    same for every member, so alerts of one group on one day land in one case.
    """
    return market_links().groups.get(enterprise.public_id, enterprise.public_id)


@dataclass(frozen=True)
class ControlGroup:
    """One enterprise's control group as the 360 view shows it: members, the links touching them, the graph."""

    key: str
    members: frozenset
    links: tuple  # ``linking.Link``s, ``via`` ready to show (members named, accounts masked)
    names: dict  # public id → (name_zh, name_en, credit_code)
    graph: dict


def control_group(enterprise, locale="zh_CN"):
    """The control group of ``enterprise`` with every strong and related link touching it."""
    with transaction():
        market = market_links()
        members, touching = linking.neighbourhood(enterprise.public_id, market.groups, market.links)
        touching = _named_members(touching)
        shown = set(members) | {end for link in touching for end in (link.first, link.second)}
        names = sources.enterprises_by_public_id(shown)
    label = {key: (zh if locale.startswith("zh") or not en else en) for key, (zh, en, _code) in names.items()}
    return ControlGroup(key=market.groups.get(enterprise.public_id, enterprise.public_id), members=members,
                        links=touching, names=names,
                        graph=_labelled(linking.graph(members, touching, market.parties, label)))


def _labelled(graph):
    """Each edge gets its kind's name in the reader's language (a party's role, or the link's kind)."""
    for edge in graph["edges"]:
        family = "party_role" if edge["source"].startswith("party:") else "group_link"
        edge["label"] = str(code_labels.label(edge["kind"], family))
    return graph


def _named_members(links):
    """Replace a member link's user id by the person's display name."""
    ids = {int(l.via.removeprefix(linking.MEMBER_PREFIX)) for l in links if l.via.startswith(linking.MEMBER_PREFIX)}
    named = sources.members_named(ids)
    return tuple(replace(l, via=named.get(int(l.via.removeprefix(linking.MEMBER_PREFIX)), "")) if
                 l.via.startswith(linking.MEMBER_PREFIX) else l for l in links)


# --- parties behind an enterprise -----------------------------------------------------------------

ROLES = ("legal_representative", "shareholder", "director", "supervisor")
PARTY_KINDS = ("person", "enterprise")
_IDENTIFIER_PROBLEMS = {
    "missing": _l("Enter the identity number."),
    "invalid_resident_id": _l("This resident identity card number is not valid (check digit or birth date)."),
    "invalid_credit_code": _l("This unified social credit code is not valid."),
    "implausible_document": _l("An identity document number has 6 to 30 letters and digits."),
}


def parties_of(enterprise, include_ended=False):
    """The enterprise's parties, legal representative first, then shareholders by share, then the rest."""
    with transaction() as session:
        statement = select(EnterpriseParty).where(EnterpriseParty.enterprise_id == enterprise.id)
        if not include_ended:
            statement = statement.where(EnterpriseParty.ended_at.is_(None))
        parties = session.scalars(statement.order_by(EnterpriseParty.id)).all()
    return sorted(parties, key=lambda p: (ROLES.index(p.role) if p.role in ROLES else len(ROLES),
                                          -(p.share_percent or 0), p.id))


def read_parties(enterprise, include_ended=False):
    """``parties_of`` for a page or API answer: a regulator's or operator's read is logged, a member's is not."""
    with transaction():
        log_access("enterprise_parties", subject=enterprise.public_id, query={"include_ended": include_ended})
        return parties_of(enterprise, include_ended)


def register_party(actor, enterprise, *, role, party_kind, name, identifier, share_percent=None):
    """Record a party; a new legal representative replaces the current one (kept, ended, for history).

    The identity number is kept only as its key and masked form. Shares of current shareholders
    never add up to more than 100 %; the enterprise row is locked so two owners cannot overshoot.
    :raise InvalidInput: with field errors; nothing is written then.
    """
    with transaction() as session:
        session.scalar(lock_for_update(select(Enterprise).where(Enterprise.id == enterprise.id)))
        current = session.scalars(select(EnterpriseParty).where(
            EnterpriseParty.enterprise_id == enterprise.id, EnterpriseParty.ended_at.is_(None))).all()
        _check_party(current, role, party_kind, name, identifier, share_percent)
        if role == "legal_representative":
            for previous in (p for p in current if p.role == "legal_representative"):
                _end(actor, enterprise, previous)
        party = EnterpriseParty(enterprise_id=enterprise.id, role=role, party_kind=party_kind, name=name.strip(),
                                identifier_masked=identity.mask_identifier(identifier),
                                identity_key=identity.identity_key(identifier),
                                share_percent=share_percent if role == "shareholder" else None)
        session.add(party)
        session.flush()
        audit.record("oversight.party_registered", actor=_public_id(actor), enterprise=enterprise.public_id,
                     target=party.public_id, after=_audit_view(party))
    return party


def end_party(actor, enterprise, party_public_id):
    """Mark a party as gone (it stays in the history and stops linking). Ending it twice changes nothing.

    :raise NotFound: for a party of another enterprise.
    """
    with transaction() as session:
        party = session.scalar(lock_for_update(select(EnterpriseParty).where(
            EnterpriseParty.public_id == party_public_id, EnterpriseParty.enterprise_id == enterprise.id)))
        if party is None:
            raise NotFound(_("No such party of this enterprise."))
        if party.ended_at is None:
            _end(actor, enterprise, party)
    return party


def _end(actor, enterprise, party):
    before = _audit_view(party)
    party.ended_at = utcnow()
    audit.record("oversight.party_ended", actor=_public_id(actor), enterprise=enterprise.public_id,
                 target=party.public_id, before=before, after=_audit_view(party))


def _check_party(current, role, party_kind, name, identifier, share_percent):
    errors = {}
    if role not in ROLES:
        errors["role"] = [_("Choose one of the roles.")]
    if party_kind not in PARTY_KINDS:
        errors["party_kind"] = [_("Choose a person or an enterprise.")]
    elif role == "legal_representative" and party_kind != "person":
        errors["party_kind"] = [_("The legal representative is a person.")]
    if not (name or "").strip():
        errors["name"] = [_("Enter the name.")]
    problem = identity.identifier_problem(identifier, party_kind if party_kind in PARTY_KINDS else "person")
    if problem:
        errors["identifier"] = [str(_IDENTIFIER_PROBLEMS[problem])]
    elif any(p.identity_key == identity.identity_key(identifier) and p.role == role for p in current):
        errors["identifier"] = [_("This party is already registered in this role.")]
    share_problem = _share_problem(current, role, share_percent)
    if share_problem:
        errors["share_percent"] = [share_problem]
    if errors:
        raise InvalidInput(_("The party was not recorded."), errors)


def _share_problem(current, role, share_percent):
    if role != "shareholder":
        return _("Only shareholders hold a share.") if share_percent is not None else None
    if share_percent is None or not Decimal(0) < share_percent <= Decimal(100):
        return _("Enter a share above 0 and at most 100 %.")
    held = sum((p.share_percent or Decimal(0)) for p in current if p.role == "shareholder")
    if held + share_percent > Decimal(100):
        return _("Shareholders would hold %(total)s %%, more than 100 %%.", total=held + share_percent)
    return None


def _audit_view(party):
    return {"role": party.role, "party_kind": party.party_kind, "name": party.name,
            "identifier": party.identifier_masked,
            "share_percent": str(party.share_percent) if party.share_percent is not None else None,
            "ended": party.ended_at is not None}


def _public_id(actor):
    return getattr(actor, "public_id", None)
