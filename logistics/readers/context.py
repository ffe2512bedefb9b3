"""What a read point and a payload stand for: the DCSA equipment event a read point's reads imply, and
the reader payload format a body has the shape of. (CBV 2.0 words: ``logistics.epcis.document``.)

Pure module: no Flask, no database.
"""

# DCSA Track & Trace equipment event type codes a read point may stand for.
PORT_EVENTS = ("LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP")


def payload_format(body):
    """The reader payload format a decoded JSON body has the shape of: generic, zebra or impinj.

    A generic batch is an object with ``reads``; Zebra data events carry ``data``; Impinj events
    carry ``eventType`` or ``tagInventoryEvent``. Anything else is taken as generic, whose parser
    then says what is missing.
    """
    if isinstance(body, dict) and "reads" in body:
        return "generic"
    first = body[0] if isinstance(body, list) and body else body
    if isinstance(first, dict):
        if "data" in first:
            return "zebra"
        if "tagInventoryEvent" in first or "eventType" in first:
            return "impinj"
    return "generic"
