"""A verified R&D provider with a bookable scanning electron microscope, and buyer enterprises.

Until the catalog's services exist, the resource listing is written with the models directly.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from marketplace.bookings import calendar, services
from marketplace.catalog.models import Category, Listing
from marketplace.database import transaction, utcnow
from marketplace.extensions import db
from tests.builders import owner_of

WORKDAY_HOURS = [calendar.Hours(weekday, 9 * 60, 17 * 60) for weekday in range(5)]


@dataclass
class Party:
    enterprise: object
    owner: object


def party(world, kinds):
    enterprise = world.enterprise(kinds=kinds)
    return Party(enterprise, owner_of(enterprise))


def resource_listing(enterprise, status="published", kind="resource", slot_minutes=60, title="扫描电子显微镜 SEM"):
    with transaction() as session:
        category = session.scalar(select(Category).where(Category.code == "resources.instrument"))
        listing = Listing(enterprise_id=enterprise.id, kind=kind, category_id=category.id, status=status,
                          title_zh=title, title_en="Scanning electron microscope (SEM)", unit="hour",
                          slot_minutes=slot_minutes, location="天津市滨海新区第三大街 5 号 B 座",
                          published_at=utcnow() if status == "published" else None)
        session.add(listing)
    return listing


def open_day(days_ahead=3):
    """The first Monday-to-Friday working day at least ``days_ahead`` days from today (Shanghai)."""
    day = calendar.local_date(utcnow()) + timedelta(days=days_ahead)
    while day.weekday() >= 5 or calendar.closed_reason(day, set()) is not None:
        day += timedelta(days=1)
    return day


def at(day, hour, minute=0):
    """An aware UTC datetime for ``hour:minute`` Shanghai time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=calendar.SHANGHAI).astimezone(calendar.timezone.utc)


@pytest.fixture
def ctx(app):
    """Services speak English in these tests, so messages can be read whatever the catalogues hold."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def provider(world):
    return party(world, ("service_provider",))


@pytest.fixture
def microscope(provider):
    listing = resource_listing(provider.enterprise)
    services.set_opening_hours(provider.owner, provider.enterprise, listing.public_id, WORKDAY_HOURS)
    return listing


@pytest.fixture
def buyer(world):
    return party(world, ("buyer",))


@pytest.fixture
def second_buyer(world):
    return party(world, ("buyer",))


@pytest.fixture
def day():
    return open_day()


def reload(instance):
    db.session.refresh(instance)
    return instance
