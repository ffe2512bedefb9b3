"""Scoring use cases: model versions, re-scoring one enterprise or everyone, and reading standings.

``rescore`` joins the caller's transaction (the credit file calls it right after recording a fact),
so the fact, the snapshot, the standing and the grade-change event commit together. On PostgreSQL
the standing row (or, before the first scoring, the enterprise row) is locked before the facts are
read, so two concurrent re-scorings of one enterprise run one after the other and the second sees
everything the first saw.
"""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from credit.file import services as file
from credit.grading.models import CreditStanding, RescoreRun, ScoreModelVersion, ScoreSnapshot
from credit.grading.snapshots import facts_from_document, snapshot_content
from credit.scoring.improve import Improvement, how_to_improve
from credit.scoring.model import load_model
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace import outbox
from marketplace.accounts.models import Enterprise
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI

GRADE_CHANGED = "credit.grade_changed"


class ModelInUse:
    """A model version's row and its loaded, validated ``ScoreModel``."""

    def __init__(self, row):
        self.row = row
        self.model = _loaded(row.version, row.document)

    @property
    def version(self):
        return self.row.version


_models = {}


def _loaded(version, document):
    """Documents are never edited, so each is loaded and checked once per process (keyed by its content
    too: a scratch or test database may hold another document under a version name seen before)."""
    key = (version, repr(sorted(document.items())))
    if key not in _models:
        _models[key] = load_model(document)
    return _models[key]


def _shanghai_day(moment):
    return moment.astimezone(SHANGHAI).date()


def ensure_standard_model():
    """Register the standard model the first time anything is scored; harmless when it exists."""
    session = db.session
    version = STANDARD_DOCUMENT["version"]
    if session.scalar(select(ScoreModelVersion.id).where(ScoreModelVersion.version == version)) is not None:
        return
    try:
        with session.begin_nested():
            session.add(ScoreModelVersion(version=version, document=STANDARD_DOCUMENT,
                                          effective_from=load_model(STANDARD_DOCUMENT).effective_from))
    except IntegrityError:
        pass  # another process registered it at the same moment


def current_model(now=None):
    """The newest model version in effect on ``now``'s Shanghai day."""
    ensure_standard_model()
    day = _shanghai_day(now or utcnow())
    row = db.session.scalar(select(ScoreModelVersion).where(ScoreModelVersion.effective_from <= day)
                            .order_by(ScoreModelVersion.effective_from.desc(), ScoreModelVersion.id.desc())
                            .limit(1))
    if row is None:
        row = db.session.scalar(select(ScoreModelVersion).where(
            ScoreModelVersion.version == STANDARD_DOCUMENT["version"]))
    return ModelInUse(row)


def model_named(version):
    """The model version called ``version``. :raise NotFound: if there is none."""
    ensure_standard_model()
    row = db.session.scalar(select(ScoreModelVersion).where(ScoreModelVersion.version == version))
    if row is None:
        message = _("There is no score model version %(version)s.", version=version)
        raise NotFound(message, {"model_version": [message]})
    return ModelInUse(row)


def model_of_version(version):
    """``model_named`` as a use case of its own (for the model's page)."""
    with transaction():
        return model_named(version)


def model_versions():
    """Every model version, newest effective date first, and which one is in effect now."""
    with transaction():
        current = current_model()
        rows = db.session.scalars(select(ScoreModelVersion)
                                  .order_by(ScoreModelVersion.effective_from.desc(), ScoreModelVersion.id.desc())).all()
        return rows, current.row


def parse_document(text):
    """The JSON object in ``text``. :raise InvalidInput: if it is empty or not a JSON object."""
    if not text or not text.strip():
        message = _("Give the model document (a JSON object).")
        raise InvalidInput(message, {"document": [message]})
    try:
        document = json.loads(text)
    except ValueError as error:
        message = _("The model document is not JSON: %(error)s", error=error)
        raise InvalidInput(message, {"document": [message]}) from None
    return document


def add_model_version(document, actor=None):
    """Register a new model version from its JSON document; a bad document changes nothing.

    :raise InvalidInput: naming what is wrong with the document, or that the version exists already.
    """
    if not isinstance(document, dict):
        message = _("The model document must be a JSON object.")
        raise InvalidInput(message, {"document": [message]})
    try:
        model = load_model(document)
    except ValueError as error:
        message = _("The model document is not valid: %(error)s", error=error)
        raise InvalidInput(message, {"document": [message]}) from None
    with transaction() as session:
        ensure_standard_model()
        if session.scalar(select(ScoreModelVersion.id).where(ScoreModelVersion.version == model.version)):
            message = _("Version %(version)s exists already; a changed model needs a new version name.",
                        version=model.version)
            raise InvalidInput(message, {"version": [message]})
        row = ScoreModelVersion(version=model.version, document=document, effective_from=model.effective_from,
                                created_by_id=actor.id if actor is not None else None)
        session.add(row)
        session.flush()
        audit.record("credit.model_added", actor=actor.public_id if actor is not None else None,
                     target=model.version, after={"version": model.version,
                                                  "effective_from": model.effective_from.isoformat()})
        return row


def rescore(enterprise, cause, now=None):
    """Score ``enterprise`` with the current model inside the caller's transaction.

    Writes a new snapshot and points the standing at it; when the grade changed, emits
    ``credit.grade_changed`` in the same transaction. :return: the new ``ScoreSnapshot``.
    """
    now = now or utcnow()
    in_use = current_model(now)
    standing = _locked_standings([enterprise.id]).get(enterprise.id)
    row = _snapshot_row(enterprise, file.facts_for(enterprise, now), in_use, standing, cause, now)
    snapshot = ScoreSnapshot(**row)
    db.session.add(snapshot)
    db.session.flush()
    before = _move_standing(enterprise, row, snapshot.id, standing, in_use, now)
    if before != snapshot.grade:
        outbox.emit(GRADE_CHANGED, "enterprise", enterprise.public_id, snapshot.id,
                    _grade_changed(enterprise, row, before))
        audit.record(GRADE_CHANGED, enterprise=enterprise.public_id, target=enterprise.public_id,
                     before={"grade": before}, after={"grade": snapshot.grade, "score": snapshot.score,
                                                      "model_version": snapshot.model_version, "cause": cause})
    return snapshot


def start_run(model_version=None, actor=None):
    """Open a full re-score of every verified enterprise with ``model_version`` (default: the current model).

    Only opens the run (its total counted now); ``execute_run`` does the work, batch by batch.
    :raise NotFound: if no model version has that name.
    """
    with transaction() as session:
        in_use = model_named(model_version) if model_version else current_model()
        total = session.scalar(select(func.count()).select_from(Enterprise).where(_scored()))
        run = RescoreRun(model_version=in_use.version, started_by_id=actor.id if actor is not None else None,
                         started_at=utcnow(), total=total, done=0, changed=0, transitions={})
        session.add(run)
        session.flush()
        audit.record("credit.rescore_started", actor=actor.public_id if actor is not None else None,
                     target=run.public_id, after={"model_version": run.model_version, "total": total})
        return run


def execute_run(run_id, batch_size=500, progress=None):
    """Re-score everyone in batches of ``batch_size``, committing each; ``progress(n)`` hears of each batch.

    Each batch reads its enterprises' facts at once (``facts_for_many``) and writes new snapshots;
    old ones stay. A failure marks the run failed (batches already committed stay) and is raised.
    """
    last_id = 0
    try:
        while True:
            with transaction() as session:
                run = session.get(RescoreRun, run_id)
                enterprises = session.scalars(select(Enterprise).where(_scored(), Enterprise.id > last_id)
                                              .order_by(Enterprise.id).limit(batch_size)).all()
                if not enterprises:
                    break
                _rescore_batch(run, enterprises)
                last_id = enterprises[-1].id
            if progress is not None:
                progress(len(enterprises))
    except Exception:
        with transaction() as session:
            failed = session.get(RescoreRun, run_id)
            failed.status, failed.finished_at = "failed", utcnow()
        raise
    with transaction() as session:
        run = session.get(RescoreRun, run_id)
        run.status, run.finished_at = "finished", utcnow()
        audit.record("credit.rescore_finished", target=run.public_id,
                     after={"model_version": run.model_version, "done": run.done, "changed": run.changed,
                            "transitions": run.transitions})
        return run


def run_named(public_id):
    """The run with public id ``public_id``. :raise NotFound: if there is none."""
    with transaction() as session:
        run = session.scalar(select(RescoreRun).where(RescoreRun.public_id == public_id))
        if run is None:
            raise NotFound(_("There is no such re-scoring run."))
        return run


def recent_runs(limit=20):
    with transaction() as session:
        return session.scalars(select(RescoreRun).order_by(RescoreRun.id.desc()).limit(limit)).all()


def _scored():
    """Who a full run scores: enterprises ever verified (suspended ones keep a grade too)."""
    return Enterprise.verified_at.is_not(None)


def _rescore_batch(run, enterprises):
    """Score one batch: snapshots, new standings and events written as multi-row INSERTs, not object by object."""
    now = utcnow()
    in_use = model_named(run.model_version)
    standings = _locked_standings([e.id for e in enterprises])
    facts = file.facts_for_many(enterprises, now)
    rows = [_snapshot_row(e, facts[e.id], in_use, standings.get(e.id), "rescore", now, run) for e in enterprises]
    snapshot_ids = db.session.scalars(insert(ScoreSnapshot).returning(ScoreSnapshot.id, sort_by_parameter_order=True),
                                      rows).all()
    transitions = dict(run.transitions or {})
    new_standings, events = [], []
    for enterprise, row, snapshot_id in zip(enterprises, rows, snapshot_ids, strict=True):
        standing = standings.get(enterprise.id)
        if standing is None:
            before = in_use.model.neutral_grade
            new_standings.append(_standing_row(enterprise, row, snapshot_id, now))
        else:
            before = _move_standing(enterprise, row, snapshot_id, standing, in_use, now)
        if before != row["grade"]:
            events.append({"topic": GRADE_CHANGED, "aggregate_type": "enterprise", "aggregate_id": enterprise.public_id,
                           "version": snapshot_id, "payload": _grade_changed(enterprise, row, before), "created_at": now})
            key = f"{before}>{row['grade']}"
            transitions[key] = transitions.get(key, 0) + 1
    if new_standings:
        db.session.execute(insert(CreditStanding), new_standings)
    if events:
        db.session.execute(insert(outbox.OutboxEvent), events)
    run.done += len(enterprises)
    run.changed += len(events)
    run.transitions = transitions


def grade_of(enterprise):
    """The enterprise's current grade (the current model's neutral grade before its first scoring)."""
    standing = standing_of(enterprise)
    return standing.grade if standing is not None else current_model().model.neutral_grade


def standing_of(enterprise):
    """The enterprise's ``CreditStanding``, or None before it was first scored."""
    return db.session.get(CreditStanding, enterprise.id)


def _locked_standings(enterprise_ids):
    """``{enterprise_id: standing}`` with the rows locked; enterprises without one have their own row locked.

    Locking the enterprise row where no standing exists yet makes the first scoring of an enterprise
    as serial as any later one, so two first scorings cannot both insert a standing.
    """
    session = db.session
    ids = sorted(enterprise_ids)
    statement = select(CreditStanding).where(CreditStanding.enterprise_id.in_(ids)).order_by(CreditStanding.enterprise_id)
    found = {s.enterprise_id: s for s in session.scalars(lock_for_update(statement).execution_options(
        populate_existing=True))}
    missing = [i for i in ids if i not in found]
    if missing and session.get_bind().dialect.name == "postgresql":
        session.execute(lock_for_update(select(Enterprise.id).where(Enterprise.id.in_(missing)).order_by(Enterprise.id)))
        found.update({s.enterprise_id: s for s in session.scalars(
            select(CreditStanding).where(CreditStanding.enterprise_id.in_(missing))
            .execution_options(populate_existing=True))})
    return found


def _snapshot_row(enterprise, facts, in_use, standing, cause, now, run=None):
    """The columns of the snapshot of ``facts`` scored with ``in_use``."""
    content = snapshot_content(in_use.model, facts)
    return {"enterprise_id": enterprise.id, "credit_code": enterprise.credit_code,
            "model_version": content["model_version"], "as_of": now, "score": content["score"],
            "grade": content["grade"], "previous_grade": standing.grade if standing is not None else None,
            "override": content["override"], "inputs": content["inputs"], "points": content["points"],
            "reasons": content["reasons"], "cause": cause, "run_id": run.id if run is not None else None,
            "created_at": now}


def _standing_row(enterprise, row, snapshot_id, now):
    return {"enterprise_id": enterprise.id, "credit_code": enterprise.credit_code, "grade": row["grade"],
            "score": row["score"], "model_version": row["model_version"], "override": row["override"],
            "snapshot_id": snapshot_id, "grade_since": now, "updated_at": now}


def _move_standing(enterprise, row, snapshot_id, standing, in_use, now):
    """Point the standing at the saved snapshot (``row``, ``snapshot_id``); :return: the grade shown before."""
    if standing is None:
        db.session.add(CreditStanding(**_standing_row(enterprise, row, snapshot_id, now)))
        return in_use.model.neutral_grade
    before = standing.grade
    if standing.grade != row["grade"]:
        standing.grade_since = now
    standing.grade, standing.score, standing.override = row["grade"], row["score"], row["override"]
    standing.model_version, standing.snapshot_id, standing.updated_at = row["model_version"], snapshot_id, now
    return before


def _grade_changed(enterprise, row, before):
    """The payload of ``credit.grade_changed``."""
    return {
        "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code,
        "from": before, "to": row["grade"], "score": row["score"], "model_version": row["model_version"],
        "reasons": [{key: reason[key] for key in ("code", "polarity", "text_en", "text_zh", "references")}
                    for reason in row["reasons"]],
    }


# --- reading for pages and the API -------------------------------------------------------------------

@dataclass(frozen=True)
class Hub:
    """An enterprise's credit at a glance; ``scored`` is False while the snapshot shown is not yet stored."""
    snapshot: ScoreSnapshot
    scored: bool
    since: datetime | None
    history: list
    improvement: Improvement | None
    terms: object | None


def hub_of(enterprise, history_limit=120):
    """The current snapshot (scored now, unsaved, if the enterprise was never scored), history, advice, terms."""
    with transaction() as session:
        standing = standing_of(enterprise)
        if standing is not None:
            snapshot = standing.snapshot
        else:
            now = utcnow()
            snapshot = ScoreSnapshot(**_snapshot_row(enterprise, file.facts_for(enterprise, now), current_model(now),
                                                     None, "preview", now))
        return Hub(snapshot=snapshot, scored=standing is not None,
                   since=standing.grade_since if standing is not None else None,
                   history=history_of(enterprise, history_limit), improvement=improvement_for(snapshot),
                   terms=_terms_of(enterprise))


def history_of(enterprise, limit=120):
    """The enterprise's newest ``limit`` snapshots, oldest first (for the chart and the API)."""
    rows = db.session.scalars(select(ScoreSnapshot).where(ScoreSnapshot.enterprise_id == enterprise.id)
                              .order_by(ScoreSnapshot.id.desc()).limit(limit)).all()
    return rows[::-1]


def improvement_for(snapshot):
    """How to lift ``snapshot``'s grade by one, judged on the very facts and model it was scored with."""
    return how_to_improve(model_named(snapshot.model_version).model, facts_from_document(snapshot.inputs))


def _terms_of(enterprise):
    """The enterprise's trading terms, once the terms service exists (it is written alongside this one)."""
    try:
        from credit.terms.services import terms_of
    except ImportError:
        return None
    return terms_of(enterprise)


@dataclass(frozen=True)
class Oversight:
    by_floor: list       # [(floor, {grade: count}), …]
    by_region: list      # [(region, {grade: count}), …]
    overrides: list      # standings held by a hard override
    overdue_objections: list
    overdue_repairs: list


def oversight():
    """Grade distribution per floor and per region, overrides in force, objections and repairs overdue."""
    from trading.contracts.services import traders_by_floor

    with transaction() as session:
        neutral = current_model().model.neutral_grade
        rows = session.execute(select(Enterprise.id, Enterprise.region, CreditStanding.grade)
                               .outerjoin(CreditStanding, CreditStanding.enterprise_id == Enterprise.id)
                               .where(_scored())).all()
        grades = {row.id: row.grade or neutral for row in rows}
        by_region = {}
        for row in rows:
            by_region.setdefault(row.region, Counter())[grades[row.id]] += 1
        by_floor = [(floor, Counter(grades[i] for i in traders if i in grades)) for floor, traders in traders_by_floor()]
        overrides = session.scalars(select(CreditStanding).where(CreditStanding.override.is_not(None))
                                    .order_by(CreditStanding.grade_since.desc())).all()
        objections, repairs = _overdue()
        return Oversight(by_floor=by_floor, by_region=sorted(by_region.items()), overrides=overrides,
                         overdue_objections=objections, overdue_repairs=repairs)


def _overdue():
    """Objections and repairs past their deadline, once the objections service exists (written alongside)."""
    try:
        from credit.objections.services import overdue_objections, overdue_repairs
    except ImportError:
        return [], []
    return overdue_objections(), overdue_repairs()


def enterprise_for_reader(own, named):
    """The enterprise an API reader asks about: a company token's own, or the one a staff token names.

    :raise InvalidInput: a staff token that names none; :raise Forbidden: a company token naming
        another enterprise; :raise NotFound: no enterprise by that public id or credit code.
    """
    if own is not None:
        if named and named not in (own.public_id, own.credit_code):
            raise Forbidden(_("A company token reads its own enterprise's credit only."))
        return own
    if not named:
        message = _("Name the enterprise (its public id or credit code).")
        raise InvalidInput(message, {"enterprise": [message]})
    found = db.session.scalar(select(Enterprise).where(or_(Enterprise.public_id == named,
                                                            Enterprise.credit_code == named)))
    if found is None:
        raise NotFound(_("There is no such enterprise."), {"enterprise": [_("There is no such enterprise.")]})
    return found


def score_history(enterprise, limit):
    with transaction():
        return history_of(enterprise, max(1, min(limit, 1000)))
