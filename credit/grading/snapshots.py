"""What a snapshot stores, as plain JSON: the facts as scored, each variable's points and the reasons.

Pure (no Flask, no database), so "same facts + same model version → same snapshot content" is a
property of this module alone. Reasons carry both languages' texts as they read when scored, so a
snapshot still explains itself after the wording of a reason code changes.
"""
import math
from dataclasses import fields, is_dataclass
from datetime import date, datetime

from credit.scoring.evaluate import score


def snapshot_content(model, facts):
    """The score, grade, override, inputs, points and reasons of ``facts`` scored with ``model``."""
    result = score(model, facts)
    return {
        "model_version": result.model_version,
        "score": result.score,
        "grade": result.grade,
        "override": result.override,
        "inputs": facts_document(facts),
        "points": [[code, value, points] for code, value, points in result.points],
        "reasons": [reason_document(reason) for reason in result.reasons],
    }


def reason_document(reason):
    """A reason as stored and sent: code, polarity, impact (None for overrides), values, references, both texts."""
    return {
        "code": reason.code,
        "polarity": reason.polarity,
        "impact": None if math.isinf(reason.impact) else reason.impact,
        "values": dict(reason.values),
        "references": list(reason.references),
        "text_en": reason.text("en"),
        "text_zh": reason.text("zh"),
    }


def facts_document(facts):
    """``facts`` as JSON-ready data: dates in ISO form, tuples as lists, every field named."""
    return _plain(facts)


def _plain(value):
    if is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
