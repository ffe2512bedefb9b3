"""Platform facts from domain events. (Stub: the credit-file work replaces it.)"""


def react(batch_size=100):
    return 0
