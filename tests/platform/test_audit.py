"""The audit log is the regulator's record of who changed what: it must be complete and tamper-evident.

The pure chain is checked with generated histories; the services and the ``binhai audit verify``
command are checked against the real database, including rows changed behind the platform's back.
"""

from dataclasses import replace
from datetime import timezone

import pytest
from flask import g
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from marketplace.accounts import services
from marketplace.audit import chain
from marketplace.audit.models import AuditHead, AuditRecord
from marketplace.audit.services import recent, verify
from marketplace.database import transaction
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import PASSWORD, credit_code
from tests.concurrency import all_at_once

# --- the pure chain ---------------------------------------------------------------------------------

public_ids = st.none() | st.text(min_size=1, max_size=24)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
json_objects = st.none() | st.dictionaries(st.text(max_size=8), json_values, max_size=4)

ENTRY_FIELDS = {
    "occurred_at": st.datetimes(timezones=st.just(timezone.utc)).map(lambda t: t.isoformat(timespec="microseconds")),
    "actor": public_ids,
    "enterprise": public_ids,
    "action": st.text(min_size=1, max_size=40),
    "target": public_ids,
    "before": json_objects,
    "after": json_objects,
    "request_id": st.none() | st.text(min_size=8, max_size=64),
}


@st.composite
def histories(draw, min_size=1):
    """A log as the service writes it: each entry's hash covers it and the hash before it."""
    contents = draw(st.lists(st.fixed_dictionaries(ENTRY_FIELDS), min_size=min_size, max_size=12))
    rows, previous = [], chain.GENESIS
    for sequence, fields in enumerate(contents, start=1):
        entry = chain.Entry(sequence=sequence, **fields)
        digest = chain.digest(entry, previous)
        rows.append((entry, previous, digest))
        previous = digest
    return rows


def head_of(rows):
    return (rows[-1][0].sequence, rows[-1][2]) if rows else (0, chain.GENESIS)


@given(histories(min_size=0))
def test_an_untouched_log_verifies_clean(rows):
    assert chain.verify(rows, *head_of(rows)) == []


@given(histories(), st.data())
def test_changing_any_field_of_any_entry_is_reported_at_that_entry(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1), label="index")
    entry, previous, digest = rows[index]
    name = data.draw(st.sampled_from(sorted(ENTRY_FIELDS) + ["sequence"]), label="field")
    new_value = data.draw(st.integers(0, 100) if name == "sequence" else ENTRY_FIELDS[name], label="new value")
    assume(new_value != getattr(entry, name))
    tampered = rows[:index] + [(replace(entry, **{name: new_value}), previous, digest)] + rows[index + 1:]

    breaks = chain.verify(tampered, *head_of(rows))

    assert entry.sequence in {found.sequence for found in breaks}


@given(histories(), st.data())
def test_a_row_rewritten_with_a_fresh_hash_still_breaks_the_chain(rows, data):
    """Someone who changes a row and recomputes its hash still breaks the link to the next row or the head."""
    index = data.draw(st.integers(0, len(rows) - 1), label="index")
    entry, previous, digest = rows[index]
    forged = replace(entry, action=entry.action + " (edited)")
    tampered = rows[:index] + [(forged, previous, chain.digest(forged, previous))] + rows[index + 1:]

    breaks = chain.verify(tampered, *head_of(rows))

    assert breaks
    assert {found.sequence for found in breaks} & {entry.sequence, entry.sequence + 1}


@given(histories(), st.data())
def test_deleting_any_one_record_is_reported_with_its_sequence(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1), label="index")
    missing = rows[index][0].sequence

    breaks = chain.verify(rows[:index] + rows[index + 1:], *head_of(rows))

    assert missing in {found.sequence for found in breaks}


@given(histories(), st.data())
def test_cutting_off_the_newest_records_is_reported(rows, data):
    kept = data.draw(st.integers(0, len(rows) - 1), label="kept")
    missing = {entry.sequence for entry, _, _ in rows[kept:]}

    breaks = chain.verify(rows[:kept], *head_of(rows))

    assert {found.sequence for found in breaks} & missing


# --- the service: records commit with the change they describe -------------------------------------

def audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditRecord))


def test_signing_up_twice_with_one_email_records_only_the_first(ctx):
    services.sign_up("li.na@example.cn", "Li Na", PASSWORD)

    with pytest.raises(InvalidInput):
        services.sign_up("Li.Na@example.cn ", "Li Na again", PASSWORD)

    assert [r.action for r in recent()] == ["user.signed_up"]
    assert verify() == []


def test_a_use_case_that_fails_after_recording_leaves_no_record(ctx):
    """An outer transaction that fails rolls back the inner use case together with its audit record."""
    services.sign_up("first@example.cn", "First", PASSWORD)

    with pytest.raises(RuntimeError), transaction():
        services.sign_up("second@example.cn", "Second", PASSWORD)
        raise RuntimeError("the surrounding work failed")

    assert audit_count() == 1
    assert db.session.get(AuditHead, 1).sequence == 1
    assert verify() == []


def test_registering_an_enterprise_records_who_what_and_which_request(app):
    with app.test_request_context("/", headers={"X-Request-ID": "req-binhai-0001"}):
        app.preprocess_request()  # the request hooks: request id, permission gate
        owner = services.sign_up("wang.fang@example.cn", "Wang Fang", PASSWORD)
        enterprise = services.register_enterprise(
            owner, credit_code(9001), ["supplier"], name_zh="天津港测试物流有限公司", name_en="Tianjin Port Test Logistics",
            region="teda", address="天津市滨海新区第一大街1号", contact_name="王芳", contact_phone="022-6620-0000",
            contact_email="office@example.cn",
        )
        assert g.request_id == "req-binhai-0001"

        registered = recent(action="enterprise.registered")

        assert len(registered) == 1
        record = registered[0]
        assert record.actor == owner.public_id
        assert record.enterprise == enterprise.public_id
        assert record.target == enterprise.public_id
        assert record.request_id == "req-binhai-0001"
        assert record.after["credit_code"] == enterprise.credit_code
        assert record.occurred_at.tzinfo is not None


def test_an_enterprise_history_shows_only_its_own_records_newest_first(world):
    first = world.enterprise()
    second = world.enterprise()

    history = recent(enterprise=first.public_id)

    assert [r.action for r in history] == ["enterprise.verified", "enterprise.registered"]
    assert {r.enterprise for r in history} == {first.public_id}
    assert recent(enterprise=second.public_id)[0].sequence > history[0].sequence


# --- `binhai audit verify` for the operator ---------------------------------------------------------

@pytest.fixture
def three_records(ctx):
    for name in ("zhao", "qian", "sun"):
        services.sign_up(f"{name}@example.cn", name.title(), PASSWORD)
    assert audit_count() == 3


def tamper(sql):
    """Change the table behind the platform's back, as someone with database access could."""
    db.session.execute(text(sql))
    db.session.commit()


def test_audit_verify_passes_an_intact_log(runner, three_records):
    result = runner.invoke("audit", "verify")

    assert result.exit_code == 0
    assert "intact" in result.output


def test_audit_verify_passes_an_empty_log(runner):
    assert runner.invoke("audit", "verify").exit_code == 0


@pytest.mark.parametrize(("sql", "named"), [
    pytest.param("""UPDATE audit_records SET "after" = '{"email": "mallory@example.cn"}' WHERE sequence = 2""",
                 "record 2:", id="changed-after"),
    pytest.param("UPDATE audit_records SET actor = 'usr_someone_else' WHERE sequence = 1", "record 1:",
                 id="changed-actor"),
    pytest.param("DELETE FROM audit_records WHERE sequence = 2", "record 2:", id="deleted-middle"),
    pytest.param("DELETE FROM audit_records WHERE sequence = 3", "record 3:", id="deleted-newest"),
    pytest.param("DELETE FROM audit_records WHERE sequence = 1", "record 1:", id="deleted-oldest"),
])
def test_audit_verify_fails_naming_the_tampered_record(runner, three_records, sql, named):
    tamper(sql)

    result = runner.invoke("audit", "verify")

    assert result.exit_code == 1
    assert named in result.output
    assert "intact" not in result.output


@pytest.mark.postgres_only
def test_people_signing_up_at_the_same_moment_leave_one_unbroken_chain(app):
    """Concurrent use cases take turns at the chain's head: no sequence is used twice or skipped."""
    count = 12

    all_at_once(app, count, lambda number: services.sign_up(f"rush{number}@example.cn", f"Rush {number}", PASSWORD))

    with app.app_context():
        sequences = db.session.scalars(select(AuditRecord.sequence).order_by(AuditRecord.sequence)).all()
        assert sequences == list(range(1, count + 1))
        assert db.session.get(AuditHead, 1).sequence == count
        assert verify() == []
        db.session.remove()
