"""Control groups: the parties behind enterprises, and which enterprises they tie together."""
from dataclasses import dataclass

from flask import current_app

from marketplace.database import transaction
from marketplace.oversight.groups import linking, sources


@dataclass(frozen=True)
class MarketLinks:
    """The whole market's links and the groups they make, as of one read."""

    links: tuple
    groups: dict
    related: dict


def market_links():
    """Read every enterprise and party once and link them (strong links merge, related ones do not)."""
    with transaction():
        enterprises = sources.enterprise_records()
        parties = sources.party_records()
    links = linking.find_links(enterprises, parties, current_app.config["OVERSIGHT_CONTROLLING_SHARE_PERCENT"])
    groups = linking.control_groups([record.enterprise for record in enterprises], links)
    return MarketLinks(links=links, groups=groups, related=linking.related_groups(groups, links))


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
