"""The live path: orders and trades reach the outbox, the "surveillance" consumer scans, alerts are frozen and filed."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.cases.models import OversightCase
from marketplace.oversight.surveillance import alerts, history, live
from marketplace.oversight.surveillance.events import BidEvent, OrderEvent, TradeEvent
from marketplace.oversight.surveillance.models import SurveillanceAlert
from tests.trading.auctions.auctions import announce, bid
from trading.book.models import Trade


def test_the_history_of_a_period_holds_the_orders_fills_and_trade(wash_pair):
    seller, buyer = wash_pair
    now = utcnow()
    events, context = history.load(now - timedelta(hours=1), now + timedelta(minutes=1))

    trades = [event for event in events if isinstance(event, TradeEvent)]
    orders = [(event.enterprise, event.action) for event in events if isinstance(event, OrderEvent)]
    assert [(trade.seller, trade.buyer, trade.quantity) for trade in trades] == [(seller.public_id, buyer.public_id, Decimal(20))]
    assert (seller.public_id, "new") in orders and (buyer.public_id, "fill") in orders
    assert context.group_of(seller.public_id) == context.group_of(buyer.public_id)
    assert any(session.floor == "steel" and session.day == shanghai_day() for session in context.sessions)
    assert context.names[seller.public_id][0] == seller.name_zh


def test_a_wash_trade_raises_one_frozen_alert_filed_into_a_case(wash_pair):
    seller, buyer = wash_pair

    handled, raised = live.react()
    assert handled >= 3 and [alert.rule_label for alert in raised] == ["wash_trades@v1"]
    assert live.react() == (0, [])  # nothing new: nothing raised twice
    assert live.scan(utcnow() - timedelta(hours=1), utcnow()) == []

    alert = db.session.scalar(select(SurveillanceAlert))
    assert set(alert.subjects) == {seller.public_id, buyer.public_id}
    assert alert.floor_code == "steel" and alert.occurred_on == shanghai_day()
    assert "20" in alert.sentence_en and "20" in alert.sentence_zh
    assert alert.parameters == {"min_trades": 1, "min_quantity": "0"}
    trade = db.session.scalar(select(Trade))
    assert any(trade.public_id in str(row) for row in alert.evidence)
    assert alert.case_id is not None and db.session.get(OversightCase, alert.case_id) is not None


def test_an_alert_keeps_what_it_saw_when_the_data_changes_later(wash_pair):
    live.react()
    trade = db.session.scalar(select(Trade))
    trade.quantity = trade.quantity * 100
    db.session.commit()

    [alert] = alerts.search_alerts()[0]
    assert "2000" not in alert.sentence_en and "20" in alert.sentence_en


def test_dashboards_count_alerts_by_day(wash_pair):
    live.react()
    today = shanghai_day()
    counts = alerts.alert_counts_by_day(today - timedelta(days=2), today)
    assert list(counts.values()) == [0, 0, 1]
    assert alerts.alert_counts_by_day(today, today, floor="chemicals") == {today: 0}
    assert alerts.alert_counts_by_day(today, today, floor="steel") == {today: 1}


def test_the_periodic_job_raises_the_alert_and_sweeps_when_nothing_comes(app, wash_pair):
    job = live.SurveillanceJobs(app)
    assert job.run_once() == 1
    assert job.run_once() == 0  # the sweep finds the same rows: nothing twice
    assert db.session.scalar(select(func.count()).select_from(SurveillanceAlert)) == 1


def test_auction_bids_reach_the_history_and_the_outbox(world):
    owner, bidder = world.enterprise(kinds=("buyer",)), world.enterprise(kinds=("supplier",))
    now = utcnow()
    tender = announce(owner, "reverse", now)
    placed = bid(bidder, tender, "2590.00", now + timedelta(minutes=1))

    events = history.market_events(now - timedelta(hours=1), now + timedelta(hours=1), floor="chemicals")
    [seen] = [event for event in events if isinstance(event, BidEvent)]
    assert (seen.auction, seen.owner, seen.enterprise, seen.price_minor) == (
        tender.public_id, owner.public_id, bidder.public_id, placed.price_minor)
    assert history.market_events(now - timedelta(hours=1), now + timedelta(hours=1), floor="steel") == ()
    assert live.react()[0] == 1
