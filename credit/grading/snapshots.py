"""What a snapshot stores, as plain JSON: the facts as scored, each variable's points and the reasons.

Pure (no Flask, no database), so "same facts + same model version → same snapshot content" is a
property of this module alone. Reasons carry both languages' texts as they read when scored, so a
snapshot still explains itself after the wording of a reason code changes.
"""
import math
from dataclasses import fields, is_dataclass
from datetime import date, datetime

from credit.scoring.evaluate import score
from credit.scoring.facts import Delivery, Dispute, Facts, Incident, OfficialEntry, Payment


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


def facts_from_document(document):
    """The ``Facts`` a snapshot's ``inputs`` were made from (the inverse of ``facts_document``)."""
    def day(text):
        return date.fromisoformat(text) if text else None

    return Facts(
        as_of=datetime.fromisoformat(document["as_of"]),
        verified_since=day(document.get("verified_since")),
        payments=tuple(Payment(p["amount_minor"], day(p["due"]), day(p["paid"]), p["reference"])
                       for p in document.get("payments", ())),
        deliveries=tuple(Delivery(day(d["agreed"]), day(d["delivered"]), d["rfid_confirmed"],
                                  d["reference"]) for d in document.get("deliveries", ())),
        disputes=tuple(Dispute(day(d["opened"]), d["outcome"], d["reference"]) for d in document.get("disputes", ())),
        cancellations_by_fault=tuple(Incident(day(i["on"]), i["reference"])
                                     for i in document.get("cancellations_by_fault", ())),
        complaints_upheld=tuple(Incident(day(i["on"]), i["reference"]) for i in document.get("complaints_upheld", ())),
        official_entries=tuple(OfficialEntry(e["kind"], e["severity"], day(e["decided"]), day(e["visible_until"]),
                                             day(e["repaired_on"]), e["contested"], e["reference"])
                               for e in document.get("official_entries", ())),
        settled_volume_minor=document.get("settled_volume_minor", 0),
    )
