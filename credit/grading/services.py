"""Scoring use cases: model versions, re-scoring one enterprise or everyone, and reading standings.

``rescore`` joins the caller's transaction (the credit file calls it right after recording a fact),
so the fact, the snapshot, the standing and the grade-change event commit together. On PostgreSQL
the standing row (or, before the first scoring, the enterprise row) is locked before the facts are
read, so two concurrent re-scorings of one enterprise run one after the other and the second sees
everything the first saw.
"""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from credit.file import services as file
from credit.grading.models import CreditStanding, RescoreRun, ScoreModelVersion, ScoreSnapshot
from credit.grading.snapshots import snapshot_content
from credit.scoring.model import load_model
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace import outbox
from marketplace.accounts.models import Enterprise
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
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
    """Documents are never edited, so a loaded model is kept per version (and per document, for safety)."""
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
        raise NotFound(f"no score model version {version!r}", {"model": [f"no score model version {version!r}"]})
    return ModelInUse(row)


def model_versions():
    """Every model version, newest effective date first, and which one is in effect now."""
    with transaction():
        current = current_model()
        rows = db.session.scalars(select(ScoreModelVersion)
                                  .order_by(ScoreModelVersion.effective_from.desc(), ScoreModelVersion.id.desc())).all()
        return rows, current.row


def add_model_version(document, actor=None):
    """Register a new model version from its JSON document; a bad document changes nothing.

    :raise InvalidInput: naming what is wrong with the document, or that the version exists already.
    """
    if not isinstance(document, dict):
        raise InvalidInput("the model must be a JSON object", {"document": ["the model must be a JSON object"]})
    try:
        model = load_model(document)
    except ValueError as error:
        raise InvalidInput(f"the model is not valid: {error}", {"document": [str(error)]}) from None
    with transaction() as session:
        ensure_standard_model()
        if session.scalar(select(ScoreModelVersion.id).where(ScoreModelVersion.version == model.version)):
            message = f"version {model.version!r} exists already; a changed model needs a new version"
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
    facts = file.facts_for(enterprise, now)
    return _record(enterprise, facts, in_use, standing, cause, now)


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


def _record(enterprise, facts, in_use, standing, cause, now, run=None):
    """Write the snapshot of ``facts`` scored with ``in_use`` and move the standing to it."""
    content = snapshot_content(in_use.model, facts)
    before = standing.grade if standing is not None else in_use.model.neutral_grade
    snapshot = ScoreSnapshot(
        enterprise_id=enterprise.id, credit_code=enterprise.credit_code, model_version=content["model_version"],
        as_of=now, score=content["score"], grade=content["grade"],
        previous_grade=standing.grade if standing is not None else None, override=content["override"],
        inputs=content["inputs"], points=content["points"], reasons=content["reasons"], cause=cause,
        run_id=run.id if run is not None else None, created_at=now)
    db.session.add(snapshot)
    db.session.flush()
    if standing is None:
        standing = CreditStanding(enterprise_id=enterprise.id, credit_code=enterprise.credit_code, grade_since=now)
        db.session.add(standing)
    elif standing.grade != snapshot.grade:
        standing.grade_since = now
    standing.grade, standing.score, standing.override = snapshot.grade, snapshot.score, snapshot.override
    standing.model_version, standing.snapshot_id, standing.updated_at = snapshot.model_version, snapshot.id, now
    if before != snapshot.grade:
        _announce(enterprise, snapshot, before)
    return snapshot


def _announce(enterprise, snapshot, before):
    payload = {
        "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code,
        "from": before, "to": snapshot.grade, "score": snapshot.score, "model_version": snapshot.model_version,
        "reasons": [{key: reason[key] for key in ("code", "polarity", "text_en", "text_zh", "references")}
                    for reason in snapshot.reasons],
    }
    outbox.emit(GRADE_CHANGED, "enterprise", enterprise.public_id, snapshot.id, payload)
    audit.record(GRADE_CHANGED, enterprise=enterprise.public_id, target=enterprise.public_id,
                 before={"grade": before}, after={"grade": snapshot.grade, "score": snapshot.score,
                                                  "model_version": snapshot.model_version, "cause": snapshot.cause})
