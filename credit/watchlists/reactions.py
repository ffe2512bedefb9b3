"""Notifications and webhooks from credit events. (Stub: the watchlists work replaces it.)"""


def react(batch_size=100):
    return 0
