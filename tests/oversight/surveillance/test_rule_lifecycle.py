"""Rule versions: built-in v1 of every detector, drafts checked against the detector, four eyes, one active per rule."""
import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditRecord
from marketplace.errors import DomainError, Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.oversight.surveillance import services
from marketplace.oversight.surveillance.detectors import DETECTORS
from marketplace.oversight.surveillance.models import SurveillanceRuleVersion


def versions_of(key):
    return [(row.version, row.status) for row in services.rule_named(key).versions]


def test_every_detector_gets_an_active_built_in_v1_by_nobody(world):
    rules = services.rules()
    assert {rule.key for rule in rules} == set(DETECTORS)
    for rule in rules:
        [v1] = rule.versions
        assert (v1.label, v1.status, v1.author_id) == (f"{rule.key}@v1", "active", None)
    services.ensure_builtin_rules()
    assert db.session.scalar(select(db.func.count()).select_from(SurveillanceRuleVersion)) == len(DETECTORS)


def test_a_draft_approved_by_another_regulator_replaces_the_active_version(author, approver):
    draft = services.draft_version(author, "wash_trades", {"parameters": {"min_trades": 3}, "notes": "fewer false alarms"})
    assert (draft.label, draft.status) == ("wash_trades@v2", "draft")

    services.approve_version(approver, draft.public_id)
    services.activate_version(approver, draft.public_id)

    assert versions_of("wash_trades") == [(1, "retired"), (2, "active")]
    assert services.version_named(draft.public_id).parameters == {"min_trades": 3}
    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.action.like("oversight.rule_%"))).all()
    assert {"oversight.rule_drafted", "oversight.rule_approved", "oversight.rule_activated"} <= set(actions)


def test_the_author_cannot_approve_their_own_version(author):
    draft = services.draft_version(author, "wash_trades", {"parameters": {"min_trades": 2}})
    with pytest.raises(Forbidden):
        services.approve_version(author, draft.public_id)
    assert services.version_named(draft.public_id).status == "draft"


def test_only_an_approved_version_is_activated(author, approver):
    draft = services.draft_version(author, "wash_trades", {})
    with pytest.raises(DomainError):
        services.activate_version(approver, draft.public_id)
    assert versions_of("wash_trades") == [(1, "active"), (2, "draft")]


@pytest.mark.parametrize("document, field", [
    ({"parameters": {"min_trades": 2}, "threshold": 5}, "threshold"),
    ({"parameters": {"min_trades": 0}}, "parameters.min_trades"),
    ({"parameters": {"min_trades": 2}, "floor_overrides": {"steel": {"min_trades": 100000}}}, "floor_overrides.steel.min_trades"),
    ({"parameters": {"speed": 1}}, "parameters.speed"),
    ({"floor_overrides": {"stele": {"min_trades": 2}}}, "floor_overrides.stele"),
])
def test_a_bad_document_is_refused_naming_the_field_and_nothing_is_stored(author, document, field):
    services.ensure_builtin_rules()
    with pytest.raises(InvalidInput) as refusal:
        services.draft_version(author, "wash_trades", document)
    assert field in refusal.value.errors
    assert versions_of("wash_trades") == [(1, "active")]


def test_retiring_the_active_version_leaves_the_rule_silent(approver):
    [v1] = services.rule_named("wash_trades").versions
    services.retire_version(approver, v1.public_id)
    assert "wash_trades" not in {version.rule.key for version in services.active_versions()}
    with pytest.raises(DomainError):
        services.retire_version(approver, v1.public_id)
