"""The catalog's verified supplier with a trader, for the screening tests."""
from tests.catalog.conftest import supplier  # noqa: F401 (a fixture)
