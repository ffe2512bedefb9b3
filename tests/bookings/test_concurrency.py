"""Many buyers ask for the same slot at the same instant: exactly one gets it, the others a clear refusal."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Enterprise, User
from marketplace.bookings import services
from marketplace.bookings.models import BookedSlot, Booking
from marketplace.extensions import db
from tests.bookings.conftest import at, party
from tests.concurrency import all_at_once

BUYERS = 8


@pytest.mark.postgres_only
def test_many_buyers_one_slot_exactly_one_succeeds(app, world, microscope, day):
    buyers = [party(world, ("buyer",)) for _ in range(BUYERS)]
    ids = [(b.owner.id, b.enterprise.id) for b in buyers]

    def attempt(number):
        user_id, enterprise_id = ids[number]
        user, enterprise = db.session.get(User, user_id), db.session.get(Enterprise, enterprise_id)
        try:
            return "booked", services.request_booking(user, enterprise, microscope.public_id, at(day, 10), 2)
        except services.SlotTaken as refused:
            return "refused", refused

    results = all_at_once(app, BUYERS, attempt)

    assert sorted(outcome for outcome, _ in results) == ["booked"] + ["refused"] * (BUYERS - 1)
    refusals = [refused for outcome, refused in results if outcome == "refused"]
    assert all(refused.errors == {"starts_at": [refused.message]} and refused.message for refused in refusals)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1
    assert db.session.scalar(select(func.count()).select_from(BookedSlot)) == 2


@pytest.mark.postgres_only
def test_overlapping_runs_never_share_a_slot(app, world, microscope, day):
    """Runs of two slots starting an hour apart overlap pairwise: the lock lets no two overlapping ones in."""
    buyers = [party(world, ("buyer",)) for _ in range(4)]
    ids = [(b.owner.id, b.enterprise.id) for b in buyers]

    def attempt(number):
        user_id, enterprise_id = ids[number]
        user, enterprise = db.session.get(User, user_id), db.session.get(Enterprise, enterprise_id)
        try:
            services.request_booking(user, enterprise, microscope.public_id, at(day, 9 + number), 2)
            return True
        except services.SlotTaken:
            return False

    all_at_once(app, len(ids), attempt)

    starts = db.session.scalars(select(BookedSlot.starts_at).where(BookedSlot.active.is_(True))).all()
    assert len(starts) == len(set(starts)) >= 2


def test_the_unique_index_refuses_a_second_active_hold_of_a_slot(microscope, buyer, day):
    """The last guard, should a path ever skip the listing lock: the database itself refuses."""
    booking = services.request_booking(buyer.owner, buyer.enterprise, microscope.public_id, at(day, 10))
    db.session.add(BookedSlot(booking_id=booking.id, listing_id=microscope.id, starts_at=at(day, 10)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
