"""Floor compliance profiles and the State Council's rules for spot trading venues. Pure: no Flask, no database.

The State Council's decision on clearing up trading venues (国发〔2011〕38号) and its implementing
opinions (国办发〔2012〕37号) forbid a spot venue to trade standardised contracts by centralised
continuous trading (集中交易 of 标准化合约, such as a continuous order book), require a minimum
holding interval of five trading days before a bought quantity is sold again (T+5), and cap the
holders of one instrument at 200. ``STATE_COUNCIL_SPOT`` is that profile; ``lint`` measures any
floor's profile against it. A floor without a profile is ``UNRESTRICTED``: trading allows everything.
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

CONTINUOUS = "continuous"
MECHANISMS = (CONTINUOUS, "call_auction", "listed_price", "auction", "negotiated")

CENTRALISED_CONTINUOUS = "centralised_continuous"
HOLDING_INTERVAL = "holding_interval"
HOLDER_CAP = "holder_cap"
LINT_RULES = (CENTRALISED_CONTINUOUS, HOLDING_INTERVAL, HOLDER_CAP)


@dataclass(frozen=True)
class Profile:
    """What one floor may do: its mechanisms, whether its contracts are standardised, T+N and the holder cap."""

    mechanisms: frozenset
    standardised_contracts: bool = True
    min_holding_days: int = 0
    holder_cap: int | None = None
    based_on: str = "custom"


STATE_COUNCIL_SPOT = Profile(frozenset(MECHANISMS) - {CONTINUOUS}, standardised_contracts=True, min_holding_days=5,
                             holder_cap=200, based_on="state_council_spot")
UNRESTRICTED = Profile(frozenset(MECHANISMS), standardised_contracts=True, min_holding_days=0, holder_cap=None,
                       based_on="none")


@dataclass(frozen=True)
class LintFinding:
    """One way a profile falls short of the reference: the rule, what the floor has and what is required."""

    rule: str
    found: object
    required: object


def lint(profile, reference=STATE_COUNCIL_SPOT):
    """Where ``profile`` allows more than ``reference`` does, one finding per rule (empty: compliant)."""
    findings = []
    if profile.standardised_contracts and CONTINUOUS in profile.mechanisms and CONTINUOUS not in reference.mechanisms:
        findings.append(LintFinding(CENTRALISED_CONTINUOUS, CONTINUOUS, "-"))
    if profile.min_holding_days < reference.min_holding_days:
        findings.append(LintFinding(HOLDING_INTERVAL, profile.min_holding_days, reference.min_holding_days))
    if reference.holder_cap is not None and (profile.holder_cap is None or profile.holder_cap > reference.holder_cap):
        findings.append(LintFinding(HOLDER_CAP, profile.holder_cap, reference.holder_cap))
    return findings


def allows_mechanism(profile, mechanism):
    """Whether ``mechanism`` is one the profile lists."""
    return mechanism in profile.mechanisms


def earliest_sale_day(bought_on, profile, add_working_days):
    """The first day a quantity bought on ``bought_on`` may be sold again (T+N in working days)."""
    return add_working_days(bought_on, profile.min_holding_days)


def holders(fills):
    """The enterprises holding a positive quantity after ``fills`` ((buyer, seller, quantity) each)."""
    positions = defaultdict(Decimal)
    for buyer, seller, quantity in fills:
        positions[buyer] += Decimal(quantity)
        positions[seller] -= Decimal(quantity)
    return {enterprise for enterprise, position in positions.items() if position > 0}


def would_exceed_holder_cap(profile, current_holders, buyer):
    """Whether ``buyer`` becoming a holder would take the instrument beyond the profile's cap."""
    return (profile.holder_cap is not None and buyer not in current_holders
            and len(current_holders) >= profile.holder_cap)
