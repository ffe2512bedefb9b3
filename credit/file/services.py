"""The credit file's use cases: recording platform facts and official entries, and reading them back."""
from sqlalchemy import select

from credit.file import facts as file_facts
from credit.file.models import OfficialEntry, PlatformFact
from marketplace.audit.services import record
from marketplace.database import transaction
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI

BATCH = 500  # enterprises per query: well under every database's limit on bound parameters


def facts_for(enterprise, as_of):
    """Everything the score model reads about ``enterprise`` as of ``as_of`` (an aware datetime)."""
    return facts_for_many([enterprise], as_of)[enterprise.id]


def facts_for_many(enterprises, as_of):
    """``{enterprise.id: Facts}`` for many enterprises at once: two queries per 500 enterprises."""
    enterprises = list(enterprises)
    result = {}
    for start in range(0, len(enterprises), BATCH):
        chunk = enterprises[start:start + BATCH]
        ids = [enterprise.id for enterprise in chunk]
        platform = _grouped(db.session.scalars(
            select(PlatformFact).where(PlatformFact.enterprise_id.in_(ids)).order_by(PlatformFact.id)))
        official = _grouped(db.session.scalars(
            select(OfficialEntry).where(OfficialEntry.enterprise_id.in_(ids)).order_by(OfficialEntry.id)))
        for enterprise in chunk:
            result[enterprise.id] = file_facts.assemble(as_of, verified_day(enterprise),
                                                        platform.get(enterprise.id, []), official.get(enterprise.id, []))
    return result


def verified_day(enterprise):
    """The Shanghai business day the enterprise was verified, or None."""
    return enterprise.verified_at.astimezone(SHANGHAI).date() if enterprise.verified_at else None


def _grouped(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.enterprise_id, []).append(row)
    return grouped


def record_fact(enterprise, kind, occurred_on, reference="", amount_minor=None, currency=None, detail=None,
                source_event_id=None, corrects=None):
    """Add one platform fact to ``enterprise``'s file (joining the caller's transaction), or return the one
    the same event already made: each event makes a fact of a kind for an enterprise at most once.

    ``corrects`` is the fact this one replaces (kind "withdrawn" only takes it out).
    The caller rescores the enterprise once it has recorded what it has to (see ``reactions``).
    :raise InvalidInput: for a kind that is not a platform fact's.
    """
    if kind not in file_facts.FACT_KINDS:
        raise InvalidInput(f"unknown platform fact kind {kind!r}", {"kind": [f"one of {', '.join(file_facts.FACT_KINDS)}"]})
    with transaction() as session:
        if source_event_id is not None:
            existing = session.scalar(select(PlatformFact).where(
                PlatformFact.source_event_id == source_event_id, PlatformFact.enterprise_id == enterprise.id,
                PlatformFact.kind == kind))
            if existing is not None:
                return existing
        fact = PlatformFact(enterprise_id=enterprise.id, credit_code=enterprise.credit_code, kind=kind,
                            occurred_on=occurred_on, amount_minor=amount_minor, currency=currency,
                            reference=(reference or "")[:40], detail=detail or {},
                            corrects_id=corrects.id if corrects is not None else None,
                            source_event_id=source_event_id)
        session.add(fact)
        session.flush()
        record("credit.fact_recorded", actor="system", enterprise=enterprise.public_id, target=fact.public_id,
               after={"kind": kind, "occurred_on": occurred_on.isoformat(), "reference": fact.reference,
                      "amount_minor": amount_minor, "currency": currency, "source_event": source_event_id})
    return fact


def facts_about(enterprise, reference, *kinds):
    """The facts in ``enterprise``'s file about one order, contract or dispute, oldest first."""
    statement = select(PlatformFact).where(PlatformFact.enterprise_id == enterprise.id,
                                           PlatformFact.reference == reference)
    if kinds:
        statement = statement.where(PlatformFact.kind.in_(kinds))
    return db.session.scalars(statement.order_by(PlatformFact.occurred_on, PlatformFact.id)).all()
