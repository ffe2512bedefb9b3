"""The audit hash chain, kept pure so that verification does not trust the code that wrote it.

Each record's hash covers its own fields and the previous record's hash, so changing or deleting
any row breaks every hash after it, and the head (last sequence and hash) catches a cut tail.
"""
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


@dataclass(frozen=True)
class Break:
    sequence: int
    problem: str


def verify(records, head_sequence, head_hash):
    """Walk ``(entry, stored_previous_hash, stored_hash)`` in sequence order; return every break found."""
    breaks = []
    expected_previous, expected_sequence = GENESIS, 1
    for entry, stored_previous, stored_hash in records:
        if entry.sequence != expected_sequence:
            breaks.append(Break(expected_sequence, f"records {expected_sequence}..{entry.sequence - 1} are missing"))
        if stored_previous != expected_previous:
            breaks.append(Break(entry.sequence, "does not follow the record before it"))
        if digest(entry, stored_previous) != stored_hash:
            breaks.append(Break(entry.sequence, "content differs from what was recorded"))
        expected_previous, expected_sequence = stored_hash, entry.sequence + 1
    if head_sequence != expected_sequence - 1 or head_hash != expected_previous:
        breaks.append(Break(head_sequence, "the newest records are missing"))
    return breaks
