"""A unit of work whose first write sits in a savepoint still commits or rolls back as a whole (SQLite too)."""
import pytest
from sqlalchemy import func, select

from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent, emit


def events():
    return db.session.scalar(select(func.count()).select_from(OutboxEvent))


def test_a_failure_after_a_released_savepoint_leaves_nothing(world):
    with pytest.raises(RuntimeError), transaction() as session:
        with session.begin_nested():
            emit("test.numbered", "test", "t1", 1)
        raise RuntimeError("the audit record could not be written")

    assert events() == 0


def test_work_done_in_a_savepoint_commits_with_its_transaction(world):
    with transaction() as session:
        with session.begin_nested():
            emit("test.numbered", "test", "t1", 1)
        emit("test.after", "test", "t1", 2)

    assert events() == 2
