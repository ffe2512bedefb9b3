"""Tagging use cases: record GS1 company prefixes, commission EPCs, pack and unpack, process lots.

Every use case is one transaction and writes its EPCIS event through ``epcis.services.record_event``
(source ``service``) and an audit record; bad input (a malformed EPC, a wrong check digit, a GTIN
under nobody's or someone else's prefix, an EPC commissioned before) is refused with
``InvalidInput`` and stores nothing.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from logistics.epcis import services as epcis
from logistics.epcis.document import InvalidEvent
from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from logistics.identifiers import InvalidIdentifier, grai, gs1_check_digit, sgtin, sscc, with_filter
from logistics.shipments.models import Container
from logistics.tagging import keys
from logistics.tagging.models import CompanyPrefix
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.i18n import translated

KINDS = ("item", "case", "pallet", "asset", "lot")
MASS_UNITS = ("KGM", "TNE")
MOST_UNITS = 1000
# Our own namespace for what CBV master data has no attribute for (the farm, the product's name).
NAMESPACE = {"binhai": "https://binhai.example/ns/epcis/"}


@dataclass(frozen=True)
class Unit:
    """One tagged thing in every form a person or a printer needs."""

    identifier: keys.Identifier
    filter: int | None = None

    @property
    def epc(self):
        """The EPC with this unit's filter (hex and tag URI filled), or None for a lot."""
        if self.identifier.epc is None:
            return None
        return with_filter(self.identifier.epc, self.filter) if self.filter is not None else self.identifier.epc

    @property
    def digital_link(self):
        """The GS1 Digital Link a QR code carries: our resolver's address for items, lots and SSCCs."""
        path = self.identifier.digital_link_path
        if path:
            return current_app.config["PUBLIC_URL"].rstrip("/") + path
        return self.identifier.epc.digital_link if self.identifier.epc else None


@dataclass(frozen=True)
class Tagged:
    """What a tagging use case did: its EPCIS event and the units it named."""

    event: EpcisEvent
    units: list = field(default_factory=list)


# --- prefixes -----------------------------------------------------------------------------------

def prefixes_of(enterprise):
    return db.session.scalars(select(CompanyPrefix).where(CompanyPrefix.enterprise_id == enterprise.id)
                              .order_by(CompanyPrefix.prefix)).all()


def record_prefix(actor, enterprise, prefix):
    """Record a GS1 company prefix (6–12 digits) the enterprise holds; a prefix belongs to one enterprise,
    and none starts another, so every GTIN or SSCC has one company prefix length.

    :raise InvalidInput: for a malformed prefix, one recorded already, or one overlapping a recorded one.
    """
    prefix = (prefix or "").strip()
    if not (prefix.isascii() and prefix.isdigit() and 6 <= len(prefix) <= 12):
        raise InvalidInput(_("A GS1 company prefix is 6 to 12 digits."),
                           {"prefix": [_("A GS1 company prefix is 6 to 12 digits.")]})
    with transaction():
        shorter = [prefix[:n] for n in range(6, len(prefix) + 1)]
        overlapping = db.session.scalar(select(CompanyPrefix.prefix).where(
            or_(CompanyPrefix.prefix.in_(shorter), CompanyPrefix.prefix.like(f"{prefix}%"))).limit(1))
        if overlapping == prefix:
            message = _("The GS1 company prefix %(prefix)s is recorded already.", prefix=prefix)
            raise InvalidInput(message, {"prefix": [message]})
        if overlapping is not None:
            message = _("%(prefix)s overlaps the recorded prefix %(other)s; GS1 prefixes never start one another.",
                        prefix=prefix, other=overlapping)
            raise InvalidInput(message, {"prefix": [message]})
        recorded = CompanyPrefix(enterprise_id=enterprise.id, prefix=prefix)
        db.session.add(recorded)
        db.session.flush()
        record("tagging.prefix_recorded", actor=actor.public_id, enterprise=enterprise.public_id, target=prefix,
               after={"prefix": prefix})
    return recorded


def prefix_length(key_body):
    """Length of the recorded company prefix that starts ``key_body`` (a GS1 key after its first digit)."""
    candidates = [key_body[:n] for n in range(6, min(12, len(key_body)) + 1)]
    found = db.session.scalars(select(CompanyPrefix.prefix).where(CompanyPrefix.prefix.in_(candidates))).all()
    return max((len(prefix) for prefix in found), default=None)


def identify(text, field="id"):
    """What ``text`` names (EPC, Digital Link, lot, hex, container number).

    :raise InvalidInput: saying what is wrong with it, under ``field``.
    """
    try:
        return keys.identify(text, prefix_length)
    except InvalidIdentifier as error:
        message = _("%(value)s is not an identifier we can trace: %(reason)s", value=text,
                    reason=translated(error.message))
        raise InvalidInput(message, {field: [message]}) from None


def resolve(identifier):
    """A container by its number is named by its own tag (GRAI or SSCC) when it has one on record,
    so packing, reads and traces all name it the same way."""
    if identifier.kind != "container":
        return identifier
    tag = db.session.scalar(select(Container.epc_uri).where(Container.number == identifier.container))
    return keys.identify(tag, prefix_length) if tag else identifier


# The filter a tag of each scheme most likely carries, when the caller does not say.
_DEFAULT_FILTERS = {"sgtin": keys.FILTERS["item"], "sscc": keys.FILTERS["pallet"], "grai": keys.FILTERS["asset"],
                    "sgln": 0}


def unit(text, filter=None):
    """One thing in all its forms (hex and tag URI with ``filter``, or the usual one of its scheme).

    :raise InvalidInput: for a malformed identifier.
    """
    if filter is not None and not 0 <= filter <= 7:
        raise InvalidInput(_("A filter value is 0 to 7."), {"filter": [_("A filter value is 0 to 7.")]})
    identifier = resolve(identify(text))
    if identifier.epc is None:
        return Unit(identifier)
    return Unit(identifier, _DEFAULT_FILTERS.get(identifier.kind, 0) if filter is None else filter)


def _own_prefix(enterprise, key_body, field):
    """The enterprise's recorded prefix that starts ``key_body``. :raise InvalidInput: when none does."""
    candidates = [key_body[:n] for n in range(6, min(12, len(key_body)) + 1)]
    found = db.session.scalars(select(CompanyPrefix).where(CompanyPrefix.enterprise_id == enterprise.id,
                                                           CompanyPrefix.prefix.in_(candidates))).all()
    if not found:
        message = _("%(key)s is not under a GS1 company prefix of this enterprise; record the prefix first.",
                    key=key_body)
        raise InvalidInput(message, {field: [message]})
    return max(found, key=lambda prefix: len(prefix.prefix))


def _gtin_under(enterprise, gtin):
    """``(gtin14, prefix)`` for a GTIN of this enterprise. :raise InvalidInput: bad check digit or not its own."""
    digits = (gtin or "").strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) in (8, 12, 13, 14)):
        raise InvalidInput(_("A GTIN is 8, 12, 13 or 14 digits."), {"gtin": [_("A GTIN is 8, 12, 13 or 14 digits.")]})
    gtin14 = digits.zfill(14)
    if gs1_check_digit(gtin14[:13]) != gtin14[13]:
        message = _("The GTIN's check digit is wrong: it should be %(digit)s.", digit=gs1_check_digit(gtin14[:13]))
        raise InvalidInput(message, {"gtin": [message]})
    return gtin14, _own_prefix(enterprise, gtin14[1:], "gtin")


# --- commissioning ------------------------------------------------------------------------------

def _when(event_time):
    return epcis.beijing_time(event_time or utcnow())


def _context(read_point):
    return {"readPoint": {"id": read_point}} if read_point else {}


def _ilmd(lot, product, farm, origin):
    ilmd = {"cbvmda:lotNumber": lot} if lot else {}
    ilmd |= {f"binhai:{name}": value for name, value in (("product", product), ("farm", farm), ("origin", origin))
             if value}
    return ilmd


def _store(enterprise, event):
    """Record the event; its errors (a bad read point, say) come back as field errors."""
    try:
        stored, _created = epcis.record_event(enterprise.id, event, source="service")
    except InvalidEvent as error:
        errors = {name: translated(said) for name, said in error.errors.items()}
        reason = "; ".join(f"{name}: {said}" for name, said in errors.items())
        raise InvalidInput(_("The event is not valid EPCIS: %(reason)s", reason=reason),
                           {name: [said] for name, said in errors.items()}) from None
    return stored


def _serials(serials, count, first_serial):
    if not serials and count:
        if not 1 <= count <= MOST_UNITS:
            raise InvalidInput(_("Commission 1 to %(most)s units at a time.", most=MOST_UNITS),
                               {"count": [_("Commission 1 to %(most)s units at a time.", most=MOST_UNITS)]})
        start = int(first_serial or 1)
        serials = [str(n) for n in range(start, start + count)]
    serials = [str(s).strip() for s in serials or () if str(s).strip()]
    if not serials or len(serials) > MOST_UNITS or len(set(serials)) != len(serials):
        message = _("Give 1 to %(most)s different serial numbers.", most=MOST_UNITS)
        raise InvalidInput(message, {"serials": [message]})
    return serials


def _not_commissioned_yet(uris, field):
    """:raise InvalidInput: when one of ``uris`` was commissioned before (an EPC is commissioned once)."""
    done = db.session.scalars(select(EpcisEventIdentifier.value).join(EpcisEvent).where(
        EpcisEventIdentifier.value.in_(uris), EpcisEventIdentifier.role == "epc",
        EpcisEvent.biz_step == "commissioning", EpcisEvent.action == "ADD").limit(3)).all()
    if done:
        message = _("Already commissioned: %(epcs)s", epcs=", ".join(done))
        raise InvalidInput(message, {field: [message]})


def _next_serial_references(prefix, count):
    """The next ``count`` SSCC serial references of ``prefix`` (its row is locked by the caller)."""
    like = f"urn:epc:id:sscc:{prefix.prefix}.%"
    highest = db.session.scalar(select(func.max(EpcisEventIdentifier.value)).where(
        EpcisEventIdentifier.value.like(like)))
    width = 16 - len(prefix.prefix)
    last = int(highest.rsplit(".", 1)[1][1:]) if highest else 0
    if last + count >= 10 ** width:
        message = _("The prefix %(prefix)s has no SSCC serial references left.", prefix=prefix.prefix)
        raise InvalidInput(message, {"count": [message]})
    return [str(n).zfill(width) for n in range(last + 1, last + 1 + count)]


def commission(actor, enterprise, kind, *, gtin=None, serials=(), count=None, first_serial=None, lot=None,
               quantity=None, uom=None, asset_type=None, product="", farm="", origin="", event_time=None,
               read_point=None):
    """Give the enterprise's goods their EPCs and record it (ObjectEvent ADD, commissioning, active).

    ``kind``: ``item``/``case`` (SGTIN from ``gtin`` and ``serials``, or ``count`` from ``first_serial``),
    ``pallet`` (``count`` SSCCs with the next serial references of the enterprise's prefix),
    ``asset`` (GRAI of ``asset_type`` with ``serials``), ``lot`` (``quantity`` ``uom`` of lot ``lot`` of
    ``gtin``, e.g. a farm's harvest). The lot number, product, farm and origin go into the ILMD.
    """
    if kind not in KINDS:
        raise InvalidInput(_("Choose what to tag."), {"kind": [_("Choose what to tag.")]})
    with transaction():
        event = {"type": "ObjectEvent", "action": "ADD", **_when(event_time), "bizStep": "commissioning",
                 "disposition": "active", **_context(read_point)}
        if kind in ("item", "case"):
            gtin14, prefix = _gtin_under(enterprise, gtin)
            units = [Unit(keys.identify(sgtin(gtin14, serial, prefix.length).pure_identity_uri, prefix_length),
                          keys.FILTERS[kind]) for serial in _serials(serials, count, first_serial)]
        elif kind == "pallet":
            prefix = _first_prefix(enterprise, locked=True)
            references = _next_serial_references(prefix, _count(count))
            units = [Unit(keys.identify(_sscc(prefix.prefix, reference), prefix_length), keys.FILTERS[kind])
                     for reference in references]
        elif kind == "asset":
            units = _assets(enterprise, asset_type, serials, count, first_serial)
        else:
            units = [_lot_unit(enterprise, gtin, lot, quantity, uom)]
            event["quantityList"] = [{"epcClass": units[0].identifier.uri, "quantity": float(quantity),
                                      "uom": uom}]
        if kind != "lot":
            uris = [unit.identifier.uri for unit in units]
            _not_commissioned_yet(uris, "serials")
            event["epcList"] = uris
        ilmd = _ilmd(lot if kind != "lot" else units[0].identifier.lot, product, farm, origin)
        if ilmd:
            event["ilmd"] = ilmd
            event["@context"] = [NAMESPACE]
        stored = _store(enterprise, event)
        record("tagging.commissioned", actor=actor.public_id, enterprise=enterprise.public_id,
               target=stored.event_id, after={"kind": kind, "count": len(units), "first": units[0].identifier.uri})
    return Tagged(stored, units)


def _count(count):
    if not count or not 1 <= int(count) <= MOST_UNITS:
        raise InvalidInput(_("Commission 1 to %(most)s units at a time.", most=MOST_UNITS),
                           {"count": [_("Commission 1 to %(most)s units at a time.", most=MOST_UNITS)]})
    return int(count)


def _first_prefix(enterprise, locked=False):
    """The enterprise's first prefix (locked for allocating serial references). :raise InvalidInput: if none."""
    statement = select(CompanyPrefix).where(CompanyPrefix.enterprise_id == enterprise.id) \
        .order_by(CompanyPrefix.prefix).limit(1)
    prefix = db.session.scalar(lock_for_update(statement) if locked else statement)
    if prefix is None:
        message = _("Record a GS1 company prefix of this enterprise first.")
        raise InvalidInput(message, {"prefix": [message]})
    return prefix


def _sscc(company_prefix, reference):
    body = "0" + company_prefix + reference
    return sscc(body + gs1_check_digit(body), len(company_prefix)).pure_identity_uri


def _assets(enterprise, asset_type, serials, count, first_serial):
    prefix = _first_prefix(enterprise)
    asset_type = (asset_type or "").strip()
    width = 12 - prefix.length
    if not (asset_type.isascii() and asset_type.isdigit() and len(asset_type) == width):
        message = _("The asset type under prefix %(prefix)s is %(width)s digits.", prefix=prefix.prefix, width=width)
        raise InvalidInput(message, {"asset_type": [message]})
    body = prefix.prefix + asset_type
    try:
        return [Unit(keys.identify(grai("0" + body + gs1_check_digit(body) + serial, prefix.length)
                                   .pure_identity_uri, prefix_length), keys.FILTERS["asset"])
                for serial in _serials(serials, count, first_serial)]
    except InvalidIdentifier as error:
        why = translated(error.message)
        raise InvalidInput(why, {"serials": [why]}) from None


def _lot_unit(enterprise, gtin, lot, quantity, uom):
    gtin14, prefix = _gtin_under(enterprise, gtin)
    _mass(quantity, uom, "quantity")
    try:
        return Unit(keys.parse_lgtin(keys.lgtin(gtin14, lot or "", prefix.length)))
    except InvalidIdentifier as error:
        why = translated(error.message)
        raise InvalidInput(why, {"lot": [why]}) from None


def _mass(quantity, uom, field):
    if uom not in MASS_UNITS:
        message = _("Give the weight in KGM (kilograms) or TNE (tonnes).")
        raise InvalidInput(message, {field: [message]})
    if quantity is None or Decimal(str(quantity)) <= 0:
        message = _("The quantity must be more than 0.")
        raise InvalidInput(message, {field: [message]})


# --- packing and processing ---------------------------------------------------------------------

def _identified_all(texts, field):
    found = [identify(text, field) for text in texts or () if text and text.strip()]
    if not found:
        message = _("Name at least one thing.")
        raise InvalidInput(message, {field: [message]})
    return found


def pack(actor, enterprise, parent, children, *, event_time=None, read_point=None):
    """Pack ``children`` into ``parent`` (AggregationEvent ADD): cases on a pallet (packing), pallets into
    a container (loading)."""
    with transaction():
        into = resolve(identify(parent, "parent"))
        inside = _identified_all(children, "children")
        if into.uri in {child.uri for child in inside}:
            raise InvalidInput(_("Nothing is packed into itself."), {"children": [_("Nothing is packed into itself.")]})
        if into.kind == "lgtin" or any(child.kind == "lgtin" for child in inside):
            message = _("Pack tagged units; a lot goes into a transformation.")
            raise InvalidInput(message, {"children": [message]})
        step = "loading" if _is_container(into) else "packing"
        stored = _store(enterprise, {"type": "AggregationEvent", "action": "ADD", **_when(event_time),
                                     "parentID": into.uri, "childEPCs": [child.uri for child in inside],
                                     "bizStep": step, "disposition": "in_progress", **_context(read_point)})
        record("tagging.packed", actor=actor.public_id, enterprise=enterprise.public_id, target=stored.event_id,
               after={"parent": into.uri, "children": len(inside), "bizStep": step})
    return Tagged(stored, [Unit(into)] + [Unit(child) for child in inside])


def _is_container(identifier):
    return identifier.kind == "container" or db.session.scalar(
        select(Container.id).where(Container.epc_uri == identifier.uri)) is not None


def unpack(actor, enterprise, parent, children=(), *, event_time=None, read_point=None):
    """Take ``children`` (all of them when none is named) out of ``parent`` (AggregationEvent DELETE)."""
    with transaction():
        out_of = resolve(identify(parent, "parent"))
        inside = [identify(text, "children") for text in children or () if text and text.strip()]
        step = "unloading" if _is_container(out_of) else "unpacking"
        event = {"type": "AggregationEvent", "action": "DELETE", **_when(event_time), "parentID": out_of.uri,
                 "bizStep": step, **_context(read_point)}
        if inside:
            event["childEPCs"] = [child.uri for child in inside]
        stored = _store(enterprise, event)
        record("tagging.unpacked", actor=actor.public_id, enterprise=enterprise.public_id, target=stored.event_id,
               after={"parent": out_of.uri, "children": len(inside) or "all"})
    return Tagged(stored, [Unit(out_of)] + [Unit(child) for child in inside])


def process(actor, enterprise, inputs, *, outputs=(), output_lots=(), event_time=None, read_point=None):
    """Process agricultural lots (TransformationEvent): ``inputs`` are ``(lot, quantity, uom)`` with the lot
    as class URI or Digital Link; out come tagged units (``outputs``) and/or new lots of the enterprise's
    GTINs (``output_lots``: ``(gtin, lot, quantity, uom)``)."""
    with transaction():
        quantities = []
        for index, (text, quantity, uom) in enumerate(inputs or ()):
            lot = identify(text, "inputs")
            if lot.kind != "lgtin":
                message = _("%(value)s is not a lot.", value=text)
                raise InvalidInput(message, {"inputs": [message]})
            _mass(quantity, uom, "inputs")
            quantities.append({"epcClass": lot.uri, "quantity": float(quantity), "uom": uom})
        if not quantities:
            raise InvalidInput(_("Name the lots that go in."), {"inputs": [_("Name the lots that go in.")]})
        made = [identify(text, "outputs") for text in outputs or () if text and text.strip()]
        made_lots = []
        for gtin, lot, quantity, uom in output_lots or ():
            unit = _lot_unit(enterprise, gtin, lot, quantity, uom)
            made_lots.append((unit, {"epcClass": unit.identifier.uri, "quantity": float(quantity), "uom": uom}))
        if not made and not made_lots:
            raise InvalidInput(_("Name what comes out."), {"outputs": [_("Name what comes out.")]})
        event = {"type": "TransformationEvent", **_when(event_time), "inputQuantityList": quantities,
                 "bizStep": "commissioning" if made else "creating_class_instance", "disposition": "active",
                 **_context(read_point)}
        if made:
            event["outputEPCList"] = [unit.uri for unit in made]
        if made_lots:
            event["outputQuantityList"] = [quantity for _unit, quantity in made_lots]
        stored = _store(enterprise, event)
        record("tagging.processed", actor=actor.public_id, enterprise=enterprise.public_id, target=stored.event_id,
               after={"inputs": [q["epcClass"] for q in quantities], "outputs": len(made) + len(made_lots)})
    return Tagged(stored, [Unit(unit) for unit in made] + [unit for unit, _q in made_lots])
