"""Genealogy over EPCIS events: what went into a thing, where it went, who passed it on, when and where.

Pure: it works on plain :class:`TraceEvent` records (``tracing.services`` builds them from stored
events) and imports neither Flask nor SQLAlchemy.

Time matters. Events are ordered by event time (ties by id) and each gets a rank. A child is inside a
parent from the AggregationEvent ADD that packs it until a later DELETE that unpacks it (a DELETE
without children empties the parent), or until it is packed into another parent, since a case sits on
one pallet at a time. A trace follows one path at a time and carries the window of ranks in which the
thing on that path can still matter: a case unpacked from a pallet before that pallet was loaded into
a container never reaches the container. Transformations consume their inputs at their rank; their
outputs exist from then on. An item commissioned with a lot number (ILMD) is made from that lot.

Guaranteed (and property-tested): if Y is in ``forward(X)`` then X is in ``backward(Y)``.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

OBJECT, AGGREGATION, TRANSACTION, TRANSFORMATION = (
    "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent")
ADD, OBSERVE, DELETE = "ADD", "OBSERVE", "DELETE"

# How a traced thing was reached from the one before it on its path.
PACKED_INTO, MADE_INTO, CONTAINS, MADE_FROM = "packed_into", "made_into", "contains", "made_from"

HANDOVER_STEPS = frozenset({"shipping", "receiving", "departing", "arriving", "accepting"})


@dataclass(frozen=True)
class TraceEvent:
    """One EPCIS event as tracing reads it; identifiers are pure-identity EPC or class URIs.

    ``epcs`` are an ObjectEvent's or TransactionEvent's epcList and quantityList classes; ``lot`` is the
    lot class (``urn:epc:class:lgtin:…``) an ObjectEvent ADD commissions its items into, if it has one.
    ``sources`` and ``destinations`` are ``(type, party or location)`` pairs.
    """

    id: int
    type: str
    event_time: datetime
    action: str | None = None
    epcs: tuple[str, ...] = ()
    parent: str | None = None
    children: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    lot: str | None = None
    biz_step: str | None = None
    disposition: str | None = None
    read_point: str | None = None
    biz_location: str | None = None
    sources: tuple[tuple[str, str], ...] = ()
    destinations: tuple[tuple[str, str], ...] = ()

    def roles(self) -> dict[str, str]:
        """Every identifier the event names, with its role (epc, parent, child, input, output, lot)."""
        named = {}
        for role, values in (("lot", (self.lot,) if self.lot else ()), ("output", self.outputs),
                             ("input", self.inputs), ("child", self.children),
                             ("parent", (self.parent,) if self.parent else ()), ("epc", self.epcs)):
            named.update({value: role for value in values})
        return named


@dataclass(frozen=True)
class Membership:
    """``child`` was inside ``parent`` from rank ``start`` (the ADD) up to, not including, ``stop``."""

    parent: str
    child: str
    start: int
    stop: int
    packed_by: int  # event id of the ADD


@dataclass(frozen=True)
class Making:
    """A transformation (or a commissioning into a lot) at ``rank``: ``inputs`` made ``outputs``."""

    rank: int
    event_id: int
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Reached:
    """A thing a trace found, and the first step that found it (``via`` is None for the start)."""

    identifier: str
    relation: str | None
    via: str | None
    event_id: int | None
    depth: int


@dataclass(frozen=True)
class Appearance:
    """An event in a thing's timeline: it names ``named`` (the thing, or what it was inside) as ``role``."""

    event: TraceEvent
    named: str
    role: str


@dataclass(frozen=True)
class Stop:
    """A place on a thing's route: consecutive events at the same place make one stop."""

    arrived: datetime
    left: datetime
    read_point: str | None
    biz_location: str | None


class Genealogy:
    """The events of one trace, indexed for walking backward and forward in time."""

    def __init__(self, events: Iterable[TraceEvent]):
        self.events = sorted(events, key=lambda event: (event.event_time, event.id))
        self.end = len(self.events)
        self._inside = defaultdict(list)   # child -> its memberships
        self._holds = defaultdict(list)    # parent -> memberships of its children
        self._made_from = defaultdict(list)  # output -> makings that produced it
        self._used_in = defaultdict(list)    # input -> makings that consumed it
        self._index()

    def _index(self):
        open_in = {}  # child -> (parent, start, packed_by)
        memberships = []

        def close(child, rank):
            parent, start, packed_by = open_in.pop(child)
            memberships.append(Membership(parent, child, start, rank, packed_by))

        for rank, event in enumerate(self.events):
            if event.type == AGGREGATION and event.parent:
                if event.action == ADD:
                    for child in event.children:
                        if child in open_in and open_in[child][0] == event.parent:
                            continue
                        if child in open_in:
                            close(child, rank)
                        open_in[child] = (event.parent, rank, event.id)
                elif event.action == DELETE:
                    leaving = event.children or [c for c, (p, _s, _e) in open_in.items() if p == event.parent]
                    for child in leaving:
                        if child in open_in and open_in[child][0] == event.parent:
                            close(child, rank)
            elif event.type == TRANSFORMATION and (event.inputs or event.outputs):
                self._add_making(Making(rank, event.id, event.inputs, event.outputs))
            elif event.type == OBJECT and event.action == ADD and event.lot and event.epcs:
                self._add_making(Making(rank, event.id, (event.lot,), event.epcs))
        for child in list(open_in):
            close(child, self.end)
        for membership in memberships:
            self._inside[membership.child].append(membership)
            self._holds[membership.parent].append(membership)

    def _add_making(self, making):
        for output in making.outputs:
            self._made_from[output].append(making)
        for used in making.inputs:
            self._used_in[used].append(making)

    # --- genealogy -------------------------------------------------------------------------------

    def forward(self, start: str) -> list[Reached]:
        """Where ``start`` went: what it was packed into (and what that was packed into while it was
        inside), and what it was made into; the start first, then in the order found."""
        return self._walk(start, self._forward_steps)

    def backward(self, start: str) -> list[Reached]:
        """What went into ``start``: what was inside it (and inside those at the time), and what it was
        made from; the start first, then in the order found."""
        return self._walk(start, self._backward_steps)

    def _forward_steps(self, identifier, lo, hi):
        for m in self._inside.get(identifier, ()):
            if m.start < hi and m.stop > lo:
                yield m.parent, max(lo, m.start), min(hi, m.stop), PACKED_INTO, m.packed_by
        for making in self._used_in.get(identifier, ()):
            if lo <= making.rank < hi:
                for output in making.outputs:
                    yield output, making.rank, self.end, MADE_INTO, making.event_id

    def _backward_steps(self, identifier, lo, hi):
        for m in self._holds.get(identifier, ()):
            if m.start < hi and m.stop > lo:
                yield m.child, max(lo, m.start), min(hi, m.stop), CONTAINS, m.packed_by
        for making in self._made_from.get(identifier, ()):
            if making.rank < hi:
                for used in making.inputs:
                    yield used, making.rank, making.rank + 1, MADE_FROM, making.event_id

    def _walk(self, start, steps):
        """Breadth first; a thing is walked again only with a window not already covered."""
        found = {start: Reached(start, None, None, None, 0)}
        windows = defaultdict(list)
        windows[start].append((0, self.end))
        queue = deque([(start, 0, self.end, 0)])
        while queue:
            identifier, lo, hi, depth = queue.popleft()
            for reached, new_lo, new_hi, relation, event_id in steps(identifier, lo, hi):
                if any(a <= new_lo and new_hi <= b for a, b in windows[reached]):
                    continue
                windows[reached].append((new_lo, new_hi))
                found.setdefault(reached, Reached(reached, relation, identifier, event_id, depth + 1))
                queue.append((reached, new_lo, new_hi, depth + 1))
        return list(found.values())

    def containers(self, identifier: str) -> dict[str, list[tuple[int, int]]]:
        """What ``identifier`` was inside, directly or through its parents, and in which rank windows."""
        inside = defaultdict(list)
        queue = deque([(identifier, 0, self.end)])
        while queue:
            thing, lo, hi = queue.popleft()
            for m in self._inside.get(thing, ()):
                if m.start < hi and m.stop > lo:
                    window = (max(lo, m.start), min(hi, m.stop))
                    if window not in inside[m.parent]:
                        inside[m.parent].append(window)
                        queue.append((m.parent, *window))
        return dict(inside)

    # --- timeline, route, parties ----------------------------------------------------------------

    def timeline(self, identifier: str) -> list[Appearance]:
        """Every event naming ``identifier``, or anything it was inside at the time, in time order.

        The event that took it out (an unpacking of what it was inside) belongs to its timeline too.
        """
        inside = self.containers(identifier)
        appearances = []
        for rank, event in enumerate(self.events):
            roles = event.roles()
            if identifier in roles:
                appearances.append(Appearance(event, identifier, roles[identifier]))
                continue
            for parent, windows in inside.items():
                if parent in roles and any(lo <= rank <= hi for lo, hi in windows):
                    appearances.append(Appearance(event, parent, roles[parent]))
                    break
        return appearances

    def route(self, identifier: str) -> list[Stop]:
        """The places (read point and business location) of its timeline in time order."""
        stops = []
        for appearance in self.timeline(identifier):
            event = appearance.event
            if not (event.read_point or event.biz_location):
                continue
            if stops and (stops[-1].read_point, stops[-1].biz_location) == (event.read_point, event.biz_location):
                last = stops[-1]
                stops[-1] = Stop(last.arrived, event.event_time, last.read_point, last.biz_location)
            else:
                stops.append(Stop(event.event_time, event.event_time, event.read_point, event.biz_location))
        return stops

    def one_up_one_down(self, identifier: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """``(one up, one down)``: the sources and the destinations of the shipping and receiving
        events in its timeline, each ``(type, party or location)`` once, in time order."""
        up, down = [], []
        for appearance in self.timeline(identifier):
            event = appearance.event
            if event.biz_step not in HANDOVER_STEPS:
                continue
            up.extend(source for source in event.sources if source not in up)
            down.extend(destination for destination in event.destinations if destination not in down)
        return up, down
