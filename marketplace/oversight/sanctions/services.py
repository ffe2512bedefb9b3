"""Sanctions: propose, approve (by another regulator), reject, lift; and what is in force now."""


def trading_restriction(enterprise, at=None):
    """:return: the sentence naming the sanction that bars ``enterprise`` from trading now, or None."""
    return None


def escrow_hold(enterprise, at=None):
    """:return: the sentence naming the sanction that holds ``enterprise``'s escrow releases now, or None."""
    return None
