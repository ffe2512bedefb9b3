from tests.credit.grading.helpers import conduct  # noqa: F401 - a fixture for this package's tests
