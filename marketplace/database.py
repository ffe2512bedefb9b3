"""Database conventions shared by every domain: UTC timestamps, public ids, and the unit of work."""
import contextvars
import secrets
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from marketplace.extensions import db

_depth = contextvars.ContextVar("transaction_depth", default=0)

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case: no i, l, o, u


def new_public_id(prefix):
    """A non-guessable id such as ``ent_7k2m…`` (100 random bits) for URLs and the API."""
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(20))


def utcnow():
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out, also on SQLite which stores naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


@contextmanager
def transaction():
    """One use case = one transaction: commit on success, roll back on any error.

    A nested call joins the outer transaction (an idempotent API request wraps a service this
    way), so the work and what records it commit together or not at all.
    """
    depth = _depth.get()
    token = _depth.set(depth + 1)
    callbacks_token = _after_commit.set([]) if depth == 0 else None
    callbacks = ()
    try:
        yield db.session
        if depth == 0:
            db.session.commit()
            callbacks = _after_commit.get()
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        _depth.reset(token)
        if callbacks_token is not None:
            _after_commit.reset(callbacks_token)
    # Outside the finished transaction, so a callback's own ``transaction()`` commits on its own.
    for callback in callbacks:
        callback()


def in_transaction():
    """Whether a ``transaction()`` is open in this context (work done now commits only with it)."""
    return _depth.get() > 0


def lock_for_update(statement):
    """Row lock on PostgreSQL; SQLite serialises writers by itself and ignores the clause."""
    return statement.with_for_update()


_after_commit = contextvars.ContextVar("after_commit", default=None)


def after_commit(callback):
    """Run ``callback`` once the outermost transaction has committed (mail, notifications); never on rollback."""
    pending = _after_commit.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


def render_migration_type(kind, obj, autogen_context):
    """Autogenerate writes plain ``sa.DateTime(timezone=True)``, so migrations never import app code."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


@event.listens_for(Engine, "savepoint")
def _begin_before_a_first_savepoint(connection, name):
    """SQLite's driver begins a transaction only before a data change, so a SAVEPOINT opening a unit of work
    would be its own transaction and RELEASE would commit it alone: begin the real transaction first."""
    if connection.dialect.name == "sqlite":
        driver_connection = connection.connection.dbapi_connection
        if not driver_connection.in_transaction:
            driver_connection.execute("BEGIN")
