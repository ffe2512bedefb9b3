"""The operator configures floors and instruments as data, through the services."""
import copy
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditRecord
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import DIESEL_SPEC, PETROLEUM_SCHEMA, list_instrument, petroleum_settings
from trading.book import services as book
from trading.floors import services as floors
from trading.floors.models import Floor


def _list_diesel(operator, code="PE-DIESEL0-TJ-2612", reference="7000.00"):
    return floors.create_instrument(operator, "petroleum", code, "0号柴油 天津 2612", "Diesel 0# Tianjin 2612",
                                    DIESEL_SPEC, "天津南疆油库", "2026-12", int(Decimal(reference) * 100))


def _all_day(settings):
    return {**settings, "sessions": [{"opens": "00:00", "closes": "24:00"}], "open_weekdays": list(range(7)),
            "closed_on_holidays": False, "closed_dates": []}


def test_an_operator_opens_a_petroleum_floor_lists_diesel_and_a_trader_orders_it(world, seller):
    operator = world.operator()

    floor = floors.create_floor(operator, "petroleum", **_all_day(petroleum_settings()))
    diesel = _list_diesel(operator)
    order = book.place_order(owner_of(seller), seller, diesel.public_id, "sell", "limit", Decimal("60"), 700_100)

    assert (floor.code, floor.tick_minor, floor.lot_size, floor.band_percent) == ("petroleum", 100, 20, 6)
    assert floor.active and floor in floors.floors()
    assert diesel.spec == {"product": "diesel_0", "sulphur_ppm": 10, "density_kg_m3": "835.5",
                           "standard": "GB 19147-2016"}
    assert (order.status, order.quantity_lots) == ("open", 3)
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.target == "petroleum")) == \
        "trading.floor.created"


def test_a_diesel_spec_that_breaks_the_petroleum_schema_is_refused_by_field(world):
    operator = world.operator()
    floors.create_floor(operator, "petroleum", **petroleum_settings())

    with pytest.raises(InvalidInput) as refused:
        floors.create_instrument(operator, "petroleum", "PE-X-2612", "柴油", "Diesel", {"product": "kerosene",
                                 "sulphur_ppm": 9000}, "天津", "2026-12", 700_000)

    assert set(refused.value.errors) == {"spec.product", "spec.sulphur_ppm"}


def test_the_seeded_steel_floor_is_edited_the_same_way(world):
    operator = world.operator()

    floors.update_floor(operator, "steel", band_percent="7.5", buyer_fee_bp=6, closed_dates=["2026-10-09"])

    steel = floors.floor_by_code("steel")
    assert (steel.band_percent, steel.buyer_fee_bp, steel.closed_dates) == (Decimal("7.5"), 6, ["2026-10-09"])
    assert steel.version == 2
    change = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "trading.floor.changed"))
    assert change.before == {"band_percent": "5", "buyer_fee_bp": 5, "closed_dates": []}


def test_a_floor_sets_the_deposit_and_inspection_window_of_its_contracts(world, ctx):
    operator = world.operator()

    floors.update_floor(operator, "agriculture", deposit_percent="30", inspection_days="5")

    farm = floors.floor_by_code("agriculture")
    assert (farm.deposit_percent, farm.inspection_days) == (Decimal(30), 5)
    assert floors.floor_by_code("steel").deposit_percent == Decimal(20)


@pytest.mark.parametrize("overrides, field", [
    ({"sessions": [{"opens": "09:00", "closes": "11:30"}, {"opens": "11:00", "closes": "12:00"}]}, "sessions"),
    ({"sessions": [{"opens": "14:00", "closes": "13:00"}]}, "sessions.0.closes"),
    ({"sessions": [{"opens": "9am", "closes": "11:30"}]}, "sessions.0.opens"),
    ({"band_percent": "0"}, "band_percent"),
    ({"deposit_percent": "100"}, "deposit_percent"),
    ({"deposit_percent": "-5"}, "deposit_percent"),
    ({"inspection_days": "31"}, "inspection_days"),
    ({"band_percent": "50.5"}, "band_percent"),
    ({"tick": "0.001"}, "tick"),
    ({"unit": "barrel"}, "unit"),
    ({"currency": "XYZ"}, "currency"),
    ({"buyer_fee_bp": -1}, "buyer_fee_bp"),
    ({"open_weekdays": []}, "open_weekdays"),
    ({"closed_dates": ["31/12/2026"]}, "closed_dates"),
    ({"spec_schema": {"attributes": [{**PETROLEUM_SCHEMA["attributes"][0], "kind": "colour"}]}},
     "spec_schema.attributes.0.kind"),
    ({"spec_schema": {"attributes": [{**PETROLEUM_SCHEMA["attributes"][0], "choices": []}]}},
     "spec_schema.attributes.0.choices"),
    ({"spec_schema": {"attributes": [{**PETROLEUM_SCHEMA["attributes"][1], "minimum": 10, "maximum": 1}]}},
     "spec_schema.attributes.0.maximum"),
    ({"spec_schema": {"attributes": PETROLEUM_SCHEMA["attributes"][:2] + PETROLEUM_SCHEMA["attributes"][:1]}},
     "spec_schema.attributes.2.name"),
    ({"spec_schema": {"attributes": []}}, "spec_schema"),
])
def test_a_bad_setting_is_refused_naming_its_field_and_no_floor_is_made(world, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        floors.create_floor(world.operator(), "petroleum", **petroleum_settings(**overrides))

    assert field in refused.value.errors
    assert refused.value.errors[field][0]
    assert db.session.scalar(select(func.count()).select_from(Floor).where(Floor.code == "petroleum")) == 0


def test_a_floor_code_is_unique(world):
    with pytest.raises(InvalidInput) as refused:
        floors.create_floor(world.operator(), "steel", **petroleum_settings())

    assert "code" in refused.value.errors


def test_a_schema_change_that_existing_instruments_would_fail_is_refused_naming_them(world):
    operator = world.operator()
    rebar = list_instrument(operator)
    schema = copy.deepcopy(floors.floor_by_code("steel").spec_schema)
    schema["attributes"].append({"name": "mill", "kind": "text", "label_zh": "钢厂", "label_en": "Mill",
                                 "required": True})

    with pytest.raises(InvalidInput) as refused:
        floors.update_floor(operator, "steel", spec_schema=schema, band_percent="8")

    assert rebar.code in refused.value.errors["spec_schema"][0]
    assert "mill" in refused.value.errors["spec_schema"][0]
    steel = floors.floor_by_code("steel")
    db.session.refresh(steel)
    assert steel.band_percent == 5 and "mill" not in [a["name"] for a in steel.spec_schema["attributes"]]


def test_a_new_optional_field_keeps_existing_instruments_valid(world):
    operator = world.operator()
    list_instrument(operator)
    schema = copy.deepcopy(floors.floor_by_code("steel").spec_schema)
    schema["attributes"].append({"name": "mill", "kind": "text", "label_zh": "钢厂", "label_en": "Mill"})

    steel = floors.update_floor(operator, "steel", spec_schema=schema)

    assert steel.spec_schema["attributes"][-1] == {"name": "mill", "kind": "text", "label_zh": "钢厂",
                                                   "label_en": "Mill", "required": False}


def test_the_unit_of_a_floor_with_instruments_stays(world):
    operator = world.operator()
    list_instrument(operator)

    with pytest.raises(InvalidInput) as refused:
        floors.update_floor(operator, "steel", unit="kg")

    assert "unit" in refused.value.errors


def test_the_lot_size_stays_while_orders_rest_on_the_floor(world, seller):
    operator = world.operator()
    rebar = list_instrument(operator)
    book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", Decimal("10"), 400_000)

    with pytest.raises(InvalidInput) as refused:
        floors.update_floor(operator, "steel", lot_size="5")

    assert refused.value.errors["lot_size"] == [
        "1 order rests on this floor's books in lots of the present size; change the lot size when none does."]


def test_a_deactivated_floor_takes_no_orders(world, seller):
    operator = world.operator()
    rebar = list_instrument(operator)

    floors.set_floor_active(operator, "steel", False)

    assert "steel" not in [floor.code for floor in floors.floors()]
    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", Decimal("10"), 400_000)
    assert "suspended" in refused.value.message


def test_a_suspension_needs_a_reason_and_stops_trading(world, seller):
    operator = world.operator()
    rebar = list_instrument(operator)

    with pytest.raises(InvalidInput) as refused:
        floors.update_instrument(operator, rebar.public_id, status="suspended")
    assert "reason" in refused.value.errors

    floors.update_instrument(operator, rebar.public_id, status="suspended", reason="Warehouse flooded")

    assert rebar.status == "suspended"
    with pytest.raises(InvalidInput):
        book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", Decimal("10"), 400_000)
    suspension = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "trading.instrument.suspended"))
    assert suspension.after["reason"] == "Warehouse flooded"


def test_the_initial_reference_changes_only_before_the_first_trade(world, seller, buyer):
    operator = world.operator()
    rebar = list_instrument(operator)

    floors.update_instrument(operator, rebar.public_id, reference_price_minor=410_000)
    assert rebar.initial_reference_minor == 410_000
    book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", Decimal("10"), 410_000)
    book.place_order(owner_of(buyer), buyer, rebar.public_id, "buy", "market", Decimal("10"))

    with pytest.raises(InvalidInput) as refused:
        floors.update_instrument(operator, rebar.public_id, reference_price_minor=420_000)

    assert "traded" in refused.value.errors["reference_price"][0]
