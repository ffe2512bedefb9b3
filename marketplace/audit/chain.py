"""The audit hash chain, kept pure so that verification does not trust the code that wrote it.

Each record's hash covers its own fields and the previous record's hash, so changing or deleting
any row breaks every hash after it, and the head (last sequence and hash) catches a cut tail.
"""
import enum
import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    sequence: int
    occurred_at: str  # ISO 8601 UTC, as stored
    actor: str | None
    enterprise: str | None
    action: str
    target: str | None
    before: dict | None
    after: dict | None
    request_id: str | None


def digest(entry, previous_hash):
    canonical = json.dumps(
        [previous_hash, entry.sequence, entry.occurred_at, entry.actor, entry.enterprise, entry.action,
         entry.target, entry.before, entry.after, entry.request_id],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Problem(enum.StrEnum):
    MISSING = "missing"      # records ``sequence`` to ``last_missing`` are gone
    UNLINKED = "unlinked"    # does not follow the record before it
    ALTERED = "altered"      # content differs from what was recorded
    TRUNCATED = "truncated"  # the chain does not reach the newest record the head remembers


@dataclass(frozen=True)
class Break:
    sequence: int
    problem: Problem
    last_missing: int | None = None

    def describe(self):
        """English, for logs and the command line; pages translate ``problem`` themselves."""
        return {
            Problem.MISSING: f"records {self.sequence}..{self.last_missing} are missing",
            Problem.UNLINKED: "does not follow the record before it",
            Problem.ALTERED: "content differs from what was recorded",
            Problem.TRUNCATED: "the chain does not reach this record, the newest one recorded",
        }[self.problem]


def verify(records, head_sequence, head_hash):
    """Walk ``(entry, stored_previous_hash, stored_hash)`` in sequence order; return every break found."""
    breaks = []
    expected_previous, expected_sequence = GENESIS, 1
    for entry, stored_previous, stored_hash in records:
        if entry.sequence != expected_sequence:
            breaks.append(Break(expected_sequence, Problem.MISSING, last_missing=entry.sequence - 1))
        if stored_previous != expected_previous:
            breaks.append(Break(entry.sequence, Problem.UNLINKED))
        if digest(entry, stored_previous) != stored_hash:
            breaks.append(Break(entry.sequence, Problem.ALTERED))
        expected_previous, expected_sequence = stored_hash, entry.sequence + 1
    if head_sequence != expected_sequence - 1 or head_hash != expected_previous:
        breaks.append(Break(head_sequence, Problem.TRUNCATED))
    return breaks
