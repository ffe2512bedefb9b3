"""The whole story through the catalog's own services: a provider lists an instrument, buyers book it."""
import pytest

from marketplace.bookings import services
from marketplace.catalog import services as catalog
from tests.bookings.conftest import WORKDAY_HOURS, at


def test_a_listed_and_published_instrument_is_booked_once(provider, buyer, second_buyer, day):
    listing = catalog.create_listing(
        provider.owner, provider.enterprise, "resource", "resources.instrument", price_tiers=[("1", "680.00")],
        title_zh="X射线衍射仪 XRD", title_en="X-ray diffractometer (XRD)", slot_minutes=60,
        location="天津市滨海新区第三大街 5 号", unit="hour",
        attributes={"manufacturer": "Bruker", "model": "D8 Advance"})
    with pytest.raises(services.NotFound):
        services.resource(listing.public_id)
    catalog.move_listing(provider.owner, listing, "published")
    services.set_opening_hours(provider.owner, provider.enterprise, listing.public_id, WORKDAY_HOURS)

    booking = services.request_booking(buyer.owner, buyer.enterprise, listing.public_id, at(day, 9))
    with pytest.raises(services.SlotTaken):
        services.request_booking(second_buyer.owner, second_buyer.enterprise, listing.public_id, at(day, 9))

    assert services.booking_of(provider.enterprise, booking.public_id).status == "requested"
