"""Case numbers read back to the day's sequence they were made from, and the next one is always new."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.cases import numbering

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(days, st.integers(min_value=1, max_value=99999))
def test_a_number_carries_its_day_and_sequence(day, sequence):
    number = numbering.case_number(day, sequence)
    assert number.startswith(numbering.day_prefix(day)) and number.startswith("BHJG-")
    assert numbering.sequence_of(number) == sequence


@given(days, st.sets(st.integers(min_value=1, max_value=20000), max_size=30))
def test_the_next_sequence_is_above_every_number_of_the_day(day, taken):
    numbers = [numbering.case_number(day, n) for n in taken]
    following = numbering.next_sequence(numbers)
    assert following not in taken and all(following > n for n in taken)


def test_the_first_case_of_a_day_is_0001():
    assert numbering.case_number(date(2026, 11, 20), numbering.next_sequence([])) == "BHJG-20261120-0001"
