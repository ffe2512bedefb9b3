"""A buyer books the provider's microscope; the provider answers; cancellation follows the rules."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts import services as accounts
from marketplace.audit.models import AuditRecord
from marketplace.bookings import calendar, services
from marketplace.bookings.models import BookedSlot, Booking
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from tests.bookings.conftest import at, reload, resource_listing


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def book(party, listing, starts_at, slots=1, **kwargs):
    return services.request_booking(party.owner, party.enterprise, listing.public_id, starts_at, slots, **kwargs)


def test_a_buyer_books_the_provider_confirms_and_a_second_buyer_is_refused(provider, microscope, buyer,
                                                                           second_buyer, day):
    booking = book(buyer, microscope, at(day, 10), slots=2, note="Three steel fracture samples")

    assert booking.status == "requested"
    assert (booking.starts_at, booking.ends_at) == (at(day, 10), at(day, 12))
    assert [slot.starts_at for slot in booking.slots] == [at(day, 10), at(day, 11)]

    services.confirm_booking(provider.owner, provider.enterprise, booking.public_id)
    assert reload(booking).status == "confirmed"

    with pytest.raises(services.SlotTaken) as refused:
        book(second_buyer, microscope, at(day, 11))
    assert "already taken" in refused.value.message
    assert refused.value.errors == {"starts_at": [refused.value.message]}
    assert count(Booking) == 1

    week = services.availability(microscope, day, day)
    states = {slot.starts_at: slot.state for slot in week.days[0].slots}
    assert states[at(day, 10)] == states[at(day, 11)] == calendar.SlotState.TAKEN
    assert states[at(day, 12)] == calendar.SlotState.FREE
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.sequence)).all()
    assert actions[-2:] == ["booking.requested", "booking.confirmed"]


@pytest.mark.parametrize(("starts", "field", "words"), [
    (lambda day: at(day, 10) - timedelta(days=30), "starts_at", "in the past"),
    (lambda day: at(day, 7), "starts_at", "not all within the opening hours"),
    (lambda day: at(day, 16), "starts_at", "not all within the opening hours"),  # two slots would end at 18:00
    (lambda day: at(day, 10, 30), "starts_at", "choose the start of one"),
    (lambda day: at(day + timedelta(days=5 - day.weekday()), 10), "starts_at", "closed that day"),
])
def test_slots_that_are_not_open_are_refused_and_nothing_is_written(microscope, buyer, day, starts, field, words):
    before = count(AuditRecord)
    with pytest.raises(InvalidInput) as refused:
        book(buyer, microscope, starts(day), slots=2)
    assert words in refused.value.message
    assert list(refused.value.errors) == [field]
    assert count(Booking) == count(BookedSlot) == 0
    assert count(AuditRecord) == before


def test_a_provider_closure_and_a_public_holiday_close_the_day(provider, microscope, buyer, day):
    services.add_closure(provider.owner, provider.enterprise, microscope.public_id, day, "Annual calibration")
    with pytest.raises(InvalidInput, match="Closed by the provider"):
        book(buyer, microscope, at(day, 10))

    national_day = calendar.date(2026, 10, 1)
    with pytest.raises(InvalidInput, match="Public holiday"):
        book(buyer, microscope, at(national_day, 10), now=at(national_day, 0) - timedelta(days=10))

    services.remove_closure(provider.owner, provider.enterprise, microscope.public_id, day)
    assert book(buyer, microscope, at(day, 10)).status == "requested"


def test_only_a_published_resource_of_another_enterprise_can_be_booked(world, provider, microscope, buyer, day):
    draft = resource_listing(provider.enterprise, status="draft")
    product = resource_listing(provider.enterprise, kind="product")
    for listing in (draft, product):
        with pytest.raises(InvalidInput) as refused:
            book(buyer, listing, at(day, 10))
        assert list(refused.value.errors) == ["listing"]
    with pytest.raises(InvalidInput, match="its own resource"):
        book(provider, microscope, at(day, 10))
    with pytest.raises(NotFound):
        services.resource(draft.public_id)
    assert count(Booking) == 0


def test_an_unverified_buyer_cannot_book(world, microscope, day):
    pending = world.enterprise(verified=False)
    with pytest.raises(accounts.EnterpriseNotVerified):
        services.request_booking(accounts.members_of(pending)[0].user, pending, microscope.public_id, at(day, 10))


def test_a_refused_booking_frees_its_slots_for_the_next_buyer(provider, microscope, buyer, second_buyer, day):
    first = book(buyer, microscope, at(day, 9))
    with pytest.raises(InvalidInput, match="Give the reason"):
        services.refuse_booking(provider.owner, provider.enterprise, first.public_id, "  ")

    services.refuse_booking(provider.owner, provider.enterprise, first.public_id, "The instrument is reserved")

    assert reload(first).status == "refused" and first.decision_reason == "The instrument is reserved"
    assert book(second_buyer, microscope, at(day, 9)).status == "requested"
    with pytest.raises(services.IllegalMove):
        services.confirm_booking(provider.owner, provider.enterprise, first.public_id)


def test_the_buyer_cancels_free_until_24_hours_before_later_only_the_provider(provider, microscope, buyer, day):
    booking = book(buyer, microscope, at(day, 14))
    late = at(day, 14) - timedelta(hours=calendar.FREE_CANCELLATION_HOURS - 1)

    with pytest.raises(services.IllegalMove, match="24 hours"):
        services.cancel_booking(buyer.owner, buyer.enterprise, booking.public_id, now=late)
    assert reload(booking).status == "requested"
    with pytest.raises(InvalidInput, match="Give the reason"):
        services.cancel_booking(provider.owner, provider.enterprise, booking.public_id, now=late)

    services.cancel_booking(provider.owner, provider.enterprise, booking.public_id, "Power outage", now=late)
    assert reload(booking).status == "cancelled"
    assert not any(slot.active for slot in booking.slots)


def test_the_buyer_cancels_in_time_and_the_slot_is_free_again(microscope, buyer, second_buyer, day):
    booking = book(buyer, microscope, at(day, 15))
    early = at(day, 15) - timedelta(hours=calendar.FREE_CANCELLATION_HOURS, minutes=1)

    services.cancel_booking(buyer.owner, buyer.enterprise, booking.public_id, now=early)

    assert reload(booking).status == "cancelled"
    assert book(second_buyer, microscope, at(day, 15)).status == "requested"


def test_other_enterprises_cannot_see_or_answer_a_booking(world, provider, microscope, buyer, second_buyer, day):
    booking = book(buyer, microscope, at(day, 11))
    with pytest.raises(NotFound):
        services.booking_of(second_buyer.enterprise, booking.public_id)
    with pytest.raises(NotFound):
        services.confirm_booking(second_buyer.owner, second_buyer.enterprise, booking.public_id)
    with pytest.raises(NotFound):
        services.confirm_booking(buyer.owner, buyer.enterprise, booking.public_id)
    with pytest.raises(NotFound):
        services.set_opening_hours(buyer.owner, buyer.enterprise, microscope.public_id, [])


def test_opening_hours_that_do_not_make_sense_are_refused(provider, microscope):
    with pytest.raises(InvalidInput) as refused:
        services.set_opening_hours(provider.owner, provider.enterprise, microscope.public_id,
                                   [calendar.Hours(0, 17 * 60, 9 * 60)])
    assert list(refused.value.errors) == ["day_0"]
    assert len(services.hours_of(microscope)) == 5


def test_a_week_in_a_year_without_holiday_data_closes_weekends_and_says_so(microscope):
    far = calendar.date(2099, 6, 1)  # a Monday
    week = services.availability(microscope, far, far + timedelta(days=6), now=at(far, 0) - timedelta(days=1))
    assert week.unknown_holiday_years == [2099]
    assert [bool(d.slots) for d in week.days] == [True] * 5 + [False] * 2


def test_a_request_whose_time_has_begun_can_no_longer_be_confirmed(provider, microscope, buyer, day):
    booking = book(buyer, microscope, at(day, 9))
    with pytest.raises(services.IllegalMove, match="has begun"):
        services.confirm_booking(provider.owner, provider.enterprise, booking.public_id, now=at(day, 9, 5))
    assert reload(booking).status == "requested"
