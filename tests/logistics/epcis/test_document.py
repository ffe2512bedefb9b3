"""The pure EPCIS 2.0 event check: required fields per type, CBV words, EPCs, units, all errors at once."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from logistics.epcis.document import (
    BIZ_STEPS,
    DISPOSITIONS,
    InvalidEvent,
    cbv_word,
    identifiers_of,
    normalise,
)
from tests.logistics.epcis.samples import (
    LOT,
    SGTIN,
    SGTIN_2,
    SSCC,
    aggregation_event,
    object_event,
    transaction_event,
    transformation_event,
)


def _errors(event):
    with pytest.raises(InvalidEvent) as raised:
        normalise(event)
    return raised.value.errors


def _without(event, *keys):
    return {k: v for k, v in event.items() if k not in keys}


@pytest.mark.parametrize("make", [object_event, aggregation_event, transaction_event, transformation_event])
def test_well_formed_events_of_each_type_pass(make):
    assert normalise(make())["type"] == make()["type"]


def test_every_event_needs_time_and_offset():
    errors = _errors(_without(object_event(), "eventTime", "eventTimeZoneOffset"))
    assert set(errors) == {"eventTime", "eventTimeZoneOffset"}


@pytest.mark.parametrize("time", ["2026-08-13T09:14:28", "2026-08-13", "yesterday", 20260813])
def test_event_time_needs_an_offset(time):
    assert "eventTime" in _errors(object_event(eventTime=time))


@pytest.mark.parametrize("offset,ok", [("+14:00", True), ("-13:59", True), ("+00:00", True), ("+14:01", False),
                                       ("-14:00", False), ("+08", False), ("08:00", False), ("+08:60", False)])
def test_time_zone_offset_range(offset, ok):
    event = object_event(eventTimeZoneOffset=offset)
    if ok:
        assert normalise(event)["eventTimeZoneOffset"] == offset
    else:
        assert "eventTimeZoneOffset" in _errors(event)


def test_object_event_needs_action_and_objects():
    errors = _errors(_without(object_event(), "action", "epcList"))
    assert set(errors) == {"action", "epcList"}


def test_object_event_with_only_a_quantity_list_passes():
    event = _without(object_event(), "epcList")
    event["quantityList"] = [{"epcClass": LOT, "quantity": 20.5, "uom": "KGM"}]
    assert normalise(event)["quantityList"][0]["uom"] == "KGM"


def test_ilmd_only_with_add():
    assert "ilmd" in _errors(object_event(ilmd={"cbvmda:lotNumber": "L1"}))
    assert normalise(object_event(action="ADD", ilmd={"cbvmda:lotNumber": "L1"}))["ilmd"]


def test_aggregation_rules_depend_on_action():
    assert set(_errors(_without(aggregation_event(), "parentID", "childEPCs"))) == {"parentID", "childEPCs"}
    assert "parentID" in _errors(_without(aggregation_event(action="DELETE"), "parentID"))
    assert normalise(_without(aggregation_event(action="DELETE"), "childEPCs"))
    assert normalise(_without(aggregation_event(action="OBSERVE"), "parentID"))


def test_transaction_event_needs_a_business_transaction():
    assert "bizTransactionList" in _errors(transaction_event(bizTransactionList=[]))
    assert "bizTransactionList[0].type" in _errors(
        transaction_event(bizTransactionList=[{"type": "invoice", "bizTransaction": "urn:x:1"}]))


def test_transformation_needs_inputs_and_outputs_or_an_id_and_no_action():
    assert {"inputEPCList", "outputEPCList"} <= set(
        _errors(_without(transformation_event(), "inputQuantityList", "outputEPCList")))
    assert normalise(_without(transformation_event(transformationID="urn:uuid:1"), "outputEPCList"))
    assert "action" in _errors(transformation_event(action="ADD"))


def test_association_event_needs_a_parent():
    event = {"type": "AssociationEvent", "eventTime": "2026-08-13T09:00:00Z", "eventTimeZoneOffset": "+00:00",
             "action": "ADD", "childEPCs": [SGTIN]}
    assert "parentID" in _errors(event)
    assert normalise(dict(event, parentID="urn:epc:id:grai:0614141.12345.400"))


def test_unknown_type_is_refused():
    assert "type" in _errors(object_event(type="ThingEvent"))


def test_all_problems_are_reported_at_once():
    errors = _errors(object_event(action="ADX", epcList=["urn:epc:id:sgtin:1", "not an epc"], bizStep="flying",
                                  disposition="urn:epcglobal:cbv:disp:lost",
                                  quantityList=[{"epcClass": LOT, "quantity": 2, "uom": "kg"}]))
    assert set(errors) == {"action", "epcList[0]", "epcList[1]", "bizStep", "disposition", "quantityList[0].uom"}


def test_epcs_become_pure_identity_uris_and_digital_links_are_checked():
    event = normalise(object_event(epcList=["urn:epc:tag:sgtin-96:3.0614141.812345.6789",
                                            "https://id.gs1.org/01/80614141123458/21/6790"]))
    assert event["epcList"] == [SGTIN, "https://id.gs1.org/01/80614141123458/21/6790"]
    assert "epcList[0]" in _errors(object_event(epcList=["https://id.gs1.org/01/80614141123459/21/6790"]))


def test_class_ids_belong_in_quantity_lists():
    assert "epcList[0]" in _errors(object_event(epcList=[LOT]))
    assert "quantityList[0].epcClass" in _errors(object_event(quantityList=[{"epcClass": SGTIN, "quantity": 1}]))


def test_non_cbv_uris_are_extensions_but_unknown_cbv_words_are_not():
    assert normalise(object_event(bizStep="urn:example:bizstep:fumigating"))["bizStep"] == "urn:example:bizstep:fumigating"
    assert "bizStep" in _errors(object_event(bizStep="https://ref.gs1.org/cbv/BizStep-fumigating"))


def test_error_declaration_needs_a_time_and_a_cbv_reason():
    errors = _errors(object_event(errorDeclaration={"reason": "oops", "correctiveEventIDs": ["no uri"]}))
    assert set(errors) == {"errorDeclaration.declarationTime", "errorDeclaration.reason",
                           "errorDeclaration.correctiveEventIDs[0]"}
    ok = normalise(object_event(errorDeclaration={"declarationTime": "2026-08-14T00:00:00Z",
                                                  "reason": "urn:epcglobal:cbv:er:incorrect_data"}))
    assert ok["errorDeclaration"]["reason"] == "incorrect_data"


def test_read_point_may_be_given_as_a_bare_uri():
    assert normalise(object_event(readPoint="urn:epc:id:sgln:0614141.00777.0"))["readPoint"] == {
        "id": "urn:epc:id:sgln:0614141.00777.0"}


def test_identifiers_of_a_transformation_and_a_transaction():
    assert identifiers_of(normalise(transformation_event())) == [
        ("input", LOT, None), ("output", SGTIN, None), ("output", SGTIN_2, None)]
    assert identifiers_of(normalise(transaction_event(
        sourceList=[{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001"}]))) == [
        ("epc", SSCC, None), ("biz_transaction", "urn:epcglobal:cbv:bt:0614141073467:BL-2026-1", "bol"),
        ("source", "urn:epc:id:pgln:0614141.00001", "owning_party")]


_FORMS = {
    "bizStep": ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    "disposition": ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
}


@given(st.sampled_from(sorted(BIZ_STEPS)), st.sampled_from(sorted(DISPOSITIONS)), st.integers(0, 2), st.integers(0, 2))
def test_any_cbv_word_in_any_form_normalises_to_the_word(step, disposition, step_form, disposition_form):
    def written(word, vocabulary, form):
        return word if form == 0 else _FORMS[vocabulary][form - 1] + word

    event = normalise(object_event(bizStep=written(step, "bizStep", step_form),
                                   disposition=written(disposition, "disposition", disposition_form)))
    assert (event["bizStep"], event["disposition"]) == (step, disposition)
    assert cbv_word(written(step, "bizStep", step_form), "bizStep") == step


_serials = st.integers(0, 2**38 - 1).map(str)


@given(
    serials=st.lists(_serials, min_size=1, max_size=5, unique=True),
    step=st.sampled_from(sorted(BIZ_STEPS)),
    action=st.sampled_from(["ADD", "OBSERVE", "DELETE"]),
    offset=st.sampled_from(["+08:00", "-13:59", "+14:00", "+00:00", "-05:30"]),
    tag=st.booleans(),
)
def test_normalise_is_idempotent(serials, step, action, offset, tag):
    epcs = [f"urn:epc:tag:sgtin-96:1.0614141.812345.{s}" if tag else f"urn:epc:id:sgtin:0614141.812345.{s}"
            for s in serials]
    event = object_event(epcList=epcs, bizStep="urn:epcglobal:cbv:bizstep:" + step, action=action,
                         eventTimeZoneOffset=offset,
                         quantityList=[{"epcClass": LOT, "quantity": len(serials), "uom": "H87"}])
    once = normalise(event)
    assert normalise(once) == once
    assert all(e.startswith("urn:epc:id:sgtin:") for e in once["epcList"])


def test_identifiers_longer_than_the_platform_keeps_are_refused():
    long_uri = "urn:example:" + "x" * 200
    errors = _errors(object_event(eventID=long_uri, bizStep=long_uri, readPoint={"id": long_uri},
                                  epcList=["urn:epc:id:giai:0614141." + "1" * 200]))
    assert set(errors) == {"eventID", "bizStep", "readPoint.id", "epcList[0]"}
