"""Demo logistics: a logistics firm with read points and readers, shipments in every status with their
reads and events, and one traced agricultural lot.

The story, told through the services people use: Jiahe processes Xiaozhan rice from two farm lots into
30 tagged cases (SGTIN) on one pallet (SSCC), stuffs the pallet into a container and sells it to Fengsui;
Zhicang carries it by road to Tianjin Xingang (CNTXG), on a named vessel to Shanghai (CNSHA) and to the
buyer's dock. Its readers post raw reads (generic JSON batches through the readers' ingestion) at the
gate-out, the quay, the discharge and the dock, so the shipment moves by reads and is delivered. Other
contracts' shipments are left booked, picked up, in transit, at port, held by customs, out for delivery
and delayed. Loaded once: a run that finds the rice processor's GS1 prefix recorded adds nothing.
"""
import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from stdnum import iso6346

from logistics.epcis import services as epcis
from logistics.identifiers import gs1_check_digit, sgln
from logistics.readers import services as readers
from logistics.shipments import services as shipments
from logistics.shipments.models import Shipment
from logistics.tagging import services as tagging
from logistics.tagging.models import CompanyPrefix
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.orders import services as orders
from trading.contracts.models import Contract

# GS1 company prefixes of the demo firms (GS1 China's range starts 690-699).
PREFIXES = {"jiahe": "6923456", "zhicang": "6923457", "fengsui": "6923458"}
PADDY_REFERENCE, RICE_REFERENCE = "00001", "10025"
VESSELS = (("9074729", "津海之星 Jinhai Star", "2611S"), ("9176187", "滨海明珠 Binhai Pearl", "2612S"))
FARM_LOTS = (
    ("XZ-DDG-2611", "小站镇东大沽稻米合作社 Xiaozhan Dongdagu Rice Cooperative", Decimal("3.5")),
    ("XZ-BDH-2611", "北闸口镇八里台家庭农场 Beizhakou Balitai Family Farm", Decimal("2.6")),
)
ORIGIN = "天津市津南区 Jinnan, Tianjin"
CASES = 30
# Statuses the other shipments are left in, by what happens to them (see _drive).
STORIES = ("booked", "picked_up", "in_transit", "at_port", "customs_hold", "out_for_delivery", "delayed")


def gtin(prefix, reference):
    body = "0" + prefix + reference
    return body + gs1_check_digit(body)


def container_number(serial):
    body = f"BHCU{serial:06d}"
    return body + iso6346.calc_check_digit(body)


@dataclass
class Site:
    """The carrier's read points (by role) and the reader at each."""

    points: dict
    readers: dict


def load(credit_codes):
    """Load the logistics story once; :return: how many shipments this run booked."""
    if db.session.scalar(select(CompanyPrefix.id).where(CompanyPrefix.prefix == PREFIXES["jiahe"])) is not None:
        return 0
    firms = {slug: db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_codes[slug]))
             for slug in ("jiahe", "zhicang", "fengsui")}
    if any(firm is None or firm.status != "verified" for firm in firms.values()):
        return 0
    for slug, prefix in PREFIXES.items():
        tagging.record_prefix(owner_of(firms[slug]), firms[slug], prefix)
    site = _site(firms["zhicang"])
    start = utcnow() - timedelta(days=14)
    booked = [_rice(firms, site, start)]
    for number, (contract, story) in enumerate(zip(_contracts(), STORIES), start=1):
        booked.append(_other(firms["zhicang"], site, contract, story, number, start + timedelta(days=number)))
    return len(booked)


def _site(carrier):
    """Gate-out at the warehouse, the quay at Tianjin Xingang, the discharge at Shanghai, the buyer's dock."""
    user, prefix = owner_of(carrier), PREFIXES["zhicang"]
    plan = {
        "gate": ("智仓东疆保税仓 出库门 Zhicang Dongjiang warehouse gate-out", "shipping", "in_transit", None, None,
                 "天津东疆 Tianjin Dongjiang"),
        "quay": ("天津新港 集装箱码头岸桥 Tianjin Xingang quay crane", "loading", "in_transit", "LOAD", "CNTXG",
                 "天津新港 Tianjin Xingang"),
        "discharge": ("上海港 卸船岸桥 Shanghai discharge crane", "unloading", "in_progress", "DISC", "CNSHA",
                      "上海港 Shanghai"),
        "dock": ("丰穗粮油 上海分拨中心收货口 Fengsui Shanghai distribution dock", "receiving", "in_progress", None,
                 "CNSHA", "上海 Shanghai"),
    }
    points, devices = {}, {}
    for number, (role, (name, step, disposition, port_event, locode, facility)) in enumerate(plan.items(), start=1):
        gln = prefix + f"{number:05d}"
        points[role] = readers.register_read_point(
            user, carrier, name=name, sgln=sgln(gln + gs1_check_digit(gln), "0", len(prefix)).pure_identity_uri,
            biz_step=step, disposition=disposition, port_event=port_event, unlocode=locode, facility=facility)
        reader, _token = readers.register_reader(user, carrier, name=f"{name} reader", model="Zebra FX9600")
        readers.bind_antenna(user, carrier, reader.public_id, 1, points[role].public_id)
        devices[role] = reader
    return Site(points, devices)


def _read(site, role, epc_hex, at):
    """Three raw reads of one tag within a second or two: one sighting, one ObjectEvent."""
    body = {"reader_id": site.readers[role].public_id,
            "reads": [{"epc": epc_hex, "antenna": 1, "rssi": -52.5 - n,
                       "timestamp": (at + timedelta(milliseconds=700 * n)).isoformat()} for n in range(3)]}
    readers.ingest(site.readers[role], json.dumps(body).encode(), "generic", "http")


def _port_event(carrier, shipment, code, number, at, locode="CNSHA"):
    shipments.record_port_event(owner_of(carrier), carrier, {
        "eventType": "EQUIPMENT", "equipmentEventTypeCode": code, "equipmentReference": number,
        "emptyIndicatorCode": "LADEN", "eventDateTime": at.isoformat(),
        "eventLocation": {"UNLocationCode": locode}}, shipment.public_id)


def _rice(firms, site, start):
    """The traced lot: farm lots → 30 cases → pallet → container → vessel → the buyer's dock."""
    jiahe, zhicang, fengsui = firms["jiahe"], firms["zhicang"], firms["fengsui"]
    user = owner_of(jiahe)
    paddy, rice = gtin(PREFIXES["jiahe"], PADDY_REFERENCE), gtin(PREFIXES["jiahe"], RICE_REFERENCE)
    lots = []
    for lot, farm, tonnes in FARM_LOTS:
        lots.append(tagging.commission(user, jiahe, "lot", gtin=paddy, lot=lot, quantity=tonnes, uom="TNE",
                                       product="小站稻 稻谷 Xiaozhan paddy rice", farm=farm, origin=ORIGIN,
                                       event_time=start).units[0].identifier.uri)
    cases = tagging.commission(user, jiahe, "case", gtin=rice, count=CASES, lot="XZ2611-R01",
                               product="小站稻 一等粳米 25 kg × 8 Xiaozhan japonica rice", origin=ORIGIN,
                               event_time=start + timedelta(days=1)).units
    case_uris = [case.identifier.uri for case in cases]
    tagging.process(user, jiahe, [(lot, tonnes, "TNE") for lot, (_lot, _farm, tonnes) in zip(lots, FARM_LOTS)],
                    outputs=case_uris, event_time=start + timedelta(days=1, hours=2))
    pallet = tagging.commission(user, jiahe, "pallet", count=1, event_time=start + timedelta(days=2)).units[0]
    tagging.pack(user, jiahe, pallet.identifier.uri, case_uris, event_time=start + timedelta(days=2, hours=1))
    number = container_number(1)
    listing = db.session.scalar(select(Listing).where(Listing.enterprise_id == jiahe.id,
                                                      Listing.title_en.like("%rice%")))
    order = orders.buy_listing(owner_of(fengsui), fengsui, listing.public_id, Decimal(6), fengsui.address)
    orders.confirm(user, jiahe, order.public_id)
    shipment = shipments.book(user, jiahe, "order", order.public_id, "天津临港 嘉禾粮油加工厂", "上海 丰穗分拨中心",
                              bill_of_lading="ZCBL26110001", carrier_public_id=zhicang.public_id,
                              destination_read_point=site.points["dock"].public_id)
    _legs(zhicang, shipment, number, VESSELS[0], start + timedelta(days=3))
    shipments.add_unit(user, jiahe, shipment.public_id, "pallet", pallet.identifier.uri,
                       f"{CASES} cases of Xiaozhan rice")
    tagging.pack(user, jiahe, number, [pallet.identifier.uri], event_time=start + timedelta(days=2, hours=3))
    epcis.record_event(jiahe.id, {
        "type": "ObjectEvent", "action": "OBSERVE", "eventTime": (start + timedelta(days=3)).isoformat(),
        "eventTimeZoneOffset": "+08:00", "epcList": [pallet.identifier.uri], "bizStep": "shipping",
        "disposition": "in_transit", "bizTransactionList": [{"type": "po", "bizTransaction":
                                                             f"urn:binhai:order:{order.public_id}"}],
        "sourceList": [{"type": "owning_party", "source": f"urn:epc:id:pgln:{PREFIXES['jiahe']}.00000"}],
        "destinationList": [{"type": "owning_party", "destination": f"urn:epc:id:pgln:{PREFIXES['fengsui']}.00000"}],
    }, source="service")
    moments = (("gate", 3), ("quay", 4), ("discharge", 7), ("dock", 8))
    for role, day in moments:
        _read(site, role, pallet.epc.hex, start + timedelta(days=day, hours=2))
    return shipment


def _legs(carrier, shipment, number, vessel, departure):
    user = owner_of(carrier)
    imo, name, voyage = vessel
    shipments.add_leg(user, carrier, shipment.public_id, "road", "天津东疆 智仓保税仓", "天津新港 Tianjin Xingang",
                      None, "CNTXG", planned_departure=departure, planned_arrival=departure + timedelta(hours=6))
    shipments.add_leg(user, carrier, shipment.public_id, "sea", "天津新港 Tianjin Xingang", "上海港 Shanghai",
                      "CNTXG", "CNSHA", vessel_imo=imo, vessel_name=name, voyage=voyage, container=number,
                      planned_departure=departure + timedelta(days=1), planned_arrival=departure + timedelta(days=4))
    shipments.add_leg(user, carrier, shipment.public_id, "road", "上海港 Shanghai", shipment.destination or "上海",
                      "CNSHA", None, planned_departure=departure + timedelta(days=4, hours=6),
                      planned_arrival=departure + timedelta(days=5))


def _contracts():
    """Floor contracts whose seller and buyer are verified and that have no shipment yet, oldest first."""
    shipped = select(Shipment.source_public_id)
    return [contract for contract in db.session.scalars(
        select(Contract).where(Contract.public_id.not_in(shipped)).order_by(Contract.id))
        if contract.seller.status == "verified" and contract.buyer.status == "verified"][:len(STORIES)]


def _other(carrier, site, contract, story, number, start):
    """A contract's shipment with one pallet tagged by the carrier, moved by reads and port events to ``story``."""
    seller = contract.seller
    pallet = tagging.commission(owner_of(carrier), carrier, "pallet", count=1, event_time=start).units[0]
    shipment = shipments.book(owner_of(seller), seller, "contract", contract.public_id, "天津东疆 智仓保税仓",
                              "上海", carrier_public_id=carrier.public_id,
                              destination_read_point=site.points["dock"].public_id)
    box = container_number(100 + number)
    _legs(carrier, shipment, box, VESSELS[number % 2], start + timedelta(hours=4))
    shipments.add_unit(owner_of(seller), seller, shipment.public_id, "pallet", pallet.identifier.uri,
                       contract.title_zh[:200])
    steps = {"picked_up": ("gate",), "in_transit": ("gate", "quay"), "delayed": ("gate", "quay"),
             "at_port": ("gate", "quay", "discharge"), "customs_hold": ("gate", "quay", "discharge"),
             "out_for_delivery": ("gate", "quay", "discharge")}.get(story, ())
    for day, role in enumerate(steps, start=1):
        _read(site, role, pallet.epc.hex, start + timedelta(days=day))
    if story == "customs_hold":
        _port_event(carrier, shipment, "INSP", box, start + timedelta(days=4))
    elif story == "out_for_delivery":
        _port_event(carrier, shipment, "GTOT", box, start + timedelta(days=4))
    elif story == "delayed":
        shipments.report_exception(owner_of(carrier), carrier, shipment.public_id, "delayed",
                                   "台风过境，船期推迟两天。 / A typhoon passes; the sailing is two days late.")
    return shipment
