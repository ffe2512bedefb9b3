"""Control groups: the parties behind enterprises, and which enterprises they tie together."""


def market_context_groups():
    """:return: ``(groups, related)``: enterprise public id → group key, and group key → related group keys."""
    return {}, {}


def group_key_of(enterprise):
    """:return: the control group key of ``enterprise`` (its own public id when it stands alone)."""
    return enterprise.public_id
