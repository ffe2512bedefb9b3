"""Tagging as an enterprise does it: prefixes, commissioning, packing, processing lots; bad input stores nothing."""
import pytest
from sqlalchemy import func, select

from logistics.epcis.models import EpcisEvent
from logistics.identifiers import gs1_check_digit
from logistics.tagging import services
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of

PREFIX = "6901234"


def gtin(item_reference="11234"):
    body = "0" + PREFIX + item_reference
    return body + gs1_check_digit(body)


@pytest.fixture
def firm(world):
    enterprise = world.enterprise(kinds=("logistics",))
    services.record_prefix(owner_of(enterprise), enterprise, PREFIX)
    return enterprise


def events():
    return db.session.scalar(select(func.count()).select_from(EpcisEvent))


def test_a_prefix_belongs_to_one_enterprise(world, firm):
    other = world.enterprise()

    with pytest.raises(InvalidInput) as refused:
        services.record_prefix(owner_of(other), other, PREFIX)

    assert "prefix" in refused.value.errors
    assert [p.prefix for p in services.prefixes_of(firm)] == [PREFIX]
    with pytest.raises(InvalidInput):
        services.record_prefix(owner_of(other), other, "69012")
    with pytest.raises(InvalidInput) as overlapping:
        services.record_prefix(owner_of(other), other, "690123")
    assert "overlaps" in overlapping.value.message


def test_cases_are_commissioned_as_sgtins_with_their_lot_in_the_ilmd(firm):
    tagged = services.commission(owner_of(firm), firm, "case", gtin=gtin(), count=3, lot="R2026", farm="Ninghe farm")

    assert [u.identifier.uri for u in tagged.units] == [f"urn:epc:id:sgtin:{PREFIX}.011234.{n}" for n in (1, 2, 3)]
    assert tagged.units[0].epc.tag_uri.startswith("urn:epc:tag:sgtin-96:2.")
    assert tagged.units[0].identifier.digital_link_path == f"/01/{gtin()}/21/1"
    document = tagged.event.document
    assert document["bizStep"] == "commissioning" and document["disposition"] == "active"
    assert document["ilmd"]["cbvmda:lotNumber"] == "R2026" and document["ilmd"]["binhai:farm"] == "Ninghe farm"


@pytest.mark.parametrize("wrong, field", [
    (dict(gtin=gtin()[:-1] + str((int(gtin()[-1]) + 1) % 10)), "gtin"),
    (dict(gtin="04012345000009"), "gtin"),
    (dict(gtin=gtin(), serials=["1", "1"]), "serials"),
])
def test_bad_commissioning_is_refused_and_stores_nothing(firm, wrong, field):
    with pytest.raises(InvalidInput) as refused:
        services.commission(owner_of(firm), firm, "case", **{"serials": ["1"], **wrong})

    assert field in refused.value.errors
    assert events() == 0


def test_an_epc_is_commissioned_once(firm):
    services.commission(owner_of(firm), firm, "item", gtin=gtin(), serials=["7"])

    with pytest.raises(InvalidInput):
        services.commission(owner_of(firm), firm, "item", gtin=gtin(), serials=["7", "8"])
    assert events() == 1


def test_pallets_get_the_next_serial_references(firm):
    first = services.commission(owner_of(firm), firm, "pallet", count=2)
    second = services.commission(owner_of(firm), firm, "pallet", count=1)

    uris = [u.identifier.uri for u in first.units + second.units]
    assert uris == [f"urn:epc:id:sscc:{PREFIX}.0{n:09d}" for n in (1, 2, 3)]
    assert second.units[0].epc.gs1_key.startswith("0" + PREFIX + "000000003")


def test_assets_are_grais(firm):
    tagged = services.commission(owner_of(firm), firm, "asset", asset_type="00042", serials=["9"])

    assert tagged.units[0].identifier.uri == f"urn:epc:id:grai:{PREFIX}.00042.9"


def test_packing_unpacking_and_processing_record_their_events(firm):
    user = owner_of(firm)
    farm_lot = services.commission(user, firm, "lot", gtin=gtin("00001"), lot="FARM-A", quantity=5, uom="TNE",
                                   farm="Ninghe farm").units[0].identifier.uri
    cases = [u.identifier.uri for u in services.commission(user, firm, "case", gtin=gtin(), count=2).units]
    pallet = services.commission(user, firm, "pallet", count=1).units[0].identifier.uri

    processed = services.process(user, firm, [(farm_lot, 900, "KGM")], outputs=cases)
    packed = services.pack(user, firm, pallet, cases)
    loaded = services.pack(user, firm, "CSQU3054383", [pallet])
    unloaded = services.unpack(user, firm, "CSQU 305438 3")

    assert processed.event.type == "TransformationEvent"
    assert processed.event.document["inputQuantityList"][0] == {"epcClass": farm_lot, "quantity": 900.0, "uom": "KGM"}
    assert (packed.event.biz_step, loaded.event.biz_step, unloaded.event.biz_step) == ("packing", "loading",
                                                                                        "unloading")
    assert loaded.event.document["parentID"] == "urn:epc:id:bic:CSQU3054383"
    assert unloaded.event.action == "DELETE"


@pytest.mark.parametrize("parent, children, field", [
    ("urn:epc:id:sscc:123", ["urn:epc:id:sgtin:6901234.011234.1"], "parent"),
    ("CSQU3054384", ["urn:epc:id:sgtin:6901234.011234.1"], "parent"),
    ("CSQU3054383", ["30740000"], "children"),
])
def test_malformed_identifiers_are_refused_when_packing(firm, parent, children, field):
    with pytest.raises(InvalidInput) as refused:
        services.pack(owner_of(firm), firm, parent, children)

    assert field in refused.value.errors
    assert events() == 0


def test_lots_in_are_weighed_in_kilograms_or_tonnes(firm):
    lot = f"urn:epc:class:lgtin:{PREFIX}.000001.FARM-A"

    with pytest.raises(InvalidInput):
        services.process(owner_of(firm), firm, [(lot, 5, "kg")], outputs=[f"urn:epc:id:sgtin:{PREFIX}.011234.1"])
    assert events() == 0


def test_an_unreadable_identifier_is_explained_in_the_readers_language(app, catalogue):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        with pytest.raises(InvalidInput) as refused:
            services.identify("urn:epc:class:lgtin:6901234.1123.LOT")
    assert refused.value.errors["id"][0].endswith(
        "译:'urn:epc:class:lgtin:6901234.1123.LOT' is not a lot class URI (urn:epc:class:lgtin:prefix.itemref.lot)")
