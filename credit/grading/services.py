"""Scoring use cases: model versions, re-scoring one enterprise or a batch, and reading standings.

Full runs are in ``credit.grading.runs``; what the pages and the API read in ``credit.grading.overview``.

``rescore`` joins the caller's transaction (the credit file calls it right after recording a fact),
so the fact, the snapshot, the standing and the grade-change event commit together. On PostgreSQL
the standing row (or, before the first scoring, the enterprise row) is locked before the facts are
read, so two concurrent re-scorings of one enterprise run one after the other and the second sees
everything the first saw.
"""

import json

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from credit.file import services as file
from credit.grading.models import CreditStanding, ScoreModelVersion, ScoreSnapshot
from credit.grading.snapshots import snapshot_content
from credit.scoring.model import load_model
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace import outbox
from marketplace.accounts.models import Enterprise
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day

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
    day = shanghai_day(now)
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


def rescore_many(enterprises, in_use, run):
    """Score a batch for ``run`` in the caller's transaction; :return: ``[(grade before, grade after), …]`` of changes.

    Snapshots, new standings and events go in as multi-row INSERTs, not object by object: at a full
    run's scale the ORM's per-object work costs more than the scoring.
    """
    now = utcnow()
    standings = _locked_standings([e.id for e in enterprises])
    facts = file.facts_for_many(enterprises, now)
    rows = [_snapshot_row(e, facts[e.id], in_use, standings.get(e.id), "rescore", now, run) for e in enterprises]
    snapshot_ids = db.session.scalars(insert(ScoreSnapshot).returning(ScoreSnapshot.id, sort_by_parameter_order=True),
                                      rows).all()
    new_standings, events, changes = [], [], []
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
            changes.append((before, row["grade"]))
    if new_standings:
        db.session.execute(insert(CreditStanding), new_standings)
    if events:
        db.session.execute(insert(outbox.OutboxEvent), events)
    return changes


def ever_verified():
    """Who carries a grade: enterprises ever verified (suspended ones keep theirs)."""
    return Enterprise.verified_at.is_not(None)


def preview(enterprise, now=None):
    """The unsaved snapshot ``enterprise``'s facts give now with the current model (before its first scoring)."""
    now = now or utcnow()
    return ScoreSnapshot(**_snapshot_row(enterprise, file.facts_for(enterprise, now), current_model(now), None,
                                         "preview", now))


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
    as serial as any later one, so two first scorings cannot both insert a standing. That lock is
    FOR NO KEY UPDATE: a plain FOR UPDATE would also block the key-share lock that inserting a
    snapshot takes on the enterprise, and a full run holding a standing while it inserts snapshots
    then deadlocked with a single rescoring holding the enterprise row. A standing that appeared
    meanwhile is read locked, so its grade is the one the new snapshot follows.
    """
    session = db.session
    ids = sorted(enterprise_ids)
    standings = select(CreditStanding).order_by(CreditStanding.enterprise_id)
    found = {s.enterprise_id: s for s in session.scalars(lock_for_update(
        standings.where(CreditStanding.enterprise_id.in_(ids))).execution_options(populate_existing=True))}
    missing = [i for i in ids if i not in found]
    if missing and session.get_bind().dialect.name == "postgresql":
        session.execute(select(Enterprise.id).where(Enterprise.id.in_(missing)).order_by(Enterprise.id)
                        .with_for_update(key_share=True))
        found.update({s.enterprise_id: s for s in session.scalars(lock_for_update(
            standings.where(CreditStanding.enterprise_id.in_(missing))).execution_options(populate_existing=True))})
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
