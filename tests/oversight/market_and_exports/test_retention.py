"""Retention: ``binhai oversight purge`` removes only what is older than OVERSIGHT_RETENTION_YEARS, and a
cut-off that would reach younger records is refused with nothing removed."""
from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.i18n import SHANGHAI, shanghai_day
from marketplace.oversight.exports import retention
from marketplace.oversight.exports.models import OversightAccess, OversightExport

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))


@given(today=days, years=st.integers(1, 10), cutoff=days, record=days)
def test_no_allowed_cutoff_ever_reaches_a_record_younger_than_the_retention_period(today, years, cutoff, record):
    younger = record > retention.years_before(today, years)
    if retention.may_purge_before(cutoff, today, years) and younger:
        assert not record < cutoff  # a purge removes only days before the cut-off


@given(today=days, years=st.integers(1, 10))
def test_the_latest_allowed_cutoff_is_allowed_and_the_day_after_is_not(today, years):
    latest = retention.latest_cutoff(today, years)

    assert retention.may_purge_before(latest, today, years)
    assert not retention.may_purge_before(latest + timedelta(days=1), today, years)


def test_a_leap_day_keeps_a_full_retention_period():
    assert retention.years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)


def _logged(user, days_ago):
    moment = datetime.combine(shanghai_day() - timedelta(days=days_ago), time(12), SHANGHAI)
    db.session.add(OversightAccess(user_id=user.id, channel="web", view="enterprise_360", query={}, at=moment))
    db.session.add(OversightExport(kind="seller_identity", parameters={}, status="ready", requested_by_id=user.id,
                                   created_at=moment))
    db.session.commit()


def _ages():
    today = shanghai_day()
    return sorted((today - row.at.astimezone(SHANGHAI).date()).days
                  for row in db.session.scalars(select(OversightAccess)))


def test_the_purge_at_the_latest_cutoff_keeps_everything_under_three_years(world, runner):
    regulator = world.regulator()
    three_years = (shanghai_day() - retention.years_before(shanghai_day(), 3)).days
    for days_ago in (0, 400, three_years - 1, three_years, three_years + 1, three_years + 400):
        _logged(regulator, days_ago)

    result = runner.invoke("oversight", "purge", "--before", retention.years_before(shanghai_day(), 3).isoformat())

    assert result.exit_code == 0, result.output
    assert _ages() == [0, 400, three_years - 1, three_years]
    assert db.session.scalar(select(func.count()).select_from(OversightExport)) == 4


def test_a_cutoff_younger_than_the_retention_period_is_refused_and_nothing_is_purged(world, runner):
    regulator = world.regulator()
    _logged(regulator, 2000)

    result = runner.invoke("oversight", "purge", "--before", (shanghai_day() - timedelta(days=30)).isoformat())

    assert result.exit_code != 0
    assert "3" in result.output
    assert _ages() == [2000]


def test_a_day_that_is_not_a_date_is_refused(world, runner):
    result = runner.invoke("oversight", "purge", "--before", "last-week")

    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
