"""The pure screening: terms are found wherever they are written, licences excuse chemicals only, digests are stable."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.screening.defaults import DEFAULT_TERMS
from marketplace.oversight.screening.screen import (
    ABSOLUTE_TERMS, BANNED_GOODS, HAZARDOUS_CHEMICALS, Licence, ListingText, Term, digest, is_valid_cas, screen,
    verdict,
)

TERMS = [Term(list_name, term, aliases) for list_name, term, aliases in DEFAULT_TERMS]
LICENCE = Licence("危险化学品经营许可证 津安经（甲）字〔2025〕000123", valid_until=date(2028, 12, 31))
TODAY = date(2026, 11, 26)
# Words that hold no term of the default lists (plain product words).
PLAIN = st.text(alphabet="螺纹钢热轧卷板天津港现货国标足尺 0123456789abcdefgh", max_size=40)


def found(title, terms=TERMS, **kwargs):
    return [(one.list_name, one.matched) for one in screen(ListingText({"title": title}), terms, **kwargs)]


def test_an_absolute_claim_is_found_once_as_its_longest_words():
    assert found("全国第一 HRB400E 螺纹钢") == [(ABSOLUTE_TERMS, "全国第一")]


def test_full_width_and_capitals_are_found_as_the_term():
    assert found("ＮＯ．１ rebar supplier") == [(ABSOLUTE_TERMS, "no.1")]


def test_banned_goods_are_found_by_an_alias_in_either_language():
    assert found("carved IVORY figure") == [(BANNED_GOODS, "ivory")]


def test_a_hazardous_chemical_is_found_by_its_cas_number_in_the_attributes():
    listing = ListingText({"title": "工业级 98%"}, attributes={"cas_number": "7664-93-9"})

    assert [(one.list_name, one.field) for one in screen(listing, TERMS)] == [(HAZARDOUS_CHEMICALS, "cas_number")]


def test_a_valid_chemicals_licence_excuses_the_chemical_and_nothing_else():
    assert found("硫酸 最佳品质", licences=[LICENCE], on=TODAY) == [(ABSOLUTE_TERMS, "最佳")]


def test_an_expired_licence_excuses_nothing():
    expired = Licence(LICENCE.title, valid_until=date(2025, 1, 1))

    assert found("硫酸", licences=[expired], on=TODAY) == [(HAZARDOUS_CHEMICALS, "硫酸")]


def test_a_licence_for_something_else_excuses_nothing():
    other = Licence("食品经营许可证", valid_until=None)

    assert found("甲醇", licences=[other], on=TODAY) == [(HAZARDOUS_CHEMICALS, "甲醇")]


def test_a_cas_number_with_a_wrong_check_digit_is_no_chemical():
    assert not is_valid_cas("7664-93-8")
    assert found("CAS 7664-93-8 工业品") == []


@given(before=PLAIN, after=PLAIN, entry=st.sampled_from(DEFAULT_TERMS))
def test_every_term_is_found_wherever_it_is_written(before, after, entry):
    list_name, term, aliases = entry
    words = aliases[0] if list_name == HAZARDOUS_CHEMICALS else term

    findings = screen(ListingText({"title": f"{before}{words}{after}"}), TERMS)

    assert any(one.list_name == list_name for one in findings)
    assert verdict(findings) == "flagged"


@given(title=PLAIN, description=PLAIN)
def test_plain_words_pass(title, description):
    assert verdict(screen(ListingText({"title": title, "description": description}), TERMS)) == "passed"


@given(title=PLAIN, entry=st.sampled_from(DEFAULT_TERMS), order=st.randoms(use_true_random=False))
def test_findings_and_digest_do_not_depend_on_the_order_of_the_lists(title, entry, order):
    shuffled = list(TERMS)
    order.shuffle(shuffled)
    listing = ListingText({"title": title + entry[1]})

    assert sorted(map(repr, screen(listing, shuffled))) == sorted(map(repr, screen(listing, TERMS)))
    assert digest(shuffled) == digest(TERMS)


@given(title=PLAIN, entry=st.sampled_from(DEFAULT_TERMS))
def test_a_licence_never_adds_findings_and_removes_only_chemicals(title, entry):
    listing = ListingText({"title": title + entry[1] + "".join(entry[2][:1])})

    without = set(screen(listing, TERMS))
    licensed = set(screen(listing, TERMS, licences=[LICENCE], on=TODAY))

    assert licensed <= without
    assert all(one.list_name == HAZARDOUS_CHEMICALS for one in without - licensed)


def test_changing_a_list_changes_its_digest():
    assert digest(TERMS) != digest(TERMS + [Term(BANNED_GOODS, "虎骨")])
