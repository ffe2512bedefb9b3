"""Which enterprises one controller stands behind: strong links make control groups, weaker ones "related".

Pure: no Flask, no database. ``sources`` turns stored rows into the records below; the service,
the enterprise 360 view and surveillance's ``Context`` read the same answer from here.

Strong links (one control group, closed under union-find): the same legal representative, a
controlling shareholder in common, one enterprise controlling the other as its shareholder, a
shared settlement account. Weaker "related" links (recorded, never merging groups): a shared
address, phone, or person (a user who is a member of both, or a party such as a director in
common that controls neither).
"""
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from marketplace.oversight.groups.identity import mask_identifier

STRONG_KINDS = ("legal_representative", "controlling_shareholder", "controls", "settlement_account")
RELATED_KINDS = ("address", "phone", "person")
MEMBER_PREFIX = "user:"  # ``via`` of a link made by a user who is a member of both


@dataclass(frozen=True)
class PartyRecord:
    """A party standing behind ``enterprise`` (public id); ``identity_key`` is what two records of one party share."""

    enterprise: str
    role: str  # legal_representative | shareholder | director | supervisor
    party_kind: str  # person | enterprise
    identity_key: str
    name: str = ""
    share_percent: Decimal | None = None


@dataclass(frozen=True)
class EnterpriseRecord:
    """What an enterprise itself tells about it: its own identity key, contacts, settlement account and members."""

    enterprise: str
    identity_key: str = ""
    address: str = ""
    phone: str = ""
    settlement_account: str = ""
    members: frozenset = frozenset()


@dataclass(frozen=True)
class Link:
    """Two enterprises tied by one shared thing; ``first`` < ``second``; ``via`` names the thing (never an identity number)."""

    first: str
    second: str
    kind: str
    via: str = ""

    @property
    def strong(self):
        return self.kind in STRONG_KINDS


def normalise_address(address):
    folded = unicodedata.normalize("NFKC", address or "").lower()
    return "".join(ch for ch in folded if ch.isalnum())


def normalise_phone(phone):
    """Digits only, without the mainland country code; numbers shorter than 7 digits link nothing."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone or "") if ch.isdigit())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""


def find_links(enterprises, parties, controlling_percent):
    """Every link between two of ``enterprises``, sorted and without duplicates.

    ``parties`` that name an enterprise not among ``enterprises`` are ignored. A party in common
    yields at most one link kind per pair, the strongest that applies.
    """
    known = {record.enterprise: record for record in enterprises}
    current = [party for party in parties if party.enterprise in known and party.identity_key]
    links = set()
    links |= _party_links(current, Decimal(controlling_percent))
    links |= _control_links(known, current, Decimal(controlling_percent))
    links |= _shared_value_links(known.values(), "settlement_account", lambda r: r.settlement_account.strip())
    links |= _shared_value_links(known.values(), "address", lambda r: normalise_address(r.address))
    links |= _shared_value_links(known.values(), "phone", lambda r: normalise_phone(r.phone))
    links |= _shared_member_links(known.values())
    return tuple(sorted(_strongest_per_reason(links), key=lambda l: (l.first, l.second, l.kind, l.via)))


def _is_controlling(party, controlling_percent):
    return party.role == "shareholder" and (party.share_percent or Decimal(0)) >= controlling_percent


def _party_kind(first, second, controlling_percent):
    """The link two records of one party make between their enterprises."""
    if first.role == second.role == "legal_representative":
        return "legal_representative"
    if _is_controlling(first, controlling_percent) and _is_controlling(second, controlling_percent):
        return "controlling_shareholder"
    return "person"


def _party_links(parties, controlling_percent):
    by_identity = defaultdict(list)
    for party in parties:
        by_identity[party.identity_key].append(party)
    links = set()
    for records in by_identity.values():
        for first, second in combinations(records, 2):
            if first.enterprise != second.enterprise:
                kind = _party_kind(first, second, controlling_percent)
                links.add(_link(first.enterprise, second.enterprise, kind, first.name or second.name))
    return links


def _control_links(known, parties, controlling_percent):
    """An enterprise holding a controlling share of another (matched by its own identity key)."""
    by_identity = {record.identity_key: record.enterprise for record in known.values() if record.identity_key}
    links = set()
    for party in parties:
        owner = by_identity.get(party.identity_key)
        if owner and owner != party.enterprise and _is_controlling(party, controlling_percent):
            links.add(_link(owner, party.enterprise, "controls", party.name))
    return links


def _shared_value_links(records, kind, value_of):
    by_value = defaultdict(set)
    for record in records:
        value = value_of(record)
        if value:
            by_value[value].add(record.enterprise)
    links = set()
    for value, members in by_value.items():
        for first, second in combinations(sorted(members), 2):
            links.add(_link(first, second, kind, _shown(kind, value)))
    return links


def _shown(kind, value):
    """Account numbers are shown masked in link tables; addresses and phones are the enterprise's public contacts."""
    return mask_identifier(value) if kind == "settlement_account" else value


def _shared_member_links(records):
    by_member = defaultdict(set)
    for record in records:
        for member in record.members:
            by_member[member].add(record.enterprise)
    links = set()
    for member, enterprises in by_member.items():
        for first, second in combinations(sorted(enterprises), 2):
            links.add(_link(first, second, "person", f"{MEMBER_PREFIX}{member}"))
    return links


def _strongest_per_reason(links):
    """Drop a "person" link for a party that also makes a strong link between the same pair."""
    strong = {(l.first, l.second, l.via) for l in links if l.strong}
    return {l for l in links if l.strong or (l.first, l.second, l.via) not in strong}


def _link(a, b, kind, via):
    first, second = sorted((a, b))
    return Link(first, second, kind, via)


def control_groups(enterprises, links):
    """Enterprise → its control group key: the smallest public id among the group's members.

    Only strong links merge; every enterprise in ``enterprises`` gets a key (its own when alone).
    """
    parent = {enterprise: enterprise for enterprise in enterprises}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        if link.strong and link.first in parent and link.second in parent:
            a, b = root(link.first), root(link.second)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {enterprise: root(enterprise) for enterprise in parent}


def related_groups(groups, links):
    """Group key → the other group keys it has a weaker "related" link with (symmetric)."""
    related = defaultdict(set)
    for link in links:
        if link.strong or link.first not in groups or link.second not in groups:
            continue
        a, b = groups[link.first], groups[link.second]
        if a != b:
            related[a].add(b)
            related[b].add(a)
    return {key: frozenset(others) for key, others in related.items()}


def neighbourhood(enterprise, groups, links):
    """The members of ``enterprise``'s control group and every link that touches one of them."""
    key = groups.get(enterprise, enterprise)
    members = frozenset(member for member, group in groups.items() if group == key) | {enterprise}
    touching = tuple(link for link in links if link.first in members or link.second in members)
    return members, touching


def graph(members, links, parties, names):
    """The ECharts graph of a control group: enterprises and the parties tying them, edges by link kind.

    ``members`` are the group's enterprises; enterprises only linked to them appear too (as
    ``related`` nodes). Parties appear when they are a legal representative or shareholder of an
    enterprise shown, or stand behind two of them; they are named by name, never by number.
    ``names`` maps an enterprise to the name shown.
    """
    shown = set(members) | {end for link in links for end in (link.first, link.second)}
    nodes = [{"id": e, "name": names.get(e, e), "category": "member" if e in members else "related"}
             for e in sorted(shown)]
    edges = [{"source": l.first, "target": l.second, "kind": l.kind, "strong": l.strong} for l in links
             if l.first in shown and l.second in shown]
    behind = defaultdict(set)
    for party in parties:
        if party.enterprise in shown:
            behind[party.identity_key].add(party)
    for key, records in sorted(behind.items()):
        if len({r.enterprise for r in records}) < 2 and not any(
                r.role in ("legal_representative", "shareholder") for r in records):
            continue
        node = "party:" + key[:16]
        nodes.append({"id": node, "name": sorted(records, key=lambda r: r.enterprise)[0].name, "category": "party"})
        edges.extend({"source": node, "target": r.enterprise, "kind": r.role, "strong": False}
                     for r in sorted(records, key=lambda r: (r.enterprise, r.role)))
    return {"nodes": nodes, "edges": edges}
