"""The grade → terms table as configured: read whole, refused with a clear message when unusable, ordered by grade."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.scoring.model import GRADES
from credit.terms.table import (
    GradeTerms, TermsTableError, deposit_percent_of, deposit_waived, open_account_headroom, read_table, terms_for,
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


@given(st.decimals(0, 99, places=2), st.sampled_from(GRADES))
def test_a_contract_asks_the_higher_of_the_floor_deposit_and_the_grade_deposit(floor_percent, grade):
    share = deposit_percent_of(floor_percent, DEFAULT[grade])
    assert share == max(floor_percent, DEFAULT[grade].deposit_percent)


@given(st.integers(0, 10**10), st.integers(0, 10**10), st.sampled_from(GRADES))
def test_a_deposit_is_waived_only_while_the_open_account_headroom_covers_it(unpaid, deposit, grade):
    terms = DEFAULT[grade]
    headroom = open_account_headroom(terms, unpaid)
    assert 0 <= headroom <= terms.open_account_minor
    assert deposit_waived(terms, unpaid, deposit) == (0 < deposit <= terms.open_account_minor - unpaid)
    if terms.open_account_minor == 0:
        assert not deposit_waived(terms, unpaid, deposit)
