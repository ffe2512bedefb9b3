"""A rule version's document against its detector's declared parameters (pure, with hypothesis properties)."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.surveillance.catalogue import (
    DocumentRefused, checked_document, default_document, effective_parameters,
)
from marketplace.oversight.surveillance.detectors import DETECTORS, Parameter

DECLARED = {
    "window_seconds": Parameter("seconds", 10, 1, 600, "s", "时间窗口", "window"),
    "cancel_share": Parameter("percent", Decimal("50"), Decimal("0"), Decimal("100"), "%", "撤单比例", "cancelled share"),
    "layering": Parameter("bool", False),
}


def refused_paths(document):
    with pytest.raises(DocumentRefused) as refusal:
        checked_document(document, DECLARED)
    return set(refusal.value.errors)


def test_a_valid_document_is_stored_with_exact_numbers():
    stored = checked_document({"parameters": {"window_seconds": 4, "cancel_share": 92.5},
                               "floor_overrides": {"steel": {"cancel_share": "60"}}, "notes": "tighter"}, DECLARED)
    assert stored == {"parameters": {"window_seconds": 4, "cancel_share": "92.5"},
                      "floor_overrides": {"steel": {"cancel_share": "60"}}, "notes": "tighter"}


def test_an_unknown_field_or_parameter_is_named():
    assert refused_paths({"parameters": {}, "threshold": 3}) == {"threshold"}
    assert refused_paths({"parameters": {"window": 3}}) == {"parameters.window"}
    assert refused_paths({"floor_overrides": {"steel": {"speed": 1}}}) == {"floor_overrides.steel.speed"}


def test_values_out_of_range_or_of_the_wrong_kind_are_named():
    assert refused_paths({"parameters": {"window_seconds": 0, "cancel_share": "101", "layering": "yes"}}) == {
        "parameters.window_seconds", "parameters.cancel_share", "parameters.layering"}
    assert refused_paths({"parameters": {"window_seconds": 2.5}}) == {"parameters.window_seconds"}
    assert refused_paths({"floor_overrides": {"steel": {"window_seconds": 601}}}) == {"floor_overrides.steel.window_seconds"}


def test_an_override_for_an_unknown_floor_is_named():
    with pytest.raises(DocumentRefused) as refusal:
        checked_document({"floor_overrides": {"stele": {"window_seconds": 5}}}, DECLARED, floors={"steel"})
    assert set(refusal.value.errors) == {"floor_overrides.stele"}


def test_a_floor_override_wins_on_its_floor_only():
    stored = checked_document({"parameters": {"window_seconds": 20}, "floor_overrides": {"steel": {"window_seconds": 5}}},
                              DECLARED)
    on_steel = effective_parameters(DECLARED, stored["parameters"], stored["floor_overrides"], "steel")
    elsewhere = effective_parameters(DECLARED, stored["parameters"], stored["floor_overrides"], "chemicals")
    assert (on_steel["window_seconds"], elsewhere["window_seconds"]) == (5, 20)
    assert on_steel["cancel_share"] == Decimal("50") and on_steel["layering"] is False


def test_every_installed_detector_has_a_valid_default_document():
    for module in DETECTORS.values():
        assert checked_document(default_document(module.PARAMETERS), module.PARAMETERS) == default_document(module.PARAMETERS)


@settings(deadline=None)
@given(st.integers(min_value=-1000, max_value=1000))
def test_a_whole_number_is_accepted_exactly_when_in_range(value):
    try:
        stored = checked_document({"parameters": {"window_seconds": value}}, DECLARED)
    except DocumentRefused:
        assert not 1 <= value <= 600
    else:
        assert 1 <= value <= 600 and stored["parameters"]["window_seconds"] == value


@settings(deadline=None)
@given(st.decimals(min_value=-200, max_value=200, allow_nan=False, places=3))
def test_a_stored_decimal_reads_back_as_the_same_number(value):
    try:
        stored = checked_document({"parameters": {"cancel_share": str(value)}}, DECLARED)
    except DocumentRefused:
        assert not Decimal(0) <= value <= Decimal(100)
    else:
        effective = effective_parameters(DECLARED, stored["parameters"], {}, None)
        assert effective["cancel_share"] == value


@settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=4))
def test_a_refused_document_names_every_unknown_parameter(parameters):
    unknown = {name for name in parameters if name not in DECLARED}
    try:
        checked_document({"parameters": parameters}, DECLARED)
    except DocumentRefused as refusal:
        assert {f"parameters.{name}" for name in unknown} <= set(refusal.errors)
    else:
        assert not unknown
