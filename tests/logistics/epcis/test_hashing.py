"""The canonical event hash: one event, one hash, however it is written."""
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.epcis.document import BIZ_STEPS, DISPOSITIONS, normalise
from logistics.epcis.hashing import event_hash, storage_key
from tests.logistics.epcis.samples import SGTIN, SGTIN_2, aggregation_event, object_event


def test_hash_has_the_named_information_form():
    value = event_hash(normalise(object_event()))
    assert value.startswith("ni:///sha-256;") and value.endswith("?ver=CBV2.0")


def test_key_order_list_order_and_cbv_form_do_not_change_the_hash():
    plain = object_event(epcList=[SGTIN, SGTIN_2])
    written = object_event(epcList=[SGTIN_2, SGTIN], bizStep="urn:epcglobal:cbv:bizstep:shipping",
                           disposition="https://ref.gs1.org/cbv/Disp-in_transit")
    reordered = dict(reversed(list(written.items())))
    assert event_hash(normalise(plain)) == event_hash(normalise(reordered)) == event_hash(reordered)


def test_event_id_and_record_time_do_not_change_the_hash():
    assert event_hash(object_event()) == event_hash(
        object_event(eventID="urn:uuid:00000000-0000-4000-8000-000000000001", recordTime="2026-08-14T00:00:00Z"))


def test_the_same_moment_in_another_offset_is_the_same_event():
    assert event_hash(object_event(eventTime="2026-08-13T09:14:28.651+08:00")) == event_hash(
        object_event(eventTime="2026-08-13T01:14:28.651Z"))


def test_a_different_epc_or_step_is_a_different_event():
    base = event_hash(object_event())
    assert event_hash(object_event(epc=SGTIN_2)) != base
    assert event_hash(object_event(bizStep="receiving")) != base
    assert event_hash(aggregation_event()) != base


def test_an_error_declaration_is_stored_under_its_own_key():
    event = object_event()
    declared = object_event(errorDeclaration={"declarationTime": "2026-08-14T00:00:00Z", "reason": "did_not_occur"})
    assert event_hash(declared) == event_hash(event)
    assert storage_key(declared) != storage_key(event) == event_hash(event)


@settings(max_examples=30, deadline=None)
@given(st.permutations(["urn:epc:id:sgtin:0614141.812345.1", "urn:epc:id:sgtin:0614141.812345.2",
                        "urn:epc:id:sgtin:0614141.812345.3"]))
def test_epc_order_never_matters(epcs):
    assert event_hash(object_event(epcList=epcs)) == event_hash(object_event(epcList=sorted(epcs)))


_STEP_FORMS = ("{}", "urn:epcglobal:cbv:bizstep:{}", "https://ref.gs1.org/cbv/BizStep-{}")
_DISPOSITION_FORMS = ("{}", "urn:epcglobal:cbv:disp:{}", "https://ref.gs1.org/cbv/Disp-{}")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(BIZ_STEPS)), st.sampled_from(sorted(DISPOSITIONS)),
       st.sampled_from(_STEP_FORMS), st.sampled_from(_DISPOSITION_FORMS), st.randoms(use_true_random=False))
def test_the_hash_ignores_how_cbv_words_are_written_and_key_order(step, disposition, step_form, disposition_form,
                                                                    random):
    written = object_event(bizStep=step_form.format(step), disposition=disposition_form.format(disposition))
    keys = list(written)
    random.shuffle(keys)
    shuffled = {key: written[key] for key in keys}
    assert storage_key(normalise(shuffled)) == event_hash(object_event(bizStep=step, disposition=disposition))
