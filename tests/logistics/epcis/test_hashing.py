"""The canonical event hash: one event, one hash, however it is written."""
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from logistics.epcis import hashing
from logistics.epcis.document import BIZ_STEPS, DISPOSITIONS, normalise
from logistics.epcis.hashing import event_hash, storage_key
from tests.logistics.epcis.samples import (
    LOT, SGTIN, SGTIN_2, aggregation_event, object_event, transaction_event, transformation_event,
)


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


# Hashes computed before the EPCIS context was cached: caching must never change a stored hash.
_PINNED = {
    "object": "86909359d11f756215179249d80876f396ba4d6c77111a2ab687dccfe8b4756c",
    "aggregation": "e4242ff7fb485a0bc0607e2c94d2b82a55e6fb99cc5f53646b0eabb03ef56efe",
    "transaction": "08290149cb9bdb3c8e443cf4aae029bca9a6801304d5fd31747adcbadc7829cf",
    "transformation": "556e4086890522871ec932fa81e5b812db85e82b8ae830b2dd43a04feef5e326",
    "declaration": "7facde3ae081ae762a97ed2b8359e913d4c0d639dbc5e9efeea55cebfe03d7f7",
    "extension": "fdb53f66e702ed07a1e1ab87ef7df88a8a08432dff8266cae135e83225f0dd60",
}


def _pinned_samples():
    return {
        "object": object_event(),
        "aggregation": aggregation_event(),
        "transaction": transaction_event(),
        "transformation": transformation_event(),
        "declaration": object_event(errorDeclaration={"declarationTime": "2026-08-14T00:00:00Z",
                                                      "reason": "did_not_occur"}),
        "extension": object_event(**{"@context": [{"ex": "https://example.com/binhai/"}], "ex:lane": "B7"}),
    }


def test_stored_hashes_stay_what_they_were():
    assert {name: storage_key(normalise(event)) for name, event in _pinned_samples().items()} == {
        name: f"ni:///sha-256;{digest}?ver=CBV2.0" for name, digest in _PINNED.items()}


def _with_the_packages_own_loader(work):
    """``work()`` with the context read by epcis_event_hash_generator's loader and nothing cached."""
    jsonld.set_document_loader(hashing._package_loader)
    jsonld._resolved_context_cache.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # the package's importlib call
            return work()
    finally:
        jsonld.set_document_loader(hashing._document_loader)
        jsonld._resolved_context_cache.clear()


_EPCS = st.integers(1, 10**6).map(lambda serial: f"urn:epc:id:sgtin:0614141.812345.{serial}")
_EVENTS = st.one_of(
    st.builds(lambda epcs, step, disposition: object_event(epcList=epcs, bizStep=step, disposition=disposition),
              st.lists(_EPCS, min_size=1, max_size=4, unique=True), st.sampled_from(sorted(BIZ_STEPS)),
              st.sampled_from(sorted(DISPOSITIONS))),
    st.builds(lambda children, action: aggregation_event(children=children, action=action),
              st.lists(_EPCS, min_size=1, max_size=4, unique=True), st.sampled_from(["ADD", "OBSERVE", "DELETE"])),
    st.builds(lambda quantity: transformation_event(
        inputQuantityList=[{"epcClass": LOT, "quantity": quantity, "uom": "KGM"}]), st.integers(1, 10**5)),
    st.builds(lambda lane: object_event(**{"@context": [{"ex": "https://example.com/binhai/"}], "ex:lane": lane}),
              st.text("ABCDEFGH0123456789", min_size=1, max_size=6)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_EVENTS, min_size=1, max_size=5))
def test_the_cached_context_gives_the_hash_the_package_gives(events):
    cached = [storage_key(normalise(event)) for event in events]
    assert _with_the_packages_own_loader(lambda: [storage_key(normalise(event)) for event in events]) == cached
