"""Backtests: any rule version run over stored history and compared with its rule's active version.

A backtest writes no alerts: its result is the counts and the findings the candidate would have
added or dropped against the active version (the baseline), with their sentences and rows. The
period is worked day by day (with the week before each day as history), each day committing the progress, so its page follows the work; a
backtest started from the web or the API works in a background thread of that process.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.audit import services as audit
from marketplace.database import transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.oversight import background
from marketplace.oversight.surveillance import alerts, evaluation, history, services
from marketplace.oversight.surveillance.models import SurveillanceBacktest

MAX_DAYS = 366
LOOKBACK = timedelta(days=7)  # history before each day a detector may need (windows, own-history baselines)
SHOWN_FINDINGS = 200  # each of added and dropped keeps at most this many findings in full


def start_backtest(actor, version_public_id, period_start, period_end):
    """Open a backtest of the version over the Shanghai days ``period_start``–``period_end`` (both included).

    :raise InvalidInput: a missing, reversed or too long period. :raise NotFound: no such version.
    """
    _check_period(period_start, period_end)
    with transaction() as session:
        candidate = services.version_named(version_public_id)
        baseline = services.active_version_of(candidate.rule)
        backtest = SurveillanceBacktest(candidate=candidate, baseline=baseline, period_start=period_start,
                                        period_end=period_end, status="pending", progress=0, result={},
                                        requested_by_id=actor.id)
        session.add(backtest)
        session.flush()
        audit.record("oversight.backtest_started", actor=actor.public_id, target=backtest.public_id,
                     after={"candidate": candidate.label, "baseline": baseline.label if baseline else None,
                            "from": period_start.isoformat(), "to": period_end.isoformat()})
        return backtest


def _check_period(start, end):
    errors = {}
    if start is None:
        errors["period_start"] = [_("Give the first day.")]
    if end is None:
        errors["period_end"] = [_("Give the last day.")]
    if not errors and end < start:
        errors["period_end"] = [_("The last day is before the first.")]
    if not errors and (end - start).days + 1 > MAX_DAYS:
        errors["period_end"] = [_("A backtest covers at most %(days)d days.", days=MAX_DAYS)]
    if errors:
        raise InvalidInput(_("The period is not valid; no backtest was started."), errors)


def execute_backtest(backtest_id):
    """Work through the period day by day, committing progress; then store the comparison and :return: the
    backtest. Writes no alerts. Each day is judged with the ``LOOKBACK`` before it, so a pattern spread over
    several days is seen; a finding counts on the day of its last row, once."""
    try:
        with transaction() as session:
            backtest = session.get(SurveillanceBacktest, backtest_id)
            backtest.status = "running"
            days = (backtest.period_end - backtest.period_start).days + 1
            start_day = backtest.period_start
        candidate, baseline = {}, {}
        for offset in range(days):
            found = _one_day(backtest_id, start_day + timedelta(days=offset))
            candidate.update((item.finding.key, item) for item in found[0])
            baseline.update((item.finding.key, item) for item in found[1])
            with transaction() as session:
                session.get(SurveillanceBacktest, backtest_id).progress = int(100 * (offset + 1) / days)
        return _finish(backtest_id, list(candidate.values()), list(baseline.values()))
    except Exception as error:
        with transaction() as session:
            failed = session.get(SurveillanceBacktest, backtest_id)
            failed.status, failed.error, failed.finished_at = "failed", str(error)[:2000], utcnow()
        raise


def _one_day(backtest_id, day):
    """The candidate's and the baseline's findings whose last row falls on one Shanghai day."""
    with transaction() as session:
        backtest = session.get(SurveillanceBacktest, backtest_id)
        start, end = alerts.day_bounds(day, day)
        events, context = history.load(start - LOOKBACK, end)
        modules = services.detector_modules()
        runs = []
        for version in (backtest.candidate, backtest.baseline):
            if version is None:
                runs.append([])
                continue
            judged = evaluation.run_version(modules[version.rule.detector], version.parameters,
                                            version.floor_overrides, events, context)
            runs.append([item for item in judged if start <= item.finding.at < end])
        return runs


def _finish(backtest_id, candidate, baseline):
    comparison = evaluation.compare(candidate, baseline)
    with transaction() as session:
        backtest = session.get(SurveillanceBacktest, backtest_id)
        backtest.result = {
            "candidate": len(candidate), "baseline": len(baseline), "added_count": len(comparison.added),
            "dropped_count": len(comparison.dropped), "kept_count": len(comparison.kept),
            "added": [_shown(item) for item in comparison.added[:SHOWN_FINDINGS]],
            "dropped": [_shown(item) for item in comparison.dropped[:SHOWN_FINDINGS]],
        }
        backtest.status, backtest.progress, backtest.finished_at = "done", 100, utcnow()
        audit.record("oversight.backtest_finished", target=backtest.public_id,
                     after={key: backtest.result[key] for key in ("candidate", "baseline", "added_count", "dropped_count")})
        return backtest


def _shown(item):
    finding = item.finding
    return alerts.plain({"key": finding.key, "subject": finding.subject, "subjects": finding.subjects, "at": finding.at,
                         "floor": finding.floor, "instrument": finding.instrument, "severity": finding.severity,
                         "score": finding.score, "sentence_zh": finding.sentence_zh, "sentence_en": finding.sentence_en,
                         "measures": finding.measures, "rows": finding.rows})


def backtest_named(public_id):
    """:raise NotFound: if no backtest has that public id."""
    with transaction() as session:
        backtest = session.scalar(select(SurveillanceBacktest).where(SurveillanceBacktest.public_id == public_id))
        if backtest is None:
            raise NotFound(_("There is no such backtest."))
        return backtest


def recent_backtests(limit=20):
    with transaction() as session:
        return session.scalars(select(SurveillanceBacktest).order_by(SurveillanceBacktest.id.desc()).limit(limit)).all()


def start_in_background(app, backtest_id):
    """Work through the backtest in a daemon thread named after it; :return: the thread."""
    return background.start(app, execute_backtest, backtest_id, f"surveillance-backtest-{backtest_id}")
