import pytest


@pytest.fixture(autouse=True)
def _empty_tables():
    """The detectors are pure: no application and no tables to empty, so these tests stay fast."""
    yield
