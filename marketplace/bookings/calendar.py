"""Slot arithmetic of shared resources: which slots of a period can be booked, and who may cancel when.

Pure: no Flask, no database. Opening hours are local Asia/Shanghai minutes per weekday; a resource
opens only on mainland working days, as the State Council's holiday schedule (with its make-up
working weekends) sets them through the ``chinese_calendar`` package. That package knows only the
years it ships data for; for other years weekends count as closed and holidays cannot be known,
which ``unknown_holiday_years`` lets the pages say.
"""
import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import chinese_calendar

from marketplace.workdays import knows_holidays_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINUTES_PER_DAY = 24 * 60
# A buyer cancels free of charge until this many hours before the first slot; later only the provider may.
FREE_CANCELLATION_HOURS = 24
# The longest period one availability answer covers, so a request cannot ask for years of slots.
LONGEST_PERIOD_DAYS = 31
MOST_SLOTS_PER_BOOKING = 12


class Closed(enum.StrEnum):
    """Why a day has no slots."""

    HOLIDAY = "holiday"
    NON_WORKING_DAY = "non_working_day"
    CLOSURE = "closure"
    NO_HOURS = "no_hours"


class SlotState(enum.StrEnum):
    FREE = "free"
    TAKEN = "taken"
    PAST = "past"


class Refusal(enum.StrEnum):
    """Why a requested start cannot be booked; the service words each for people."""

    PAST = "past"
    CLOSED_DAY = "closed_day"
    OUTSIDE_HOURS = "outside_hours"
    NOT_ALIGNED = "not_aligned"
    TOO_MANY = "too_many"


class SlotRefused(ValueError):
    def __init__(self, refusal, closed=None):
        super().__init__(refusal)
        self.refusal = refusal
        self.closed = closed


@dataclass(frozen=True)
class Hours:
    """One opening interval of a weekday (Monday 0 … Sunday 6), in local minutes after midnight."""

    weekday: int
    opens_minute: int
    closes_minute: int


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    state: SlotState

    @property
    def local_minute(self):
        return _local_minute(self.starts_at)


@dataclass(frozen=True)
class Day:
    day: date
    slots: tuple
    closed: Closed | None


def check_hours(hours):
    """:return: the weekdays whose intervals are empty, out of the day or overlapping (empty if all fine)."""
    wrong = set()
    for weekday in range(7):
        intervals = sorted((h.opens_minute, h.closes_minute) for h in hours if h.weekday == weekday)
        for opens, closes in intervals:
            if not 0 <= opens < closes <= MINUTES_PER_DAY:
                wrong.add(weekday)
        for (_, first_closes), (second_opens, _) in zip(intervals, intervals[1:]):
            if second_opens < first_closes:
                wrong.add(weekday)
    wrong.update(h.weekday for h in hours if not 0 <= h.weekday <= 6)
    return sorted(wrong)


def unknown_holiday_years(first_day, last_day):
    """Years of the period whose public holidays are not known; their weekdays all count as working days."""
    return [year for year in range(first_day.year, last_day.year + 1) if not knows_holidays_of(year)]


def closed_reason(day, closure_days):
    """Why ``day`` is closed for every resource with these closures, or None when it may open."""
    if day in closure_days:
        return Closed.CLOSURE
    if not knows_holidays_of(day.year):
        return Closed.NON_WORKING_DAY if day.weekday() >= 5 else None
    if chinese_calendar.is_workday(day):
        return None
    _, holiday = chinese_calendar.get_holiday_detail(day)
    return Closed.HOLIDAY if holiday is not None else Closed.NON_WORKING_DAY


def slot_bounds(day, hours, slot_minutes):
    """``(starts_at, ends_at)`` in UTC of every whole slot the weekday's intervals hold, in order."""
    bounds = []
    midnight = datetime.combine(day, time(), tzinfo=SHANGHAI)
    for interval in sorted((h for h in hours if h.weekday == day.weekday()), key=lambda h: h.opens_minute):
        minute = interval.opens_minute
        while minute + slot_minutes <= interval.closes_minute:
            start = midnight + timedelta(minutes=minute)
            bounds.append((start.astimezone(timezone.utc), (start + timedelta(minutes=slot_minutes))
                           .astimezone(timezone.utc)))
            minute += slot_minutes
    return bounds


def days_of(first_day, last_day, hours, closure_days, slot_minutes, now, taken):
    """Every day of the period with its slots marked free, taken or past; closed days have none.

    ``taken`` holds the UTC starts of slots held by active bookings. A slot that has begun is past.
    """
    days = []
    day = first_day
    while day <= last_day:
        reason = closed_reason(day, closure_days)
        bounds = slot_bounds(day, hours, slot_minutes) if reason is None else []
        if reason is None and not bounds:
            reason = Closed.NO_HOURS
        slots = tuple(Slot(start, end, SlotState.PAST if start <= now else
                           SlotState.TAKEN if start in taken else SlotState.FREE) for start, end in bounds)
        days.append(Day(day, slots, reason))
        day += timedelta(days=1)
    return days


def requested_slots(starts_at, count, hours, closure_days, slot_minutes, now):
    """The UTC bounds of ``count`` consecutive slots from ``starts_at``, all on one open day.

    :raise SlotRefused: for a start in the past, on a closed day, outside the hours, not on a slot
        boundary, or a run of slots that leaves the opening interval.
    """
    if not 1 <= count <= MOST_SLOTS_PER_BOOKING:
        raise SlotRefused(Refusal.TOO_MANY)
    if starts_at <= now:
        raise SlotRefused(Refusal.PAST)
    day = local_date(starts_at)
    reason = closed_reason(day, closure_days)
    if reason is not None:
        raise SlotRefused(Refusal.CLOSED_DAY, reason)
    bounds = slot_bounds(day, hours, slot_minutes)
    starts = [start for start, _ in bounds]
    if starts_at not in starts:
        inside = any(h.weekday == day.weekday() and h.opens_minute <= _local_minute(starts_at) < h.closes_minute
                     for h in hours)
        raise SlotRefused(Refusal.NOT_ALIGNED if inside else Refusal.OUTSIDE_HOURS)
    first = starts.index(starts_at)
    run = bounds[first:first + count]
    consecutive = all(earlier[1] == later[0] for earlier, later in zip(run, run[1:]))
    if len(run) < count or not consecutive:
        raise SlotRefused(Refusal.OUTSIDE_HOURS)
    return run


def _local_minute(moment):
    local = moment.astimezone(SHANGHAI)
    return local.hour * 60 + local.minute


def buyer_may_cancel(starts_at, now):
    """Free cancellation for the buyer ends ``FREE_CANCELLATION_HOURS`` before the first slot."""
    return now <= starts_at - timedelta(hours=FREE_CANCELLATION_HOURS)


def week_start(day):
    """The Monday of ``day``'s week: the calendar pages show Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def local_date(moment):
    """The Shanghai calendar day of an aware moment: "today" on the site is today in Tianjin."""
    return moment.astimezone(SHANGHAI).date()


def week_rows(days):
    """Rows of a days × slots table: each local start minute with every day's slot there (None where none)."""
    minutes = sorted({slot.local_minute for day in days for slot in day.slots})
    by_day = [{slot.local_minute: slot for slot in day.slots} for day in days]
    return [(minute, [slots.get(minute) for slots in by_day]) for minute in minutes]
