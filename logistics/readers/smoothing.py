"""Smoothing of raw RFID reads into sightings (pure: no Flask, no database).

Rules
-----
* Reads are grouped by key ``(reader_id, antenna, epc_hex)``.
* Within a key, reads sorted by time form one **sighting** as long as each read is *closer than*
  ``window`` to the previous one (gap ``< window``); a gap of ``window`` or more starts a new
  sighting. A sighting records ``first_seen``, ``last_seen``, ``read_count`` and the peak RSSI
  (``None`` when no read carried an RSSI).
* Sightings with fewer than ``min_reads`` reads are **strays**: they are returned separately and
  make no arrival or departure.
* **Arrival** = ``first_seen`` of a sighting. **Departure** = ``last_seen`` of a sighting once
  ``now - last_seen >= window`` (no read can still extend it); a sighting still within the window
  is *open* and has no departure yet.
* Grouping depends only on the set of read times per key, so input order does not matter: late and
  out-of-order reads give the same result as sorted input.

Incremental use: :func:`merge` folds a batch into a :class:`SmoothingState` (an immutable value
passed in and returned). A late read that falls within the window of one or more existing
sightings of its key joins them (and may bridge two sightings into one), exactly as if all reads
had been smoothed at once; :func:`result` then classifies the state for a given ``now``.
``merge(merge(empty_state(w), a), b)`` equals ``merge(empty_state(w), a + b)``.
:func:`prune` drops sightings that ended before a retention horizon; a read arriving later than
that horizon starts a new sighting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Iterable, Mapping

from .payloads import RawRead

__all__ = [
    "Key", "Sighting", "Movement", "SmoothingResult", "SmoothingState", "empty_state",
    "key_of", "merge", "result", "smooth", "prune",
]

Key = tuple  # (reader_id: str | None, antenna: int, epc_hex: str)


def key_of(read: RawRead) -> Key:
    return (read.reader_id, read.antenna, read.epc_hex)


def _peak(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


@dataclass(frozen=True)
class Sighting:
    reader_id: str | None
    antenna: int
    epc_hex: str
    first_seen: datetime
    last_seen: datetime
    read_count: int
    peak_rssi_dbm: Decimal | None

    @property
    def key(self) -> Key:
        return (self.reader_id, self.antenna, self.epc_hex)

    def is_closed(self, now: datetime, window: timedelta) -> bool:
        return now - self.last_seen >= window

    def absorb(self, other: "Sighting") -> "Sighting":
        return replace(
            self,
            first_seen=min(self.first_seen, other.first_seen),
            last_seen=max(self.last_seen, other.last_seen),
            read_count=self.read_count + other.read_count,
            peak_rssi_dbm=_peak(self.peak_rssi_dbm, other.peak_rssi_dbm),
        )

    @classmethod
    def of(cls, read: RawRead) -> "Sighting":
        return cls(read.reader_id, read.antenna, read.epc_hex, read.read_at, read.read_at, 1, read.rssi_dbm)


@dataclass(frozen=True)
class Movement:
    kind: str  # "arrival" or "departure"
    at: datetime
    sighting: Sighting


@dataclass(frozen=True)
class SmoothingResult:
    sightings: tuple[Sighting, ...]  # read_count >= min_reads, sorted by (first_seen, key)
    strays: tuple[Sighting, ...]  # read_count < min_reads
    arrivals: tuple[Movement, ...]
    departures: tuple[Movement, ...]


def _sort_key(s: Sighting):
    return (s.first_seen, s.reader_id or "", s.antenna, s.epc_hex)


@dataclass(frozen=True)
class SmoothingState:
    """Sightings so far per key (each tuple sorted by ``first_seen``, gaps ``>= window``)."""

    window: timedelta
    by_key: Mapping[Key, tuple[Sighting, ...]] = field(default_factory=dict)

    def all(self) -> tuple[Sighting, ...]:
        return tuple(sorted((s for group in self.by_key.values() for s in group), key=_sort_key))


def empty_state(window: timedelta) -> SmoothingState:
    if window <= timedelta(0):
        raise ValueError("window must be positive")
    return SmoothingState(window, {})


def _insert(group: tuple[Sighting, ...], read: RawRead, window: timedelta) -> tuple[Sighting, ...]:
    t = read.read_at
    joined = Sighting.of(read)
    kept = []
    for s in group:
        # t is closer than window to some read of s iff first - window < t < last + window,
        # because the reads inside s are themselves less than window apart.
        if s.first_seen - window < t < s.last_seen + window:
            joined = joined.absorb(s)
        else:
            kept.append(s)
    kept.append(joined)
    kept.sort(key=lambda s: s.first_seen)
    return tuple(kept)


def merge(state: SmoothingState, reads: Iterable[RawRead]) -> SmoothingState:
    """Fold ``reads`` (any order, any lateness) into ``state``; returns a new state."""
    by_key = dict(state.by_key)
    for read in reads:
        if read.read_at.tzinfo is None:
            raise ValueError("read_at must be timezone-aware")
        k = key_of(read)
        by_key[k] = _insert(by_key.get(k, ()), read, state.window)
    return SmoothingState(state.window, by_key)


def result(state: SmoothingState, *, min_reads: int, now: datetime) -> SmoothingResult:
    """Classify the sightings of ``state`` into sightings and strays, with arrivals and departures."""
    if min_reads < 1:
        raise ValueError("min_reads must be at least 1")
    everything = state.all()
    sightings = tuple(s for s in everything if s.read_count >= min_reads)
    strays = tuple(s for s in everything if s.read_count < min_reads)
    arrivals = tuple(Movement("arrival", s.first_seen, s) for s in sightings)
    departures = tuple(
        sorted(
            (Movement("departure", s.last_seen, s) for s in sightings if s.is_closed(now, state.window)),
            key=lambda m: (m.at, _sort_key(m.sighting)),
        )
    )
    return SmoothingResult(sightings, strays, arrivals, departures)


def smooth(reads: Iterable[RawRead], *, window: timedelta, min_reads: int, now: datetime) -> SmoothingResult:
    """One-shot smoothing of ``reads``."""
    return result(merge(empty_state(window), reads), min_reads=min_reads, now=now)


def prune(state: SmoothingState, before: datetime) -> SmoothingState:
    """Drop sightings whose ``last_seen`` is earlier than ``before`` (retention horizon)."""
    by_key = {}
    for k, group in state.by_key.items():
        kept = tuple(s for s in group if s.last_seen >= before)
        if kept:
            by_key[k] = kept
    return SmoothingState(state.window, by_key)
