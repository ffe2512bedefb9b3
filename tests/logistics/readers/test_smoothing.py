from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.readers.payloads import RawRead
from logistics.readers.smoothing import empty_state, merge, prune, result, smooth

UTC = timezone.utc
T0 = datetime(2026, 8, 13, 9, 0, tzinfo=UTC)
W = timedelta(seconds=5)
EPC = "3034257BF7194E4000001A85"


def read(seconds, rssi=None, epc=EPC, antenna=1, reader="r1"):
    return RawRead(epc, antenna, None if rssi is None else Decimal(rssi), T0 + timedelta(seconds=seconds), reader)


def test_rules_by_example():
    reads = [read(0, "-60"), read(4.9, "-40"), read(9, "-50"),  # one sighting: gaps < 5 s
             read(14, "-70"),                                    # gap 5 s exactly: new sighting, a stray
             read(30), read(31), read(32, epc="E2801160600002")]  # open sighting; other EPC stray
    res = smooth(reads, window=W, min_reads=2, now=T0 + timedelta(seconds=33))
    assert [(s.first_seen, s.last_seen, s.read_count, s.peak_rssi_dbm) for s in res.sightings] == [
        (T0, T0 + timedelta(seconds=9), 3, Decimal(-40)),
        (T0 + timedelta(seconds=30), T0 + timedelta(seconds=31), 2, None),
    ]
    assert sorted((s.first_seen, s.epc_hex) for s in res.strays) == [
        (T0 + timedelta(seconds=14), EPC), (T0 + timedelta(seconds=32), "E2801160600002")]
    assert [m.at for m in res.arrivals] == [T0, T0 + timedelta(seconds=30)]
    assert [m.at for m in res.departures] == [T0 + timedelta(seconds=9)]  # the second is still open
    later = smooth(reads, window=W, min_reads=2, now=T0 + timedelta(seconds=36))
    assert [m.at for m in later.departures] == [T0 + timedelta(seconds=9), T0 + timedelta(seconds=31)]


def test_keys_are_separate():
    reads = [read(0), read(1, antenna=2), read(2, reader="r2")]
    res = smooth(reads, window=W, min_reads=1, now=T0)
    assert len(res.sightings) == 3


def test_late_read_bridges_two_sightings():
    state = merge(empty_state(W), [read(0), read(1), read(8), read(9)])
    assert len(state.all()) == 2
    state = merge(state, [read(4.5)])
    [one] = state.all()
    assert (one.read_count, one.first_seen, one.last_seen) == (5, T0, T0 + timedelta(seconds=9))


def test_prune_and_validation():
    state = merge(empty_state(W), [read(0), read(100)])
    assert [s.first_seen for s in prune(state, T0 + timedelta(seconds=50)).all()] == [T0 + timedelta(seconds=100)]
    with pytest.raises(ValueError):
        empty_state(timedelta(0))
    with pytest.raises(ValueError):
        result(state, min_reads=0, now=T0)


# ----------------------------------------------------------------------------- properties

reads_strategy = st.lists(
    st.builds(
        read,
        st.integers(0, 120).map(lambda n: n / 4),  # quarter seconds, many ties and near-window gaps
        st.one_of(st.none(), st.integers(-90, -20).map(str)),
        st.sampled_from([EPC, "E2801160600002"]),
        st.integers(1, 2),
        st.sampled_from(["r1", None]),
    ),
    max_size=60,
)
windows = st.integers(1, 40).map(lambda n: timedelta(seconds=n / 4))
min_reads_s = st.integers(1, 4)
NOW = T0 + timedelta(seconds=40)


@settings(max_examples=150, deadline=None)
@given(reads_strategy, windows, min_reads_s, st.randoms(use_true_random=False))
def test_order_independence(reads, window, min_reads, rnd):
    shuffled = list(reads)
    rnd.shuffle(shuffled)
    sorted_reads = sorted(reads, key=lambda r: r.read_at)
    assert smooth(shuffled, window=window, min_reads=min_reads, now=NOW) == \
        smooth(sorted_reads, window=window, min_reads=min_reads, now=NOW)


@settings(max_examples=150, deadline=None)
@given(reads_strategy, windows, min_reads_s)
def test_conservation(reads, window, min_reads):
    res = smooth(reads, window=window, min_reads=min_reads, now=NOW)
    groups = res.sightings + res.strays
    assert sum(s.read_count for s in groups) == len(reads)
    for r in reads:
        owners = [s for s in groups
                  if s.key == (r.reader_id, r.antenna, r.epc_hex) and s.first_seen <= r.read_at <= s.last_seen]
        assert len(owners) == 1
    for s in groups:
        mine = [r for r in reads if (r.reader_id, r.antenna, r.epc_hex) == s.key
                and s.first_seen <= r.read_at <= s.last_seen]
        assert len(mine) == s.read_count
        rssis = [r.rssi_dbm for r in mine if r.rssi_dbm is not None]
        assert s.peak_rssi_dbm == (max(rssis) if rssis else None)
    assert all(s.read_count >= min_reads for s in res.sightings)
    assert all(s.read_count < min_reads for s in res.strays)


@settings(max_examples=150, deadline=None)
@given(reads_strategy, windows)
def test_no_overlap_within_window_and_gaps_inside(reads, window):
    res = smooth(reads, window=window, min_reads=1, now=NOW)
    by_key = {}
    for s in res.sightings:
        by_key.setdefault(s.key, []).append(s)
    for key, group in by_key.items():
        group.sort(key=lambda s: s.first_seen)
        for a, b in zip(group, group[1:]):
            assert b.first_seen - a.last_seen >= window
        for s in group:  # consecutive reads inside one sighting are closer than the window
            times = sorted(r.read_at for r in reads if (r.reader_id, r.antenna, r.epc_hex) == key
                           and s.first_seen <= r.read_at <= s.last_seen)
            assert all(y - x < window for x, y in zip(times, times[1:]))


@settings(max_examples=150, deadline=None)
@given(reads_strategy, windows, min_reads_s, st.lists(st.integers(0, 60), max_size=5))
def test_incremental_merge_equals_one_shot(reads, window, min_reads, cuts):
    bounds = sorted({0, len(reads), *[min(c, len(reads)) for c in cuts]})
    state = empty_state(window)
    for lo, hi in zip(bounds, bounds[1:]):
        state = merge(state, reads[lo:hi])
    assert result(state, min_reads=min_reads, now=NOW) == smooth(reads, window=window, min_reads=min_reads, now=NOW)


@settings(max_examples=100, deadline=None)
@given(reads_strategy, windows, min_reads_s)
def test_departures_only_for_closed_sightings(reads, window, min_reads):
    res = smooth(reads, window=window, min_reads=min_reads, now=NOW)
    assert len(res.arrivals) == len(res.sightings)
    assert {m.sighting for m in res.departures} == {s for s in res.sightings if NOW - s.last_seen >= window}
