"""Attribute schemas: what each category's listings must say, checked the same way for web and API."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import casrn

from marketplace.catalog import attributes

CAS_BODIES = st.integers(min_value=1000, max_value=999_999_999).map(str)  # 2–7 digits, then 2


def cas(body):
    """A CAS number for ``body`` with its check digit computed, as the registry writes it."""
    return f"{body[:-2]}-{body[-2:]}-{casrn.calc_check_digit(body)}"


def urea(**changes):
    return {"cas_number": "57-13-6", "purity_percent": "99.5", "hazard_class": "none"} | changes


def problems(code, values):
    with pytest.raises(attributes.AttributeErrors) as refused:
        attributes.check(code, values)
    return refused.value.problems


@given(CAS_BODIES)
def test_every_valid_cas_number_is_accepted_as_written(body):
    number = cas(body)

    assert attributes.check("chemicals.basic", urea(cas_number=number))["cas_number"] == number


@given(CAS_BODIES, st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_refused_naming_the_right_one(body, shift):
    right = int(casrn.calc_check_digit(body))
    wrong = f"{body[:-2]}-{body[-2:]}-{(right + shift) % 10}"

    problem = problems("chemicals.basic", urea(cas_number=wrong))["cas_number"]

    assert problem == attributes.Problem("cas_check_digit", (str(right),))


@given(st.sampled_from(sorted(attributes.SCHEMAS)),
       st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=10), min_size=1, max_size=4))
def test_unknown_attribute_names_are_always_refused_and_named(code, extra):
    unknown = {name: value for name, value in extra.items() if name not in attributes.SCHEMAS[code].names}
    if not unknown:
        return

    refused = problems(code, unknown)

    assert refused[None].code == "unknown"
    assert set(refused[None].params) == set(unknown)


@given(st.decimals(min_value=0, max_value=100, places=3))
def test_purity_within_zero_and_a_hundred_is_kept_exactly_as_text(purity):
    cleaned = attributes.check("chemicals.plastics", urea(purity_percent=str(purity)))

    assert isinstance(cleaned["purity_percent"], str)
    assert float(cleaned["purity_percent"]) == float(purity)  # compared only; never stored as float


def test_rebar_takes_a_grade_from_the_standard_and_a_diameter_from_6_to_50_mm():
    cleaned = attributes.check("steel.rebar", {"grade": "HRB400E", "diameter_mm": "20", "length_m": 12.0})

    assert cleaned == {"grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}
    refused = problems("steel.rebar", {"grade": "HRB999", "diameter_mm": 51})
    assert refused["grade"].code == "not_a_choice"
    assert refused["diameter_mm"] == attributes.Problem("out_of_range", (6, 50))
    assert problems("steel.rebar", {"grade": "HRB400", "diameter_mm": "12.5"})["diameter_mm"].code == \
        "not_a_whole_number"


def test_required_attributes_are_named_when_missing():
    assert set(problems("agriculture.grain", {"commodity": "corn"})) == {
        "grade", "moisture_percent", "origin", "harvest_year"}


@pytest.mark.parametrize("value, expected", [("1230", "1230"), ("UN 1230", "1230"), ("un1993", "1993")])
def test_un_numbers_are_four_digits_with_or_without_the_un_prefix(value, expected):
    assert attributes.check("chemicals.basic", urea(un_number=value, hazard_class="3"))["un_number"] == expected


def test_goods_with_a_un_number_are_dangerous_goods_and_need_a_hazard_class():
    refused = problems("chemicals.basic", urea(un_number="1230", hazard_class="none"))

    assert refused == {"hazard_class": attributes.Problem("needed_with", ("un_number",))}


@pytest.mark.parametrize("value", ["123", "12345", "UN0000", "abcd"])
def test_other_un_numbers_are_refused(value):
    assert problems("chemicals.basic", urea(un_number=value))["un_number"].code == "not_a_un_number"


def freight(**changes):
    return {"vessel_type": "bulk_carrier", "dwt_tonnes": 57000, "load_port": "CNTXG", "discharge_port": "idjkt",
            "laycan_from": "2026-12-05", "laycan_to": "2026-12-10"} | changes


def test_freight_ports_are_un_locodes_and_the_laycan_must_not_end_before_it_starts():
    assert attributes.check("shipping.freight", freight())["discharge_port"] == "IDJKT"
    assert problems("shipping.freight", freight(load_port="CN-TXG1"))["load_port"].code == "not_a_locode"
    refused = problems("shipping.freight", freight(laycan_to="2026-12-01"))
    assert refused == {"laycan_to": attributes.Problem("ends_before_start", ("laycan_from",))}


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)), st.integers(min_value=0, max_value=60))
def test_any_laycan_window_in_order_is_accepted(start, days):
    end = start + timedelta(days=days)

    cleaned = attributes.check("shipping.freight", freight(laycan_from=start.isoformat(), laycan_to=end.isoformat()))

    assert (cleaned["laycan_from"], cleaned["laycan_to"]) == (start.isoformat(), end.isoformat())


def test_several_accreditations_keep_the_declared_order():
    cleaned = attributes.check("services.testing", {"standards": "GB/T 228.1", "accreditations": ["CMA", "CNAS"]})

    assert cleaned["accreditations"] == ["CNAS", "CMA"]


def test_booleans_are_not_numbers():
    assert problems("steel.rebar", {"grade": "HRB400", "diameter_mm": True})["diameter_mm"].code == \
        "not_a_whole_number"


def test_group_categories_have_no_schema_and_every_listable_one_has():
    assert attributes.schema_for("steel") is None
    assert all(attributes.schema_for(code) for code in attributes.SCHEMAS)
