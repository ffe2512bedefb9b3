"""Writing to and checking the audit log. ``record`` joins the caller's transaction."""
from flask import g, has_request_context
from sqlalchemy import select

from marketplace.audit import chain
from marketplace.audit.models import AuditHead, AuditRecord
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.extensions import db

HEAD_ID = 1


def record(action, *, actor=None, enterprise=None, target=None, before=None, after=None):
    """Append one record inside the current transaction, so it commits exactly with the change.

    The head row is created by the first migration. ``actor``, ``enterprise`` and ``target`` are public ids; the head row lock orders concurrent
    writers, so the chain never forks.
    """
    session = db.session
    head = session.scalar(lock_for_update(select(AuditHead).where(AuditHead.id == HEAD_ID)))
    now = utcnow()
    if actor is None and has_request_context() and g.get("principal") is not None:
        actor = g.get("actor_public_id")
    entry = chain.Entry(
        sequence=head.sequence + 1,
        occurred_at=now.isoformat(timespec="microseconds"),
        actor=actor, enterprise=enterprise, action=action, target=target,
        before=before, after=after,
        request_id=g.get("request_id") if has_request_context() else None,
    )
    digest = chain.digest(entry, head.hash)
    session.add(AuditRecord(
        sequence=entry.sequence, occurred_at=now, actor=actor, enterprise=enterprise,
        action=action, target=target, before=before, after=after, request_id=entry.request_id,
        previous_hash=head.hash, hash=digest,
    ))
    head.sequence, head.hash = entry.sequence, digest
    session.flush()


def verify():
    """Check the whole chain; return the list of breaks (empty when intact)."""
    with transaction() as session:
        head = session.get(AuditHead, HEAD_ID)
        head_sequence, head_hash = (head.sequence, head.hash) if head else (0, chain.GENESIS)
        rows = session.execute(select(AuditRecord).order_by(AuditRecord.sequence).execution_options(yield_per=1000))
        return chain.verify(((_entry(r), r.previous_hash, r.hash) for r in rows.scalars()), head_sequence, head_hash)


def _entry(row):
    return chain.Entry(
        sequence=row.sequence, occurred_at=row.occurred_at.isoformat(timespec="microseconds"),
        actor=row.actor, enterprise=row.enterprise, action=row.action, target=row.target,
        before=row.before, after=row.after, request_id=row.request_id,
    )


def recent(*, enterprise=None, action=None, before_sequence=None, limit=50):
    """Newest first, for the oversight console and an enterprise's own history."""
    statement = select(AuditRecord).order_by(AuditRecord.sequence.desc()).limit(limit)
    if enterprise:
        statement = statement.where(AuditRecord.enterprise == enterprise)
    if action:
        statement = statement.where(AuditRecord.action.startswith(action))
    if before_sequence:
        statement = statement.where(AuditRecord.sequence < before_sequence)
    return db.session.scalars(statement).all()
