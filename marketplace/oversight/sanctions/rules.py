"""The rules of sanctions as plain data: which kinds act on what, when one is in force, how numbers run.

Pure (no Flask, no database): the services and the gate ask these, and property tests pin them down.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

WARNING, LISTING_REMOVAL, TRADING_SUSPENSION, ESCROW_HOLD, TERMINATION = (
    "warning", "listing_removal", "trading_suspension", "escrow_hold", "termination")
KINDS = (WARNING, LISTING_REMOVAL, TRADING_SUSPENSION, ESCROW_HOLD, TERMINATION)
PROPOSED, APPROVED, REJECTED, LIFTED = "proposed", "approved", "rejected", "lifted"
STATUSES = (PROPOSED, APPROVED, REJECTED, LIFTED)
EXPIRED = "expired"  # shown, never stored: an approved sanction whose days have run out
SEVERITIES = ("minor", "general", "serious")

# The credit entry's severity when the proposal names none: the heavier the measure, the heavier the entry.
DEFAULT_SEVERITY = {WARNING: "minor", LISTING_REMOVAL: "general", TRADING_SUSPENSION: "general",
                    ESCROW_HOLD: "general", TERMINATION: "serious"}
BARS_TRADING = frozenset({TRADING_SUSPENSION, TERMINATION})
HOLDS_ESCROW = frozenset({ESCROW_HOLD})
# Kinds that last for a while (and so may be lifted); a warning or a removal is done once approved.
LASTING = frozenset({TRADING_SUSPENSION, ESCROW_HOLD, TERMINATION})
NEEDS_TARGET = frozenset({LISTING_REMOVAL})
MAX_DURATION_DAYS = 3650
NUMBER_PREFIX = "滨海监处"


@dataclass(frozen=True)
class Term:
    """When a sanction acts: approved, from ``effective_from`` until ``effective_until`` (None: until lifted)."""
    kind: str
    status: str
    effective_from: datetime | None
    effective_until: datetime | None


def in_force(term, at):
    """True while ``term`` acts at ``at``: approved (not lifted or rejected) and within its period."""
    if term.status != APPROVED or term.effective_from is None or at < term.effective_from:
        return False
    return term.effective_until is None or at < term.effective_until


def state(term, at):
    """The status to show at ``at``: the stored one, or ``expired`` once an approved sanction's days ran out."""
    if term.status == APPROVED and term.effective_until is not None and at >= term.effective_until:
        return EXPIRED
    return term.status


def period(approved_at, duration_days):
    """``(effective_from, effective_until)`` of a sanction approved at ``approved_at``."""
    until = approved_at + timedelta(days=duration_days) if duration_days else None
    return approved_at, until


def may_lift(term, at):
    """Only a lasting sanction still in force can be lifted; the others have nothing left to end."""
    return term.kind in LASTING and in_force(term, at)


def number(year, sequence):
    """The decision number, e.g. ``滨海监处〔2026〕0001``: numbered per calendar year from 1."""
    return f"{NUMBER_PREFIX}〔{year}〕{sequence:04d}"


def year_prefix(year):
    return f"{NUMBER_PREFIX}〔{year}〕"


def next_sequence(numbers, year):
    """The sequence after the highest of ``numbers`` given in ``year`` (other years' numbers are ignored)."""
    prefix = year_prefix(year)
    used = [int(value[len(prefix):]) for value in numbers if value.startswith(prefix) and value[len(prefix):].isdigit()]
    return max(used, default=0) + 1


def proposal_errors(kind, reason, target, duration_days, severity):
    """``{field: [code]}`` for a proposal that breaks a rule (codes, so the caller words them)."""
    errors = {}
    if kind not in KINDS:
        errors["kind"] = ["unknown_kind"]
    if not reason:
        errors["reason"] = ["reason_required"]
    elif len(reason) > 5000:
        errors["reason"] = ["reason_too_long"]
    if kind in NEEDS_TARGET and not target:
        errors["target"] = ["target_required"]
    if duration_days is not None:
        if kind not in LASTING:
            errors["duration_days"] = ["duration_not_lasting"]
        elif not 1 <= duration_days <= MAX_DURATION_DAYS:
            errors["duration_days"] = ["duration_out_of_range"]
    if severity is not None and severity not in SEVERITIES:
        errors["severity"] = ["unknown_severity"]
    return errors
