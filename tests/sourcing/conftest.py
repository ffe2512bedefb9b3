import pytest

from tests.builders import World


@pytest.fixture
def browser(app):
    """A new English-speaking browser with its own cookies for each call (one per person)."""

    def open_as(user):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        World.login(client, user)
        return client

    return open_as
