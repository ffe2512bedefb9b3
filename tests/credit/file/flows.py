"""Helpers of credit-file tests: run the credit consumer, and move an event to the day it happened."""
from datetime import timedelta

from sqlalchemy import select

from credit.file import reactions
from marketplace.database import transaction, utcnow
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent


def backdate(topic, aggregate_id, days):
    """Say the events of ``topic`` about ``aggregate_id`` happened ``days`` days ago (the deal's history)."""
    with transaction():
        for event in db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == topic,
                                                                  OutboxEvent.aggregate_id == aggregate_id)):
            event.created_at = utcnow() - timedelta(days=days)


def react_all():
    """Let the credit file read every event there is; :return: how many it handled."""
    handled = 0
    while (batch := reactions.react()):
        handled += batch
    return handled
