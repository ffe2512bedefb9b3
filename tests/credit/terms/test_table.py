"""The grade → terms table as configured: read whole, refused with a clear message when unusable, ordered by grade."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.scoring.model import GRADES
from credit.terms.table import (
    WHOLE_AT_ONCE, GradeTerms, TermsTableError, deposit_percent_of, read_table, terms_for,
)
from marketplace.config import DefaultConfig

DEFAULT = read_table(DefaultConfig.CREDIT_TERMS)


def _with(grade, **changes):
    table = {name: dict(row) for name, row in DefaultConfig.CREDIT_TERMS.items()}
    table[grade].update(changes)
    return table


def test_the_default_table_gives_terms_for_every_grade_and_only_c_may_not_trade():
    assert list(DEFAULT) == list(GRADES)
    assert terms_for("BB", DEFAULT) == GradeTerms("BB", Decimal(20), 500_000_000, 0, True)
    assert [grade for grade, terms in DEFAULT.items() if not terms.may_trade] == ["C"]


@given(st.sampled_from(GRADES), st.sampled_from(GRADES))
def test_a_worse_grade_never_gets_easier_terms_than_a_better_one(first, second):
    better, worse = sorted((first, second), key=GRADES.index)
    better_terms, worse_terms = DEFAULT[better], DEFAULT[worse]
    assert worse_terms.deposit_percent >= better_terms.deposit_percent
    assert worse_terms.max_open_order_minor <= better_terms.max_open_order_minor
    assert worse_terms.open_account_minor <= better_terms.open_account_minor
    assert better_terms.may_trade or not worse_terms.may_trade


@pytest.mark.parametrize("table, named", [
    ({grade: row for grade, row in DefaultConfig.CREDIT_TERMS.items() if grade != "CC"}, "missing CC"),
    (DefaultConfig.CREDIT_TERMS | {"D": {"deposit_percent": "100", "max_open_order_minor": 0,
                                         "open_account_minor": 0}}, "unknown D"),
    (_with("BB", deposit_percent="120"), "CREDIT_TERMS['BB']['deposit_percent']"),
    (_with("BB", deposit_percent="twenty"), "CREDIT_TERMS['BB']['deposit_percent']"),
    (_with("BB", deposit_percent=20.5), "CREDIT_TERMS['BB']['deposit_percent']"),
    (_with("A", max_open_order_minor=-1), "CREDIT_TERMS['A']['max_open_order_minor']"),
    (_with("A", open_account_minor="100"), "CREDIT_TERMS['A']['open_account_minor']"),
    (_with("AAA", deposit="0"), "unknown fields: deposit"),
    (_with("C", may_trade=True), "grade C may not trade"),
    (_with("B", may_trade="no"), "CREDIT_TERMS['B']['may_trade']"),
])
def test_an_unusable_table_is_refused_naming_the_grade_and_field(table, named):
    with pytest.raises(TermsTableError) as refused:
        read_table(table)
    assert named in str(refused.value)


def test_an_app_with_a_bad_table_does_not_start(app):
    from marketplace import create_app
    from marketplace.config import ConfigError

    with pytest.raises(ConfigError, match=r"CREDIT_TERMS\['C'\]"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "s" * 32,
                    "CREDIT_TERMS": _with("C", may_trade=True)}, instance_path=app.instance_path)


def test_terms_for_an_unknown_grade_is_an_error():
    with pytest.raises(TermsTableError, match="'D'"):
        terms_for("D", DEFAULT)


FLOOR_SHARES = st.decimals(0, 99, places=2)  # a floor's deposit: 0 asks the whole at once


@given(FLOOR_SHARES, st.sampled_from(GRADES))
def test_a_contract_asks_the_floor_s_share_raised_to_the_grade_s_never_lowered(floor_percent, grade):
    share = deposit_percent_of(floor_percent, DEFAULT[grade])
    floor_share = floor_percent or WHOLE_AT_ONCE
    assert floor_share <= share <= WHOLE_AT_ONCE
    assert share == max(floor_share, DEFAULT[grade].deposit_percent)


@given(st.sampled_from(GRADES))
def test_a_floor_asking_the_whole_at_once_asks_it_of_every_grade(grade):
    assert deposit_percent_of(Decimal(0), DEFAULT[grade]) == WHOLE_AT_ONCE


@given(FLOOR_SHARES, st.sampled_from(GRADES), st.sampled_from(GRADES))
def test_a_worse_grade_never_pays_a_smaller_share_first(floor_percent, first, second):
    better, worse = sorted((first, second), key=GRADES.index)
    assert deposit_percent_of(floor_percent, DEFAULT[worse]) >= deposit_percent_of(floor_percent, DEFAULT[better])


def test_on_a_floor_asking_20_per_cent_the_worse_grades_raise_the_share():
    grades = ("AAA", "BBB", "BB", "B", "CCC", "CC")
    shares = {grade: deposit_percent_of(Decimal(20), DEFAULT[grade]) for grade in grades}
    assert shares == {"AAA": 20, "BBB": 20, "BB": 20, "B": 30, "CCC": 50, "CC": WHOLE_AT_ONCE}
