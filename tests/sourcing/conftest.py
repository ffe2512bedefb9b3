import pytest

from marketplace.accounts import services
from tests.builders import World
from tests.orders.listings import publish_product


def owner_of(enterprise):
    return next(m.user for m in services.members_of(enterprise) if m.role == "owner")


@pytest.fixture
def seller(world):
    return world.enterprise(kinds=("supplier",))


@pytest.fixture
def buyer(world):
    return world.enterprise(kinds=("buyer",))


@pytest.fixture
def rebar(seller):
    """500 t of rebar: 4100.50/t from 5 t, 3980/t from 50 t, 3890/t from 200 t."""
    return publish_product(seller)


@pytest.fixture
def browser(app):
    """A new English-speaking browser with its own cookies for each call (one per person)."""

    def open_as(user):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        World.login(client, user)
        return client

    return open_as
