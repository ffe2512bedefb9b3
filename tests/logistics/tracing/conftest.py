"""The rice story of issue 6: two farm lots processed into 30 cases, packed on a pallet, loaded into a
container that a shipment's sea leg carries on a named vessel; told through the tagging services."""
from dataclasses import dataclass
from datetime import timedelta

import pytest

from logistics.identifiers import gs1_check_digit
from logistics.shipments import services as shipments
from logistics.tagging import services as tagging
from marketplace.database import utcnow
from tests.builders import owner_of
from tests.settlement.fixtures import steel_contract

PREFIX = "6901234"
CONTAINER = "CSQU3054383"
IMO = "9074729"


def gtin(item_reference):
    body = "0" + PREFIX + item_reference
    return body + gs1_check_digit(body)


PADDY, RICE = gtin("00001"), gtin("11234")


@dataclass
class Rice:
    seller: object
    buyer: object
    carrier: object
    lots: list
    cases: list
    pallet: str
    shipment: object


@pytest.fixture
def carrier(world):
    return world.enterprise(kinds=("logistics",))


@pytest.fixture
def rice(ctx, buyer, seller, carrier):
    user = owner_of(seller)
    start = utcnow() - timedelta(days=10)
    tagging.record_prefix(user, seller, PREFIX)
    lots = [tagging.commission(user, seller, "lot", gtin=PADDY, lot=lot, quantity=5, uom="TNE", farm=farm,
                               origin="Ninghe, Tianjin", product="Japonica paddy", event_time=start)
            .units[0].identifier.uri for lot, farm in (("FARM-A", "Ninghe Farm No. 2"), ("FARM-B", "Qilihai Farm"))]
    cases = [u.identifier.uri for u in tagging.commission(
        user, seller, "case", gtin=RICE, count=30, lot="R2026-11", product="Xiaozhan rice 5 kg x 4",
        event_time=start + timedelta(days=1)).units]
    tagging.process(user, seller, [(lots[0], 600, "KGM"), (lots[1], 0.0006 * 1000, "TNE")], outputs=cases,
                    event_time=start + timedelta(days=1, hours=1))
    pallet = tagging.commission(user, seller, "pallet", count=1, event_time=start + timedelta(days=2)).units[0]
    tagging.pack(user, seller, pallet.identifier.uri, cases, event_time=start + timedelta(days=2, hours=1))
    tagging.pack(user, seller, CONTAINER, [pallet.identifier.uri], event_time=start + timedelta(days=3))
    booked = shipments.book(user, seller, "contract", steel_contract(buyer, seller).public_id, "天津港", "上海",
                            carrier_public_id=carrier.public_id)
    shipments.add_leg(owner_of(carrier), carrier, booked.public_id, "sea", "Tianjin Xingang", "Shanghai",
                      "CNTXG", "CNSHA", vessel_imo=IMO, vessel_name="Binhai Star", voyage="2611S", container=CONTAINER)
    return Rice(seller, buyer, carrier, lots, cases, pallet.identifier.uri, booked)
