"""Surveillance rules as versioned data: drafting, four-eyes approval, activation and retirement.

A version (``key@vN``) is never edited: a change is a new draft. Draft → approved (by a regulator
other than its author) → active (the one version of its rule that runs; the one before it retires)
→ retired. Every detector gets a built-in ``v1`` at its declared defaults, authored by nobody and
active from the start, the first time the catalogue is read.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.i18n import translated
from marketplace.oversight.surveillance import catalogue, detectors, sources
from marketplace.oversight.surveillance.labels import RULE_NAMES
from marketplace.oversight.surveillance.models import SurveillanceRule, SurveillanceRuleVersion


def detector_modules():
    """The registered detectors by key (``detectors.DETECTORS``)."""
    return detectors.DETECTORS


def ensure_builtin_rules():
    """Create the rule and its active built-in v1 for every registered detector that has none yet (idempotent)."""
    with transaction() as session:
        known = set(session.scalars(select(SurveillanceRule.key)))
        for key, module in sorted(detector_modules().items()):
            if key not in known:
                try:
                    with session.begin_nested():
                        _seed(session, key, module)
                except IntegrityError:
                    continue  # another process seeded it at the same moment


def _seed(session, key, module):
    name_zh, name_en = RULE_NAMES.get(key, (key, key))
    rule = SurveillanceRule(key=key, detector=key, name_zh=name_zh, name_en=name_en)
    document = catalogue.default_document(module.PARAMETERS)
    now = utcnow()
    rule.versions.append(SurveillanceRuleVersion(
        version=1, status="active", parameters=document["parameters"], floor_overrides={},
        notes="built-in", author_id=None, approved_at=now, activated_at=now))
    session.add(rule)
    session.flush()
    audit.record("oversight.rule_seeded", target=f"{key}@v1", after=document)


def rules():
    """Every rule with its versions, by key (built-in ones seeded first)."""
    ensure_builtin_rules()
    with transaction() as session:
        return session.scalars(select(SurveillanceRule).options(selectinload(SurveillanceRule.versions))
                               .order_by(SurveillanceRule.key)).all()


def rule_named(key):
    """:raise NotFound: if no rule has that key."""
    ensure_builtin_rules()
    with transaction() as session:
        rule = session.scalar(select(SurveillanceRule).where(SurveillanceRule.key == key))
        if rule is None:
            raise NotFound(_("There is no surveillance rule %(key)s.", key=key))
        return rule


def version_named(public_id, lock=False):
    """:raise NotFound: if no rule version has that public id."""
    statement = select(SurveillanceRuleVersion).where(SurveillanceRuleVersion.public_id == public_id)
    with transaction() as session:
        version = session.scalar(lock_for_update(statement) if lock else statement)
        if version is None:
            raise NotFound(_("There is no such rule version."))
        return version


def active_versions():
    """The active version of every rule whose detector is registered."""
    ensure_builtin_rules()
    with transaction() as session:
        return session.scalars(
            select(SurveillanceRuleVersion).join(SurveillanceRule)
            .where(SurveillanceRuleVersion.status == "active", SurveillanceRule.detector.in_(list(detector_modules())))
            .order_by(SurveillanceRule.key)).all()


def active_version_of(rule):
    with transaction() as session:
        return session.scalar(select(SurveillanceRuleVersion).where(
            SurveillanceRuleVersion.rule_id == rule.id, SurveillanceRuleVersion.status == "active"))


def declared_parameters(rule):
    """The detector's ``PARAMETERS`` of ``rule``. :raise NotFound: when its detector is not registered."""
    module = detector_modules().get(rule.detector)
    if module is None:
        raise NotFound(_("The detector %(key)s is not installed.", key=rule.detector))
    return module.PARAMETERS


def checked(rule, document):
    """The document as it would be stored. :raise InvalidInput: with each wrong field, translated."""
    try:
        return catalogue.checked_document(document, declared_parameters(rule), set(sources.floor_codes()))
    except catalogue.DocumentRefused as refusal:
        errors = {path: [translated(problem) for problem in problems] for path, problems in refusal.errors.items()}
        raise InvalidInput(_("The rule version is not valid; nothing was stored."), errors) from None


def draft_version(actor, key, document):
    """Store ``document`` as the next version of rule ``key``, a draft authored by ``actor``.

    :raise InvalidInput: an unknown field or parameter, a wrong kind or a value out of the detector's range.
    """
    rule = rule_named(key)
    stored = checked(rule, document)
    with transaction() as session:
        rule = session.scalar(lock_for_update(select(SurveillanceRule).where(SurveillanceRule.id == rule.id)))
        number = (session.scalar(select(func.max(SurveillanceRuleVersion.version))
                                 .where(SurveillanceRuleVersion.rule_id == rule.id)) or 0) + 1
        version = SurveillanceRuleVersion(rule=rule, version=number, status="draft", author_id=actor.id,
                                          parameters=stored["parameters"], floor_overrides=stored["floor_overrides"],
                                          notes=stored["notes"])
        session.add(version)
        session.flush()
        audit.record("oversight.rule_drafted", actor=actor.public_id, target=version.label, after=stored)
        return version


def approve_version(actor, public_id):
    """Four eyes: a draft becomes approved by a regulator other than its author.

    :raise Forbidden: the author approving their own version. :raise DomainError: not a draft.
    """
    with transaction():
        version = version_named(public_id, lock=True)
        _ensure_status(version, "draft", _("Only a draft can be approved."))
        if version.author_id == actor.id:
            raise Forbidden(_("You wrote %(label)s; another regulator must approve it.", label=version.label))
        version.status, version.approver_id, version.approved_at = "approved", actor.id, utcnow()
        audit.record("oversight.rule_approved", actor=actor.public_id, target=version.label,
                     before={"status": "draft"}, after={"status": "approved"})
        return version


def activate_version(actor, public_id):
    """An approved version starts running; the rule's active version before it retires (one active per rule)."""
    with transaction() as session:
        version = version_named(public_id)
        session.scalar(lock_for_update(select(SurveillanceRule).where(SurveillanceRule.id == version.rule_id)))
        session.refresh(version)
        _ensure_status(version, "approved", _("Only an approved version can be activated."))
        now = utcnow()
        previous = active_version_of(version.rule)
        if previous is not None:
            previous.status, previous.retired_at = "retired", now
        version.status, version.activated_at = "active", now
        audit.record("oversight.rule_activated", actor=actor.public_id, target=version.label,
                     before={"active": previous.label if previous else None}, after={"active": version.label})
        return version


def retire_version(actor, public_id):
    """Any version not yet retired stops (an active one leaves its rule with none running)."""
    with transaction():
        version = version_named(public_id, lock=True)
        if version.status == "retired":
            raise DomainError(_("%(label)s is already retired.", label=version.label))
        before = version.status
        version.status, version.retired_at = "retired", utcnow()
        audit.record("oversight.rule_retired", actor=actor.public_id, target=version.label,
                     before={"status": before}, after={"status": "retired"})
        return version


def _ensure_status(version, wanted, message):
    if version.status != wanted:
        raise DomainError(message)


def effective_parameters(version, floor=None):
    """The typed parameters ``version`` runs with on ``floor``."""
    return catalogue.effective_parameters(declared_parameters(version.rule), version.parameters,
                                          version.floor_overrides, floor)


def document_of(version):
    """The version's document as drafted (the shape the draft form and the API take)."""
    return {"parameters": version.parameters, "floor_overrides": version.floor_overrides, "notes": version.notes}
