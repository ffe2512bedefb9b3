"""Floor compliance profiles: keeping them, linting every floor, and refusing what a profile forbids."""


def refusal(floor, mechanism, enterprise, instrument=None, side=None, quantity=None):
    """:return: why ``floor``'s profile forbids this (a sentence), or None when it allows it."""
    return None
