"""How reads and EPCIS events move shipments along: the readers and EPCIS services call in here.

Both hooks run inside the caller's transaction, so a shipment's status change commits with the
sighting or event that caused it, or not at all.
"""


def on_sighting(sighting, read_point, event):
    """A sighting just reached the minimum reads at ``read_point``; ``event`` is its ObjectEvent (or None)."""


def on_event(event):
    """A new EPCIS event was stored (captured, posted, or made from a sighting)."""
