"""Running one rule version over events, and comparing two versions' findings.

Pure: no Flask, no database. A version with per-floor overrides runs its detector once per
overridden floor on that floor's events (events of no floor — payments, movements — go with
every run) and once with its own parameters on the rest, so each finding was judged with exactly
the parameters it is stored with.
"""
from dataclasses import dataclass

from marketplace.oversight.surveillance.catalogue import effective_parameters


@dataclass(frozen=True)
class Judged:
    """A finding and the effective parameters it was found with."""

    finding: object
    parameters: dict


def run_version(module, parameters, floor_overrides, events, context):
    """Every finding of ``module.detect`` over ``events`` with the version's parameters, one per finding key."""
    declared = module.PARAMETERS
    overridden = sorted(floor for floor in (floor_overrides or {}) if floor)
    runs = [(None, [event for event in events if getattr(event, "floor", None) not in overridden])]
    runs += [(floor, [event for event in events if getattr(event, "floor", floor) == floor]) for floor in overridden]
    judged = {}
    for floor, subset in runs:
        effective = effective_parameters(declared, parameters, floor_overrides, floor)
        for finding in module.detect(tuple(subset), context, effective):
            judged.setdefault(finding.key, Judged(finding, effective))
    return list(judged.values())


@dataclass(frozen=True)
class Comparison:
    """What a candidate version finds that the baseline does not (added), the reverse (dropped), and both (kept)."""

    added: tuple
    dropped: tuple
    kept: tuple


def compare(candidate, baseline):
    """Compare two lists of ``Judged`` by finding key (the rows concerned); order follows the findings' time."""
    candidate_keys = {item.finding.key for item in candidate}
    baseline_keys = {item.finding.key for item in baseline}

    def in_time(items):
        return tuple(sorted(items, key=lambda item: (item.finding.at, item.finding.key)))

    return Comparison(added=in_time(item for item in candidate if item.finding.key not in baseline_keys),
                      dropped=in_time(item for item in baseline if item.finding.key not in candidate_keys),
                      kept=in_time(item for item in candidate if item.finding.key in baseline_keys))
