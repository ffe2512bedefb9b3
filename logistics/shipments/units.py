"""What may travel as a shipment unit, and its EPC in the one form stored (pure: no Flask, no database).

Goods are SGTINs, cases SGTINs or SSCCs, pallets SSCCs, returnable assets and tagged containers
GRAIs (a container may also carry an SSCC), and agricultural lots LGTIN class URIs
(``urn:epc:class:lgtin:<company prefix>.<item reference>.<lot>``). Instance EPCs are kept as
pure-identity URIs, whatever form they were given in, so reads and EPCIS events match them.
"""
import re

from logistics.identifiers.epc import MalformedEpc, from_uri
from logistics.messages import message

KINDS = ("item", "case", "pallet", "asset", "container", "lot")
SCHEMES = {"item": ("sgtin",), "case": ("sgtin", "sscc"), "pallet": ("sscc",), "asset": ("grai",),
           "container": ("grai", "sscc")}

_LGTIN = re.compile(r"urn:epc:class:lgtin:([0-9]{6,12})\.([0-9]{1,7})\.([!%-?A-Z_a-z\x22]{1,20})")


class InvalidUnit(ValueError):
    def __init__(self, field, text):
        super().__init__(f"{field}: {text}")
        self.field = field
        self.message = text


def unit_epc(kind, uri):
    """:return: the URI to store for a unit of ``kind``. :raise InvalidUnit: naming the field at fault."""
    if kind not in KINDS:
        raise InvalidUnit("kind", message("%(kind)r is not one of %(kinds)s", kind=kind, kinds=", ".join(KINDS)))
    uri = (uri or "").strip()
    if kind == "lot":
        match = _LGTIN.fullmatch(uri)
        if match is None or len(match.group(1)) + len(match.group(2)) != 13:
            raise InvalidUnit("epc", message("a lot is an LGTIN class URI: urn:epc:class:lgtin:<company prefix>."
                                             "<item reference>.<lot>, prefix and reference 13 digits together"))
        return uri
    try:
        epc = from_uri(uri)
    except MalformedEpc as malformed:
        raise InvalidUnit("epc", malformed.message) from None
    if epc.kind not in SCHEMES[kind]:
        raise InvalidUnit("epc", message("a unit of kind %(kind)s is identified by %(schemes)s, not %(scheme)s",
                                         kind=kind, schemes=" or ".join(SCHEMES[kind]).upper(),
                                         scheme=epc.kind.upper()))
    return epc.pure_identity_uri

