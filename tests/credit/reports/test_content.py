"""A report's canonical content, its hash and its number."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from credit.reports.content import canonical_json, content_sha256, normalised_number, report_number

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20)


@given(st.dictionaries(st.text(max_size=5), json_values, max_size=6))
def test_the_same_content_in_any_key_order_hashes_the_same(content):
    reordered = dict(reversed(list(content.items())))
    assert canonical_json(reordered) == canonical_json(content)
    assert content_sha256(reordered) == content_sha256(content)


def test_chinese_is_kept_as_utf8_and_any_change_changes_the_hash():
    content = {"grade": "A", "subject": {"name_zh": "天津滨海钢铁有限公司"}}
    assert "天津滨海钢铁有限公司".encode() in canonical_json(content)
    assert content_sha256(content) != content_sha256(content | {"grade": "AA"})


@given(st.binary(min_size=5, max_size=5))
def test_a_number_names_the_day_and_reads_back_as_typed(random_bytes):
    number = report_number(date(2026, 11, 26), random_bytes)
    assert number.startswith("BHCR-20261126-") and len(number) == 22
    assert normalised_number(f"  {number.lower()} ") == number


def test_letters_misread_from_paper_are_read_as_the_digits_they_look_like():
    assert normalised_number("bhcr-20261126-o1il0000") == "BHCR-20261126-01110000"
