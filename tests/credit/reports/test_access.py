"""Who may read a detailed report, decided purely: the enterprise itself, oversight, counterparties it authorised."""
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from credit.reports import access
from credit.reports.access import AUTHORISED, OPERATOR, REGULATOR, SELF, Access, Grant, decide

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
SUBJECT, COUNTERPARTY, OTHER = 1, 2, 3


def read(acting_for, member_of=(), grants=(), platform_role=None, now=NOW):
    return decide(SUBJECT, platform_role=platform_role, acting_for=acting_for, member_of=frozenset(member_of),
                  grants=grants, now=now)


def test_the_enterprise_itself_reads_its_own_report():
    assert read(SUBJECT, member_of={SUBJECT}) == Access(SELF)


def test_operators_and_regulators_read_every_report():
    assert read(None, platform_role="operator") == Access(OPERATOR)
    assert read(None, platform_role="regulator") == Access(REGULATOR)


def test_a_counterparty_reads_under_an_authorisation_in_force_and_names_it():
    grant = Grant(7, COUNTERPARTY, NOW + timedelta(days=3))
    assert read(COUNTERPARTY, {COUNTERPARTY}, [grant]) == Access(AUTHORISED, 7)


def test_a_counterparty_without_authorisation_is_refused():
    assert read(COUNTERPARTY, {COUNTERPARTY}) is None


def test_expired_revoked_and_someone_elses_authorisations_give_nothing():
    expired = Grant(1, COUNTERPARTY, NOW)
    revoked = Grant(2, COUNTERPARTY, NOW + timedelta(days=3), revoked_at=NOW - timedelta(hours=1))
    others = Grant(3, OTHER, NOW + timedelta(days=3))
    assert read(COUNTERPARTY, {COUNTERPARTY}, [expired, revoked, others]) is None


def test_acting_for_an_enterprise_one_does_not_belong_to_gives_nothing():
    grant = Grant(7, COUNTERPARTY, NOW + timedelta(days=3))
    assert read(COUNTERPARTY, {OTHER}, [grant]) is None
    assert read(SUBJECT, {OTHER}) is None


def test_of_several_authorisations_the_longest_running_is_named():
    grants = [Grant(1, COUNTERPARTY, NOW + timedelta(days=3)), Grant(2, COUNTERPARTY, NOW + timedelta(days=30))]
    assert read(COUNTERPARTY, {COUNTERPARTY}, grants).authorisation_id == 2


grants = st.builds(Grant, st.integers(1, 50), st.sampled_from([COUNTERPARTY, OTHER]),
                   st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                                timezones=st.just(UTC)),
                   st.one_of(st.none(), st.just(NOW - timedelta(days=1))))


@given(st.lists(grants, max_size=6), st.sampled_from([COUNTERPARTY, OTHER]),
       st.frozensets(st.sampled_from([SUBJECT, COUNTERPARTY, OTHER])))
def test_a_counterparty_reads_exactly_when_it_belongs_and_holds_a_grant_in_force(grants, acting_for, member_of):
    decided = read(acting_for, member_of, grants)
    in_force = [g for g in grants if g.grantee_id == acting_for and g.revoked_at is None and NOW < g.expires_at]
    if acting_for in member_of and in_force:
        assert decided.capacity == AUTHORISED
        assert decided.authorisation_id in {g.id for g in in_force}
    else:
        assert decided is None


@given(st.lists(grants, max_size=6), st.integers(0, 400))
def test_time_only_takes_access_away(grants, days):
    """What is refused now stays refused later (authorisations only expire); revocation is final too."""
    if read(COUNTERPARTY, {COUNTERPARTY}, grants) is None:
        assert read(COUNTERPARTY, {COUNTERPARTY}, grants, now=NOW + timedelta(days=days)) is None


def test_an_authorisation_must_run_ahead_for_at_most_the_maximum_and_say_why():
    today = date(2026, 11, 26)

    def problems(grantee=COUNTERPARTY, expires_on=today + timedelta(days=30), purpose="supply contract"):
        return access.authorisation_problems(SUBJECT, grantee, expires_on, today, 365, purpose)

    assert problems() == {}
    assert problems(expires_on=today) == {}
    assert problems(expires_on=today + timedelta(days=365)) == {}
    assert problems(grantee=SUBJECT) == {"grantee": "self"}
    assert problems(expires_on=today - timedelta(days=1)) == {"expires_on": "past"}
    assert problems(expires_on=today + timedelta(days=366)) == {"expires_on": "too_long"}
    assert problems(purpose="  ") == {"purpose": "missing"}
    assert problems(purpose="x" * 301) == {"purpose": "too_long_text"}
