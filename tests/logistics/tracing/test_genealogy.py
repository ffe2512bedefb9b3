"""Genealogy over plain events: backward and forward through packing and processing, respecting time."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st

from logistics.tracing.genealogy import (
    ADD, AGGREGATION, DELETE, OBJECT, TRANSFORMATION, Genealogy, TraceEvent,
)

T0 = datetime(2026, 10, 1, tzinfo=timezone.utc)
FARM_A = "urn:epc:class:lgtin:6901234.012345.FARM-A"
FARM_B = "urn:epc:class:lgtin:6901234.012345.FARM-B"
CASES = [f"urn:epc:id:sgtin:6901234.112345.{n}" for n in range(1, 4)]
PALLET = "urn:epc:id:sscc:6901234.0000000001"
OTHER_PALLET = "urn:epc:id:sscc:6901234.0000000002"
CONTAINER = "urn:epc:id:bic:CSQU3054383"


def at(hours):
    """A time ``hours`` after the start of the story (a datetime is taken as it is)."""
    return hours if isinstance(hours, datetime) else T0 + timedelta(hours=hours)


def pack(event_id, hours, parent, children, action=ADD, **context):
    return TraceEvent(event_id, AGGREGATION, at(hours), action=action, parent=parent, children=tuple(children),
                      **context)


def rice_events():
    return [
        TraceEvent(1, OBJECT, at(0), action=ADD, epcs=(FARM_A,), biz_step="commissioning"),
        TraceEvent(2, OBJECT, at(0), action=ADD, epcs=(FARM_B,), biz_step="commissioning"),
        TraceEvent(3, TRANSFORMATION, at(5), inputs=(FARM_A, FARM_B), outputs=tuple(CASES),
                   biz_step="commissioning", read_point="urn:epc:id:sgln:6901234.00001.0"),
        pack(4, 6, PALLET, CASES, biz_step="packing", read_point="urn:epc:id:sgln:6901234.00001.0"),
        pack(5, 7, CONTAINER, [PALLET], biz_step="loading", read_point="urn:epc:id:sgln:6901234.00002.0"),
        TraceEvent(6, OBJECT, at(8), action="OBSERVE", epcs=(CONTAINER,), biz_step="shipping",
                   read_point="urn:epc:id:sgln:6901234.00003.0",
                   sources=(("owning_party", "urn:epc:id:pgln:6901234.00000"),),
                   destinations=(("owning_party", "urn:epc:id:pgln:6909999.00000"),)),
    ]


def identifiers(reached):
    return {r.identifier for r in reached}


def test_a_case_traces_back_to_both_farm_lots():
    found = Genealogy(rice_events()).backward(CASES[0])

    assert {FARM_A, FARM_B} <= identifiers(found)
    assert PALLET not in identifiers(found)


def test_a_lot_traces_forward_to_the_cases_pallet_and_container():
    found = Genealogy(rice_events()).forward(FARM_A)

    assert set(CASES) | {PALLET, CONTAINER} <= identifiers(found)
    assert FARM_B not in identifiers(found)


def test_a_case_unpacked_before_the_pallet_was_loaded_is_not_in_the_container():
    events = rice_events() + [pack(7, 6.5, PALLET, [CASES[2]], action=DELETE, biz_step="unpacking")]
    genealogy = Genealogy(events)

    assert CONTAINER not in identifiers(genealogy.forward(CASES[2]))
    assert CONTAINER in identifiers(genealogy.forward(CASES[1]))
    assert CASES[2] not in identifiers(genealogy.backward(CONTAINER))


def test_packing_a_case_onto_another_pallet_takes_it_off_the_first():
    events = rice_events() + [pack(7, 6.5, OTHER_PALLET, [CASES[0]])]

    found = identifiers(Genealogy(events).forward(CASES[0]))

    assert OTHER_PALLET in found and CONTAINER not in found


def test_a_delete_without_children_empties_the_parent():
    events = rice_events() + [pack(7, 6.5, PALLET, [], action=DELETE)]

    assert identifiers(Genealogy(events).backward(CONTAINER)) == {CONTAINER, PALLET}


def test_a_case_commissioned_into_a_lot_is_made_from_that_lot():
    lot = "urn:epc:class:lgtin:6901234.112345.R2026"
    events = [TraceEvent(1, TRANSFORMATION, at(1), inputs=(FARM_A,), outputs=(lot,)),
              TraceEvent(2, OBJECT, at(2), action=ADD, epcs=(CASES[0],), lot=lot)]

    assert {lot, FARM_A} <= identifiers(Genealogy(events).backward(CASES[0]))
    assert CASES[0] in identifiers(Genealogy(events).forward(FARM_A))


def test_the_timeline_holds_the_events_of_what_the_case_was_inside_while_it_was_inside():
    events = rice_events() + [TraceEvent(8, OBJECT, at(9), action="OBSERVE", epcs=(PALLET,), biz_step="receiving")]
    events.append(pack(9, 8.5, CONTAINER, [], action=DELETE, biz_step="unloading"))
    timeline = Genealogy(events).timeline(CASES[0])

    assert [a.event.id for a in timeline] == [3, 4, 5, 6, 9, 8]
    assert [a.named for a in timeline] == [CASES[0], CASES[0], PALLET, CONTAINER, CONTAINER, PALLET]


def test_route_and_one_up_one_down_come_from_the_timeline():
    genealogy = Genealogy(rice_events())

    route = genealogy.route(CASES[0])
    up, down = genealogy.one_up_one_down(CASES[0])

    assert [stop.read_point for stop in route] == [
        "urn:epc:id:sgln:6901234.00001.0", "urn:epc:id:sgln:6901234.00002.0", "urn:epc:id:sgln:6901234.00003.0"]
    assert route[0].arrived == at(5) and route[0].left == at(6)
    assert up == [("owning_party", "urn:epc:id:pgln:6901234.00000")]
    assert down == [("owning_party", "urn:epc:id:pgln:6909999.00000")]


# --- properties -------------------------------------------------------------------------------------

ITEMS = [f"item{n}" for n in range(5)]
PALLETS = [f"pallet{n}" for n in range(3)]
CONTAINERS = [f"container{n}" for n in range(2)]
LOTS = [f"lot{n}" for n in range(3)]
EVERYTHING = ITEMS + PALLETS + CONTAINERS + LOTS


@st.composite
def events(draw):
    kind = draw(st.sampled_from(["pack_items", "pack_pallets", "unpack", "empty", "transform", "commission"]))
    event_id, hours = draw(st.integers(0, 10_000)), draw(st.integers(0, 20))
    some = lambda pool: tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)))
    if kind == "pack_items":
        return pack(event_id, hours, draw(st.sampled_from(PALLETS)), some(ITEMS))
    if kind == "pack_pallets":
        return pack(event_id, hours, draw(st.sampled_from(CONTAINERS)), some(PALLETS))
    if kind == "unpack":
        return pack(event_id, hours, draw(st.sampled_from(PALLETS + CONTAINERS)), some(ITEMS + PALLETS),
                    action=DELETE)
    if kind == "empty":
        return pack(event_id, hours, draw(st.sampled_from(PALLETS + CONTAINERS)), (), action=DELETE)
    if kind == "transform":
        return TraceEvent(event_id, TRANSFORMATION, at(hours), inputs=some(LOTS + ITEMS), outputs=some(LOTS + ITEMS))
    return TraceEvent(event_id, OBJECT, at(hours), action=ADD, epcs=some(ITEMS), lot=draw(st.sampled_from(LOTS)))


histories = st.lists(events(), max_size=25, unique_by=lambda event: event.id)


@settings(max_examples=300, deadline=None)
@given(histories, st.sampled_from(EVERYTHING))
def test_whatever_x_went_into_traces_back_to_x(history, start):
    genealogy = Genealogy(history)

    for reached in genealogy.forward(start):
        assert start in identifiers(genealogy.backward(reached.identifier))


@settings(max_examples=300, deadline=None)
@given(histories, st.sampled_from(EVERYTHING))
def test_whatever_went_into_y_traces_forward_to_y(history, start):
    genealogy = Genealogy(history)

    for reached in genealogy.backward(start):
        assert start in identifiers(genealogy.forward(reached.identifier))


@settings(max_examples=200, deadline=None)
@given(histories, st.sampled_from(ITEMS), st.sampled_from(PALLETS), st.sampled_from(CONTAINERS))
def test_an_item_unpacked_before_its_pallet_is_loaded_never_reaches_that_container(history, item, pallet, container):
    times = [e.event_time for e in history] or [T0]
    first, last = min(times) - timedelta(hours=3), max(times) + timedelta(hours=1)
    bracket = [pack(20_001, first, pallet, [item]), pack(20_002, first + timedelta(hours=1), pallet, [item],
                                                          action=DELETE)]
    loaded = pack(20_003, last, container, [pallet])
    only_packing = [e for e in history if e.type == AGGREGATION and item not in e.children]
    genealogy = Genealogy([pack(e.id, e.event_time, e.parent, e.children, e.action)
                           for e in only_packing] + bracket + [loaded])

    assert container not in identifiers(genealogy.forward(item))


@settings(max_examples=200, deadline=None)
@given(histories, st.sampled_from(EVERYTHING))
def test_the_timeline_is_in_time_order_and_names_the_thing_or_what_it_was_inside(history, start):
    genealogy = Genealogy(history)
    containers = set(genealogy.containers(start))

    timeline = genealogy.timeline(start)

    assert [a.event.event_time for a in timeline] == sorted(a.event.event_time for a in timeline)
    assert all(a.named == start or a.named in containers for a in timeline)
    assert {e.id for e in history if start in e.roles()} <= {a.event.id for a in timeline}
