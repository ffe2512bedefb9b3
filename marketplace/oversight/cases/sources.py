"""What cases read from other domains' tables: read-only selects, gathered here.

Alerts belong to surveillance, people and enterprises to accounts, sanctions to the sanctions area.
"""
from sqlalchemy import select

from marketplace.accounts.models import Enterprise, User
from marketplace.extensions import db
from marketplace.oversight.surveillance.models import SurveillanceAlert
from marketplace.policy import PlatformRole


def alerts_of_case(case):
    """The alerts filed in ``case``, in the order they were raised."""
    return db.session.scalars(select(SurveillanceAlert).where(SurveillanceAlert.case_id == case.id)
                              .order_by(SurveillanceAlert.raised_at, SurveillanceAlert.id)).all()


def regulators():
    """Every regulator, by name: the people a case can be assigned to."""
    return db.session.scalars(select(User).where(User.platform_role == PlatformRole.REGULATOR.value)
                              .order_by(User.display_name, User.id)).all()


def regulator_named(public_id):
    """The regulator with ``public_id``, or None (also for anyone who is not a regulator)."""
    return db.session.scalar(select(User).where(User.public_id == public_id,
                                                User.platform_role == PlatformRole.REGULATOR.value))


def enterprise_named(reference):
    """The enterprise whose public id or unified social credit code is ``reference``, or None."""
    reference = (reference or "").strip()
    return db.session.scalar(select(Enterprise).where(
        (Enterprise.public_id == reference) | (Enterprise.credit_code == reference.upper())))


def sanctions_of_case(case):
    """The sanctions proposed within ``case`` (newest first), through the sanctions area's own service."""
    from marketplace.oversight.sanctions import services as sanctions

    return sanctions.sanctions_of_case(case)
