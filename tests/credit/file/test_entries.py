"""Official entries: recording, refusing bad ones, correcting, what each audience sees, the event they make."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from credit.file import publicity
from credit.file import services as file
from credit.file.models import OfficialEntry
from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.outbox import OutboxEvent
from tests.builders import credit_code
from tests.credit.file.entries import penalty_fields


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_recorded_penalty_is_public_counts_for_the_score_and_is_announced(world):
    enterprise, regulator = world.enterprise(), world.regulator()

    entry = file.record_entry(regulator, penalty_fields(enterprise))

    assert entry.publicity_max_until == publicity.months_later(entry.decided_on, 12)
    assert entry.publicity_min_until == publicity.months_later(entry.decided_on, 3)
    assert [step.step for step in entry.steps] == ["recorded"]
    assert file.entries_of(enterprise, "public") == [entry]
    [counted] = file.facts_for(enterprise, utcnow()).official_entries
    assert (counted.kind, counted.severity, counted.reference) == ("penalty", "general", entry.public_id)
    event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "credit.entry_recorded"))
    assert event.payload == {"enterprise": enterprise.public_id, "credit_code": enterprise.credit_code,
                             "entry": entry.public_id, "kind": "penalty", "severity": "general",
                             "title": "未按规定公示年度报告", "decided_on": entry.decided_on.isoformat()}
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.target == entry.public_id)) is not None


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"decided_on": "2999-01-01"}, "decided_on", "future"),
    ({"severity": "catastrophic"}, "severity", "severity"),
    ({"kind": "parking_ticket"}, "kind", "Choose one of"),
    ({"decision_number": ""}, "decision_number", "needs this field"),
    ({"credit_code": credit_code(9_999_999)}, "credit_code", "No enterprise with this credit code"),
    ({"credit_code": "91120116MA00000010"}, "credit_code", "check character"),
    ({"decided_on": "15/03/2026"}, "decided_on", "YYYY-MM-DD"),
])
def test_a_bad_entry_is_refused_naming_the_field_and_nothing_changes(world, fields, field, words):
    enterprise, regulator = world.enterprise(), world.regulator()
    before = (_count(OfficialEntry), _count(OutboxEvent), _count(AuditRecord))

    with pytest.raises(InvalidInput) as refused:
        file.record_entry(regulator, penalty_fields(enterprise) | fields)

    assert any(words in message for message in refused.value.errors[field])
    assert (_count(OfficialEntry), _count(OutboxEvent), _count(AuditRecord)) == before


def test_a_tax_grade_needs_a_known_grade_and_a_year(world):
    enterprise = world.enterprise()
    fields = {"credit_code": enterprise.credit_code, "kind": "tax_grade", "severity": "minor",
              "decided_on": shanghai_day().isoformat(), "tax_grade": "Q"}

    with pytest.raises(InvalidInput) as refused:
        file.record_entry(world.operator(), fields)

    assert set(refused.value.errors) == {"tax_grade", "tax_year"}


def test_a_correction_is_a_new_entry_and_the_old_one_ends_with_its_history_kept(world):
    enterprise, regulator = world.enterprise(), world.regulator()
    wrong = file.record_entry(regulator, penalty_fields(enterprise, content="罚款人民币50000元"))

    right = file.correct_entry(regulator, wrong, {"content": "罚款人民币5000元"}, "A zero too many", related="obj_1")

    assert right.corrects_id == wrong.id and right.content == "罚款人民币5000元"
    assert wrong.ended_on == shanghai_day()
    assert [(step.step, step.related) for step in wrong.steps] == [("recorded", ""), ("corrected", "obj_1")]
    assert file.entries_of(enterprise, "public") == [right]
    assert set(file.entries_of(enterprise, "oversight")) == {wrong, right}
    assert [e.reference for e in file.facts_for(enterprise, utcnow()).official_entries
            if e.active_at(utcnow())] == [right.public_id]


def test_an_entry_past_its_window_is_history_for_oversight_only(world):
    enterprise = world.enterprise()
    old = file.record_entry(world.regulator(), penalty_fields(enterprise, days_ago=800, severity="minor"))

    assert file.entries_of(enterprise, "public") == []
    assert file.entries_of(enterprise, "oversight") == [old]
    assert file.state_of(old) == "expired"
    assert [item.public_id for item in file.timeline_of(enterprise, "oversight")] == [old.public_id]
    assert file.timeline_of(enterprise, "public") == []


def test_a_licence_is_shown_while_valid(world):
    enterprise = world.enterprise()
    licence = file.record_entry(world.operator(), {
        "credit_code": enterprise.credit_code, "kind": "licence", "severity": "minor",
        "decided_on": (shanghai_day() - timedelta(days=200)).isoformat(), "title": "危险化学品经营许可证",
        "authority": "天津市应急管理局", "valid_until": (shanghai_day() + timedelta(days=900)).isoformat()})

    assert file.entries_of(enterprise, "public") == [licence]


def test_an_import_with_one_bad_row_stores_nothing_and_reports_every_bad_field(world):
    enterprise, regulator = world.enterprise(), world.regulator()
    rows = [penalty_fields(enterprise),
            penalty_fields(enterprise, decided_on="2999-01-01", severity="huge"),
            penalty_fields(enterprise, credit_code=credit_code(9_999_998))]

    report = file.import_entries(regulator, rows)

    assert report.stored == ()
    assert {(r.row, r.field) for r in report.refused} == {(2, "decided_on"), (2, "severity"), (3, "credit_code")}
    assert _count(OfficialEntry) == 0


def test_an_import_may_store_the_valid_rows_and_report_the_rest(world):
    enterprise, regulator = world.enterprise(), world.regulator()
    rows = [penalty_fields(enterprise), penalty_fields(enterprise, kind="unknown"), penalty_fields(enterprise)]

    report = file.import_entries(regulator, rows, store_valid_rows=True)

    assert len(report.stored) == 2 and report.refused_rows == [2]
    assert {entry.source for entry in report.stored} == {"import"}


def test_csv_and_json_files_give_the_same_rows(world):
    csv_data = ("credit_code,kind,severity,decided_on,authority,title\n"
                "91120116MA00000019,abnormal_operations,general,2026-01-05,天津市滨海新区市场监督管理局,通过登记的住所无法联系\n")
    json_data = ('[{"credit_code": "91120116MA00000019", "kind": "abnormal_operations", "severity": "general", '
                 '"decided_on": "2026-01-05", "authority": "天津市滨海新区市场监督管理局", "title": "通过登记的住所无法联系"}]')

    assert file.rows_from_file("a.csv", csv_data.encode()) == file.rows_from_file("a.json", json_data.encode())


def test_a_file_that_is_neither_csv_nor_json_is_refused(world):
    with pytest.raises(InvalidInput) as refused:
        file.rows_from_file("a.csv", b"\xff\xfe\x00garbage")

    assert "file" in refused.value.errors


def test_a_minor_tax_grade_and_a_customs_category_stay_public_while_in_force(world):
    enterprise, regulator = world.enterprise(), world.regulator()
    today = shanghai_day()
    base = {"credit_code": enterprise.credit_code, "severity": "minor", "decided_on": today.isoformat()}

    tax = file.record_entry(regulator, base | {"kind": "tax_grade", "tax_grade": "A", "tax_year": str(today.year - 1)})
    customs = file.record_entry(regulator, base | {"kind": "customs_category", "customs_category": "advanced_certified",
                                                   "valid_until": (today + timedelta(days=900)).isoformat()})

    assert tax.publicity_max_until == today.replace(year=today.year + 1, month=4, day=30)
    assert customs.publicity_max_until == today + timedelta(days=900)
    assert set(file.entries_of(enterprise, "public")) == {tax, customs}
    four_months_on = publicity.months_later(today, 4)  # past the 3 months of a minor penalty
    assert file.state_of(tax, four_months_on) == file.state_of(customs, four_months_on) == publicity.PUBLIC
