"""In the browser: the provider sets hours, a buyer books from the week calendar, the provider confirms,
a second buyer finds the slot taken; bad requests come back as the form with the reason."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.extensions import db
from tests.bookings.conftest import at, resource_listing
from tests.web.conftest import _browser, text_of


@pytest.fixture
def client(app):
    return _browser(app)


def bookings():
    return db.session.scalar(select(func.count()).select_from(Booking))


def test_a_buyer_books_a_slot_the_provider_confirms_and_a_second_buyer_is_refused(
        app, world, client, provider, buyer, second_buyer, day):
    listing = resource_listing(provider.enterprise)
    hours_page = f"/enterprises/{provider.enterprise.public_id}/listings/{listing.public_id}/hours"
    world.login(client, provider.owner)
    assert client.get(hours_page).status_code == 200
    weekdays = {f"opens_{d}": "09:00" for d in range(5)} | {f"closes_{d}": "17:00" for d in range(5)}
    assert client.post(hours_page, data=weekdays).status_code == 302

    buyer_browser = _browser(app)
    world.login(buyer_browser, buyer.owner)
    calendar_page = f"/listings/{listing.public_id}/calendar?week={day.isoformat()}"
    shown = buyer_browser.get(calendar_page)
    assert shown.status_code == 200
    ten = at(day, 10).isoformat()
    assert f'value="{ten}"' in shown.get_data(as_text=True)
    assert "Scanning electron microscope" in text_of(shown)

    requested = buyer_browser.post(f"/enterprises/{buyer.enterprise.public_id}/bookings", data={
        "listing": listing.public_id, "starts_at": ten, "slots": "2", "note": "Fracture surfaces, 3 samples"})
    assert requested.status_code == 302
    made = text_of(buyer_browser.get(requested.headers["Location"]))
    assert "Requested" in made and "Fracture surfaces" in made

    booking = db.session.scalar(select(Booking))
    confirmed = client.post(f"/enterprises/{provider.enterprise.public_id}/bookings/{booking.public_id}/confirm")
    assert confirmed.status_code == 302
    assert "Confirmed" in text_of(client.get(f"/enterprises/{provider.enterprise.public_id}/bookings"))

    other = _browser(app)
    world.login(other, second_buyer.owner)
    page = other.get(calendar_page).get_data(as_text=True)
    assert f'value="{ten}"' not in page and "Taken" in page
    refused = other.post(f"/enterprises/{second_buyer.enterprise.public_id}/bookings", data={
        "listing": listing.public_id, "starts_at": at(day, 11).isoformat(), "slots": "1"})
    assert refused.status_code == 409
    assert "This slot is already taken" in text_of(refused)
    assert bookings() == 1


def test_a_slot_in_the_past_shows_the_form_again_with_the_reason(world, client, microscope, buyer, day):
    world.login(client, buyer.owner)
    past = at(day, 10) - timedelta(days=28)
    answer = client.post(f"/enterprises/{buyer.enterprise.public_id}/bookings", data={
        "listing": microscope.public_id, "starts_at": past.isoformat(), "slots": "1"})
    assert answer.status_code == 422
    assert "This slot is in the past" in text_of(answer)
    assert 'name="note"' in answer.get_data(as_text=True)
    assert bookings() == 0

    no_choice = client.post(f"/enterprises/{buyer.enterprise.public_id}/bookings",
                            data={"listing": microscope.public_id, "slots": "1"})
    assert no_choice.status_code == 422
    assert "Choose a free slot in the calendar" in text_of(no_choice)


def test_the_buyer_cancels_and_the_provider_refuses_with_a_reason(world, client, provider, microscope, buyer,
                                                                   second_buyer, day):
    mine = services.request_booking(buyer.owner, buyer.enterprise, microscope.public_id, at(day, 9))
    theirs = services.request_booking(second_buyer.owner, second_buyer.enterprise, microscope.public_id,
                                      at(day, 13))
    world.login(client, buyer.owner)
    cancelled = client.post(f"/enterprises/{buyer.enterprise.public_id}/bookings/{mine.public_id}/cancel")
    assert cancelled.status_code == 302

    provider_browser = _browser(world.app)
    world.login(provider_browser, provider.owner)
    base = f"/enterprises/{provider.enterprise.public_id}/bookings/{theirs.public_id}"
    without_reason = provider_browser.post(f"{base}/refuse", data={"reason": ""})
    assert without_reason.status_code == 422 and "Give the reason" in text_of(without_reason)
    assert provider_browser.post(f"{base}/refuse", data={"reason": "Booked for maintenance"}).status_code == 302
    listed = text_of(provider_browser.get(f"/enterprises/{provider.enterprise.public_id}/bookings"))
    assert "Refused" in listed and "Cancelled" in listed and "Booked for maintenance" in listed


def test_the_provider_closes_a_day_and_it_leaves_the_calendar(world, client, provider, microscope, day):
    world.login(client, provider.owner)
    closures = f"/enterprises/{provider.enterprise.public_id}/listings/{microscope.public_id}/closures"
    assert client.post(closures, data={"day": day.isoformat(), "reason": "Calibration"}).status_code == 302
    page = client.get(f"/listings/{microscope.public_id}/calendar?week={day.isoformat()}")
    assert "Closed by the provider" in text_of(page)
    assert client.post(f"{closures}/{day.isoformat()}/remove").status_code == 302
    assert "Closed by the provider" not in text_of(client.get(
        f"/listings/{microscope.public_id}/calendar?week={day.isoformat()}"))


def test_a_viewer_sees_bookings_but_cannot_book(world, client, microscope, buyer, day):
    viewer = world.member(buyer.enterprise, "viewer")
    world.login(client, viewer)
    assert client.get(f"/enterprises/{buyer.enterprise.public_id}/bookings").status_code == 200
    page = text_of(client.get(f"/listings/{microscope.public_id}/calendar?week={day.isoformat()}"))
    assert "To book, you need the owner or trader role" in page
    refused = client.post(f"/enterprises/{buyer.enterprise.public_id}/bookings", data={
        "listing": microscope.public_id, "starts_at": at(day, 10).isoformat()})
    assert refused.status_code == 403


def test_opening_hours_that_close_before_they_open_are_shown_again(world, client, provider, microscope):
    world.login(client, provider.owner)
    page = f"/enterprises/{provider.enterprise.public_id}/listings/{microscope.public_id}/hours"
    refused = client.post(page, data={"opens_0": "18:00", "closes_0": "08:00", "opens_1": "09:00"})
    assert refused.status_code == 422
    assert "Give both times" in text_of(refused)
    refused = client.post(page, data={"opens_0": "18:00", "closes_0": "08:00"})
    assert refused.status_code == 422
    assert "Opening must come before closing" in text_of(refused)
    assert len(services.hours_of(microscope)) == 5


def test_the_provider_finds_the_schedule_of_each_resource_from_the_bookings_page(world, client, provider,
                                                                                   microscope):
    world.login(client, provider.owner)
    page = client.get(f"/enterprises/{provider.enterprise.public_id}/bookings").get_data(as_text=True)
    assert f"/listings/{microscope.public_id}/hours" in page
    assert f"/listings/{microscope.public_id}/calendar" in page


def test_a_person_in_two_enterprises_chooses_which_one_books(world, client, microscope, buyer, day):
    sister = world.enterprise(owner=buyer.owner, kinds=("buyer",))
    world.login(client, buyer.owner)
    calendar_page = f"/listings/{microscope.public_id}/calendar"

    first = client.get(calendar_page).get_data(as_text=True)
    assert 'name="buyer"' in first
    chosen = client.get(calendar_page, query_string={"buyer": sister.public_id, "week": day.isoformat()})

    assert f'action="/enterprises/{sister.public_id}/bookings"' in chosen.get_data(as_text=True)
