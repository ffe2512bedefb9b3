"""ISO 6346 container numbers, IMO ship numbers and UN/LOCODEs."""

import pytest
from hypothesis import given, strategies as st
from stdnum import iso6346

from logistics.identifiers import InvalidIdentifier, container_number, imo_number, unlocode


@pytest.mark.parametrize("raw", ["CSQU3054383", "csqu3054383", " CSQU 305438 3 ", "CSQU-305438-3"])
def test_container_valid(raw):
    assert container_number(raw) == "CSQU3054383"


@pytest.mark.parametrize(
    "raw, message",
    [
        ("CSQU3054384", "expected 3, got 4"),
        ("CSQX3054383", "category"),
        ("C5QU3054383", "owner code"),
        ("CSQU30543A3", "digits"),
        ("CSQU305438", "11"),
        ("", "required"),
    ],
)
def test_container_invalid(raw, message):
    with pytest.raises(InvalidIdentifier, match=message) as info:
        container_number(raw)
    assert info.value.field == "container_number"


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    st.sampled_from("UJZ"),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_container_property(owner, category, serial):
    body = owner + category + serial
    good = body + iso6346.calc_check_digit(body)
    assert container_number(good.lower()) == good
    wrong = body + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidIdentifier, match="check digit"):
        container_number(wrong)


@pytest.mark.parametrize("raw", ["9074729", "IMO 9074729", "imo9074729", " IMO 907 4729 "])
def test_imo_valid(raw):
    assert imo_number(raw) == "9074729"


@pytest.mark.parametrize(
    "raw, message",
    [("9074728", "expected 9, got 8"), ("907472", "7"), ("IMO 90747A9", "digits"), ("", "required")],
)
def test_imo_invalid(raw, message):
    with pytest.raises(InvalidIdentifier, match=message) as info:
        imo_number(raw)
    assert info.value.field == "imo_number"


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_imo_check_digit_matches_standards_formula(body):
    check = sum(int(d) * w for d, w in zip(body, (7, 6, 5, 4, 3, 2))) % 10
    assert imo_number(body + str(check)) == body + str(check)
    with pytest.raises(InvalidIdentifier):
        imo_number(body + str((check + 1) % 10))


@pytest.mark.parametrize("raw, code", [("CNTXG", "CNTXG"), ("auphe", "AUPHE"), ("CN SHA", "CNSHA"), ("USNY2", "USNY2")])
def test_unlocode_valid(raw, code):
    assert unlocode(raw) == code


@pytest.mark.parametrize("raw", ["CNTX", "CNTXGG", "1NTXG", "CNTX1", "CNTX0", "", "CN-T?G"])
def test_unlocode_invalid(raw):
    with pytest.raises(InvalidIdentifier) as info:
        unlocode(raw)
    assert info.value.field == "unlocode"
