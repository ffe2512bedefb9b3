"""Identity numbers: one key per number however it is typed, never shown in clear."""
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.groups.identity import identifier_problem, identity_key, mask_identifier
from tests.builders import credit_code

numbers = st.text(alphabet="0123456789ABCDEFGHX", min_size=8, max_size=30)


@settings(deadline=None)
@given(numbers, st.lists(st.sampled_from([" ", "-", "\u3000"]), max_size=4), st.randoms())
def test_spaces_dashes_and_case_do_not_change_the_key(number, noise, random):
    typed = list(number.lower())
    for mark in noise:
        typed.insert(random.randrange(len(typed) + 1), mark)
    assert identity_key("".join(typed)) == identity_key(number)
    assert len(identity_key(number)) == 64


@settings(deadline=None)
@given(numbers)
def test_a_masked_number_keeps_its_length_and_hides_all_but_seven_characters(number):
    masked = mask_identifier(number)
    assert len(masked) == len(number)
    assert masked[:3] == number[:3] and masked[-4:] == number[-4:]
    assert set(masked[3:-4]) <= {"*"}


def test_a_resident_identity_number_must_pass_its_check_digit():
    assert identifier_problem("11010519491231002x", "person") is None
    assert identifier_problem("110105194912310021", "person") == "invalid_resident_id"
    assert identifier_problem("120116198001011239", "person") is None  # Binhai New Area, newer than stdnum's register
    assert identifier_problem("120116198002301238", "person") == "invalid_resident_id"  # 30 February
    assert identifier_problem("E12345678", "person") is None
    assert identifier_problem("123", "person") == "implausible_document"
    assert identifier_problem("  ", "person") == "missing"


def test_an_enterprise_party_is_named_by_a_valid_credit_code():
    assert identifier_problem(credit_code(42), "enterprise") is None
    assert identifier_problem("91120116MA00000420", "enterprise") == "invalid_credit_code"


def test_the_same_number_typed_two_ways_shares_one_key_and_is_masked():
    assert identity_key("11010519491231002x") == identity_key(" 110105-19491231-002X ")
    assert identity_key("") == ""
    assert mask_identifier("11010519491231002X") == "110***********002X"
