"""Search tests: every test starts with empty indexes behind the aliases, rebuilt from the (empty) database."""
import socket
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.catalog.models import Category, Listing, PriceTier
from marketplace.database import transaction, utcnow
from marketplace.money import Money
from marketplace.outbox import emit
from marketplace.search import services
from marketplace.search.backend import SearchBackend


@pytest.fixture(autouse=True)
def fresh_indexes(app):
    with app.app_context():
        services.reindex()


@pytest.fixture
def catalog(world):
    return Catalog()


class Catalog:
    """Listings written as the catalog services write them: a change, a version, an outbox event."""

    def listing(self, enterprise, category, title_zh, title_en="", price="4100.00", unit="t", stock="500",
                status="published", **fields):
        with transaction() as session:
            found = session.scalar(select(Category).where(Category.code == category))
            listing = Listing(enterprise_id=enterprise.id, kind=found.listing_kind, category_id=found.id,
                              status=status, title_zh=title_zh, title_en=title_en, unit=unit,
                              stock=None if stock is None else Decimal(stock),
                              published_at=utcnow() if status == "published" else None, **fields)
            if price is not None:
                listing.price_tiers = [PriceTier(min_quantity=Decimal(1), unit_price_minor=Money.of(price).minor)]
            session.add(listing)
            session.flush()
            emit("listing.changed", "listing", listing.public_id, listing.version)
        return listing

    def change(self, listing, **fields):
        with transaction():
            for name, value in fields.items():
                setattr(listing, name, value)
            listing.version += 1
            emit("listing.changed", "listing", listing.public_id, listing.version)
        return listing


def titles(page):
    return [hit.title_zh for hit in page.hits]


def search(text="", **options):
    from marketplace.search.query import SearchRequest

    page, _cursor = services.search_listings(SearchRequest(text=text, **options))
    return page


@pytest.fixture
def outage(app):
    """``begin()``: the engine stops answering (nothing listens at its address); ``end()``: it is back."""
    working = app.extensions["search"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]

    class Outage:
        @staticmethod
        def begin():
            app.extensions["search"] = SearchBackend(f"http://127.0.0.1:{dead_port}", "plain-json", working.prefix,
                                                     timeout=2)

        @staticmethod
        def end():
            app.extensions["search"] = working

    yield Outage
    Outage.end()
