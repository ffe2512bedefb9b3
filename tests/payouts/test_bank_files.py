"""The bank-transfer file and the account numbers it carries (pure), with property tests."""
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.payouts.bank_files import HEADER, BadAccountNumber, Line, account_number, amount_text, batch_csv

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@given(st.text("0123456789", min_size=8, max_size=30), st.lists(st.sampled_from([" ", "-"]), max_size=5))
def test_an_account_number_keeps_its_digits_whatever_the_grouping(digits, separators):
    grouped = "".join(digit + (separators[i] if i < len(separators) else "") for i, digit in enumerate(digits))

    assert account_number(grouped) == digits


@pytest.mark.parametrize("raw", ["1234567", "1" * 31, "6222 0204 02OO", "", None, "６２２２０２０４０２", "12345678.9"])
def test_an_account_number_is_8_to_30_digits_and_nothing_else(raw):
    with pytest.raises(BadAccountNumber):
        account_number(raw)


@given(st.integers(min_value=1, max_value=10**15), st.sampled_from(["CNY", "USD", "JPY"]))
def test_an_amount_is_written_in_the_major_unit_with_exact_minor_digits(minor, currency):
    text = amount_text(minor, currency)

    digits = 0 if currency == "JPY" else 2
    assert int(text.replace(".", "")) == minor
    assert ("." not in text) if digits == 0 else len(text.split(".")[1]) == digits


@given(st.lists(st.tuples(names, names, st.integers(min_value=1, max_value=10**12)), min_size=1, max_size=8))
def test_the_file_reads_back_line_for_line_and_no_cell_is_a_formula(rows):
    lines = [Line(payee, "91120116MA05ABCD1X", bank, "6222020402001234567", amount, "CNY", f"po_{n}")
             for n, (payee, bank, amount) in enumerate(rows)]

    read = list(csv.reader(io.StringIO(batch_csv(lines), newline="")))

    assert read[0] == list(HEADER)
    assert len(read) == len(lines) + 1
    for line, cells in zip(lines, read[1:]):
        assert cells[0] in (line.payee_name, "'" + line.payee_name) and cells[2] in (line.bank_name, "'" + line.bank_name)
        assert cells[4] == amount_text(line.amount_minor, "CNY") and cells[6] == line.reference
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
