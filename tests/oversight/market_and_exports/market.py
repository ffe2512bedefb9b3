"""A steel floor with two days of trades between two enterprises, for the dashboard and report tests."""
from tests.trading.market import list_instrument
from tests.trading.marketdata.history import beijing, trade


def two_days_of_rebar(world, seller, buyer):
    """Two days ago 30 t at 4000 and 10 t at 4020 (VWAP 4005); yesterday 20 t at 4100: the index goes
    from 1000 to 1000 × 4100 / 4005 = 1023.72, turnover 242,200.00 yuan over 60 t in three trades."""
    rebar = list_instrument(world.operator())
    trade(seller, buyer, rebar, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, rebar, "4020.00", 10, beijing(2, 11))
    trade(seller, buyer, rebar, "4100.00", 20, beijing(1, 10))
    return rebar
