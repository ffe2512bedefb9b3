"""Trade history for market-data tests, made through order entry itself (earlier days via ``now=``)."""
from datetime import datetime, time, timedelta
from decimal import Decimal

from marketplace.bookings.calendar import SHANGHAI
from marketplace.database import utcnow
from tests.builders import owner_of
from trading.book import services as book


def beijing(days_ago, hour, minute=0):
    """A moment ``days_ago`` Beijing days before today, at ``hour:minute`` Beijing time."""
    today = utcnow().astimezone(SHANGHAI).date()
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), SHANGHAI)


def trade(seller, buyer, instrument, price, quantity, at=None):
    """The seller rests a limit sell at ``price`` (yuan per unit) and the buyer lifts it at once."""
    price_minor = int(Decimal(price) * 100)
    book.place_order(owner_of(seller), seller, instrument.public_id, "sell", "limit", Decimal(quantity), price_minor,
                     now=at)
    return book.place_order(owner_of(buyer), buyer, instrument.public_id, "buy", "limit", Decimal(quantity),
                            price_minor, now=at)


def rest(enterprise, instrument, side, price, quantity, at=None):
    return book.place_order(owner_of(enterprise), enterprise, instrument.public_id, side, "limit", Decimal(quantity),
                            int(Decimal(price) * 100), now=at)
