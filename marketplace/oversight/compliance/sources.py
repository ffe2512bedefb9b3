"""What floor compliance reads of trading: floors, and the trades of one instrument. Read-only."""
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from trading.book.models import Trade
from trading.floors.models import Floor


def floors():
    """Every floor, active or not, in the operator's order."""
    return db.session.scalars(select(Floor).order_by(Floor.position, Floor.code)).all()


def floor_named(code):
    """The floor with ``code``, or None."""
    return db.session.scalar(select(Floor).where(Floor.code == code))


def fills_of(instrument):
    """``(buyer id, seller id, quantity)`` of every trade in ``instrument``."""
    return db.session.execute(select(Trade.buyer_enterprise_id, Trade.seller_enterprise_id, Trade.quantity)
                              .where(Trade.instrument_id == instrument.id)).all()


def last_buy_day(enterprise, instrument):
    """The Shanghai day of ``enterprise``'s latest purchase of ``instrument``, or None."""
    moment = db.session.scalar(select(func.max(Trade.executed_at)).where(
        Trade.instrument_id == instrument.id, Trade.buyer_enterprise_id == enterprise.id))
    return None if moment is None else shanghai_day(moment)
