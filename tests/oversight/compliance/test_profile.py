"""The pure compliance profile: the lint against the State Council's profile, holders, T+N and the holder cap."""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.compliance.profile import (
    CENTRALISED_CONTINUOUS, HOLDER_CAP, HOLDING_INTERVAL, MECHANISMS, STATE_COUNCIL_SPOT, UNRESTRICTED, Profile,
    earliest_sale_day, holders, lint, would_exceed_holder_cap,
)
from marketplace.workdays import add_working_days, is_working_day

profiles = st.builds(Profile, mechanisms=st.frozensets(st.sampled_from(MECHANISMS), min_size=1),
                     standardised_contracts=st.booleans(), min_holding_days=st.integers(0, 30),
                     holder_cap=st.none() | st.integers(1, 500))
fills = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 50).map(Decimal)), max_size=30)


def rules_of(profile):
    return {finding.rule for finding in lint(profile)}


def test_the_built_in_profile_is_compliant_and_no_profile_breaks_every_rule():
    assert lint(STATE_COUNCIL_SPOT) == []
    assert rules_of(UNRESTRICTED) == {CENTRALISED_CONTINUOUS, HOLDING_INTERVAL, HOLDER_CAP}


def test_continuous_matching_of_contracts_that_are_not_standardised_is_no_centralised_trading():
    floor = Profile(frozenset(MECHANISMS), standardised_contracts=False, min_holding_days=5, holder_cap=200)

    assert lint(floor) == []


@given(profile=profiles, extra_days=st.integers(0, 10), smaller_cap=st.integers(1, 200))
def test_tightening_a_profile_never_adds_a_finding(profile, extra_days, smaller_cap):
    tighter = Profile(profile.mechanisms - {"continuous"} or frozenset({"negotiated"}), profile.standardised_contracts,
                      profile.min_holding_days + extra_days,
                      min(smaller_cap, profile.holder_cap or smaller_cap))

    assert rules_of(tighter) <= rules_of(profile)


@given(fills=fills, order=st.randoms(use_true_random=False))
def test_holders_are_those_who_bought_more_than_they_sold_in_any_order(fills, order):
    shuffled = list(fills)
    order.shuffle(shuffled)
    found = holders(fills)

    assert holders(shuffled) == found
    for enterprise in found:
        bought = sum(q for buyer, _seller, q in fills if buyer == enterprise)
        sold = sum(q for _buyer, seller, q in fills if seller == enterprise)
        assert bought > sold


@given(cap=st.integers(1, 8), buyers=st.lists(st.integers(1, 20), max_size=40))
def test_admitting_buyers_under_the_cap_never_exceeds_it_and_never_turns_a_holder_away(cap, buyers):
    profile = Profile(frozenset(MECHANISMS), holder_cap=cap)
    present = set()
    for buyer in buyers:
        if buyer in present:
            assert not would_exceed_holder_cap(profile, present, buyer)
        if not would_exceed_holder_cap(profile, present, buyer):
            present.add(buyer)
    assert len(present) <= cap


@given(bought_on=st.dates(date(2025, 1, 1), date(2026, 12, 31)), days=st.integers(1, 10))
def test_a_sale_comes_at_least_n_working_days_after_the_purchase(bought_on, days):
    day = earliest_sale_day(bought_on, Profile(frozenset(MECHANISMS), min_holding_days=days), add_working_days)

    assert day >= bought_on + timedelta(days=days) and is_working_day(day)


def test_t_plus_5_across_the_national_day_holiday():
    bought_on = date(2026, 9, 30)

    assert earliest_sale_day(bought_on, STATE_COUNCIL_SPOT, add_working_days) > date(2026, 10, 7)
