"""Grades set by hand: ``grades[enterprise] = "BB"`` gives it that grade until the test ends.

The grading helper's ``grade_of`` is replaced, so these tests say only what terms follow from a grade,
whatever made it.
"""
import pytest

from credit.grading import services as grading
from credit.scoring.standard import STANDARD_MODEL
from tests.trading.market import list_instrument


class Grades:
    def __init__(self):
        self._by_enterprise = {}

    def __setitem__(self, enterprise, grade):
        self._by_enterprise[enterprise.id] = grade

    def of(self, enterprise):
        return self._by_enterprise.get(enterprise.id, STANDARD_MODEL.neutral_grade)


@pytest.fixture
def grades(monkeypatch):
    given = Grades()
    monkeypatch.setattr(grading, "grade_of", given.of)
    return given


@pytest.fixture
def rebar_2612(world):
    """Rebar on the steel floor: reference 4,000.00 CNY/t, lots of 10 t, open around the clock."""
    return list_instrument(world.operator())
