"""What the credit pages and the API read: an enterprise's hub, its history, the regulator's view."""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from credit.grading import services
from credit.grading.models import CreditStanding, ScoreSnapshot
from credit.grading.snapshots import facts_from_document
from credit.objections.services import overdue_objections, overdue_repairs
from credit.scoring.improve import Improvement, how_to_improve
from credit.terms.services import terms_of
from marketplace.accounts.models import Enterprise
from marketplace.database import transaction
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from trading.contracts.services import traders_by_floor


@dataclass(frozen=True)
class Hub:
    """An enterprise's credit at a glance; ``scored`` is False while the snapshot shown is not yet stored."""
    snapshot: ScoreSnapshot
    scored: bool
    since: datetime | None
    history: list
    improvement: Improvement | None
    terms: object | None


def hub_of(enterprise, history_days=120):
    """The current snapshot (scored now, unsaved, if the enterprise was never scored), history, advice, terms."""
    with transaction() as session:
        standing = services.standing_of(enterprise)
        if standing is not None:
            snapshot = standing.snapshot
        else:
            snapshot = services.preview(enterprise)
        return Hub(snapshot=snapshot, scored=standing is not None,
                   since=standing.grade_since if standing is not None else None,
                   history=daily(history_of(enterprise, 1000))[-history_days:] if history_days else [],
                   improvement=improvement_for(snapshot),
                   terms=terms_of(enterprise))


def history_of(enterprise, limit=120):
    """The enterprise's ``limit`` latest snapshots by the moment they score, oldest first.

    By ``as_of``, not by when they were written: a run scoring past moments (the demo's months) writes
    old moments late.
    """
    rows = db.session.scalars(select(ScoreSnapshot).where(ScoreSnapshot.enterprise_id == enterprise.id)
                              .order_by(ScoreSnapshot.as_of.desc(), ScoreSnapshot.id.desc()).limit(limit)).all()
    return rows[::-1]


def daily(snapshots):
    """Each Shanghai day's last snapshot: a day on which many facts arrived is one point, not dozens."""
    by_day = {}
    for snapshot in snapshots:
        by_day[shanghai_day(snapshot.as_of)] = snapshot
    return list(by_day.values())


def improvement_for(snapshot):
    """How to lift ``snapshot``'s grade by one, judged on the very facts and model it was scored with."""
    return how_to_improve(services.model_named(snapshot.model_version).model, facts_from_document(snapshot.inputs))


@dataclass(frozen=True)
class Oversight:
    by_floor: list       # [(floor, {grade: count}), …]
    by_region: list      # [(region, {grade: count}), …]
    overrides: list      # standings held by a hard override
    overdue_objections: list
    overdue_repairs: list


def oversight():
    """Grade distribution per floor and per region, overrides in force, objections and repairs overdue."""
    with transaction() as session:
        neutral = services.current_model().model.neutral_grade
        rows = session.execute(select(Enterprise.id, Enterprise.region, CreditStanding.grade)
                               .outerjoin(CreditStanding, CreditStanding.enterprise_id == Enterprise.id)
                               .where(services.ever_verified())).all()
        grades = {row.id: row.grade or neutral for row in rows}
        by_region = {}
        for row in rows:
            by_region.setdefault(row.region, Counter())[grades[row.id]] += 1
        by_floor = [(floor, Counter(grades[i] for i in traders if i in grades)) for floor, traders in traders_by_floor()]
        overrides = session.scalars(select(CreditStanding).where(CreditStanding.override.is_not(None))
                                    .order_by(CreditStanding.grade_since.desc())).all()
        return Oversight(by_floor=by_floor, by_region=sorted(by_region.items()), overrides=overrides,
                         overdue_objections=overdue_objections(), overdue_repairs=overdue_repairs())


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
