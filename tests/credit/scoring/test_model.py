"""A score model is data that validates itself: bad bins and bad fields are refused by name."""
import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.scoring.model import GRADES, load_model
from credit.scoring.standard import STANDARD_DOCUMENT, STANDARD_MODEL


def _document():
    return copy.deepcopy(STANDARD_DOCUMENT)


def test_the_standard_model_loads_with_its_version_and_neutral_grade():
    assert STANDARD_MODEL.version == "2026.1"
    assert STANDARD_MODEL.neutral_grade == "BBB"
    assert STANDARD_MODEL.abnormal_operations_cap == "BB"


def test_gapped_bins_are_refused_naming_the_variable():
    document = _document()
    document["variables"][3]["bins"][1]["lower"] = 1.5

    with pytest.raises(ValueError, match="'disputes_lost'.*contiguous"):
        load_model(document)


def test_overlapping_bins_are_refused_naming_the_variable():
    document = _document()
    document["variables"][0]["bins"][2]["lower"] = 65

    with pytest.raises(ValueError, match="'payment_index'"):
        load_model(document)


def test_bins_must_cover_every_input():
    document = _document()
    document["variables"][2]["bins"][0]["lower"] = 0

    with pytest.raises(ValueError, match="'rfid_confirmed_share'.*open"):
        load_model(document)


def test_points_that_fall_as_the_input_improves_are_refused():
    document = _document()
    document["variables"][1]["bins"][0]["points"] = -5

    with pytest.raises(ValueError, match="'delivery_days_late'.*must not fall"):
        load_model(document)


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d.pop("version"), "version is missing"),
    (lambda d: d.update(effective_from="soon"), "effective_from"),
    (lambda d: d.update(base_points="600"), "base_points must be a int"),
    (lambda d: d["grade_bands"].pop("BB"), "grade_bands"),
    (lambda d: d["grade_bands"].update(AA=800), "grade_bands"),
    (lambda d: d.update(abnormal_operations_cap="D"), "abnormal_operations_cap"),
    (lambda d: d["variables"][0]["bins"][0].update(points=None), "'payment_index': bins\\[0\\]: points"),
    (lambda d: d["variables"][0]["bins"][1].update(lower="50"), "'payment_index': bins\\[1\\].lower"),
    (lambda d: d["variables"].append(d["variables"][0]), "only once"),
])
def test_bad_fields_are_refused_by_name(change, named):
    document = _document()
    change(document)

    with pytest.raises(ValueError, match=named):
        load_model(document)


@given(st.integers(min_value=-1000, max_value=2000))
def test_every_score_has_exactly_the_grade_of_the_best_band_it_reaches(total):
    grade = STANDARD_MODEL.grade_for(total)
    reached = [g for g, minimum in STANDARD_MODEL.grade_bands if total >= minimum]

    assert grade == (reached[0] if reached else "C")
    assert grade in GRADES


@given(st.data())
def test_points_never_fall_as_an_input_improves(data):
    variable = data.draw(st.sampled_from(STANDARD_MODEL.variables))
    a, b = sorted(data.draw(st.lists(st.floats(-1e10, 1e10), min_size=2, max_size=2)))
    worse, better = (a, b) if variable.better == "higher" else (b, a)

    assert variable.points_for(worse) <= variable.points_for(better)
