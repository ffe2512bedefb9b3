"""Signed webhook deliveries. (Stub: the watchlists work replaces it.)"""


def deliver_due(limit=50):
    return 0
