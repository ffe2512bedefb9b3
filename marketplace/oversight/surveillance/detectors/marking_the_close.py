"""Marking the close: one enterprise's aggressive orders in the last minutes of a session move the
closing price, the price that settles, marks positions and feeds the index.

For every session in the context and instrument traded in its last ``close_window_minutes``: the
closing price is compared with the last price before that stretch; where it moved at least
``min_move_percent`` and one enterprise's aggressive trades in the direction of the move made at
least ``min_share_percent`` of the stretch's quantity (in ``min_trades`` trades or more), it alerts.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, pressure, settings
from marketplace.oversight.surveillance.events import TradeEvent

KEY = "marking_the_close"
PARAMETERS = {
    "close_window_minutes": Parameter("minutes", 10, 1, 120, "min", "收盘前时段", "last minutes of the session"),
    "min_move_percent": Parameter("percent", Decimal("1"), Decimal("0.1"), Decimal("50"), "%",
                                  "最低价格变动", "minimum price move"),
    "min_share_percent": Parameter("percent", Decimal("50"), Decimal("1"), Decimal("100"), "%",
                                   "主动成交最低占比", "minimum share of the aggressive volume"),
    "min_trades": Parameter("int", 2, 1, 1000, "", "最少主动成交笔数", "minimum aggressive trades"),
}


def detect(events, context, parameters):
    """One finding per session and instrument whose close one enterprise moved."""
    limits = settings(PARAMETERS, parameters)
    trades = defaultdict(list)
    for event in evidence.in_order(event for event in events if isinstance(event, TradeEvent)):
        trades[event.floor].append(event)
    findings = []
    for session in sorted(context.sessions, key=lambda session: (session.floor, session.opens_at)):
        starts = session.closes_at - timedelta(minutes=limits["close_window_minutes"])
        by_instrument = defaultdict(list)
        for trade in trades.get(session.floor, ()):
            if session.opens_at <= trade.at <= session.closes_at:
                by_instrument[trade.instrument].append(trade)
        for instrument, day_trades in sorted(by_instrument.items()):
            finding = _judge(session, day_trades, starts, limits, context)
            if finding is not None:
                findings.append(finding)
    return findings


def _judge(session, day_trades, starts, limits, context):
    before = [trade for trade in day_trades if trade.at < starts]
    closing = [trade for trade in day_trades if trade.at >= starts]
    if not before or not closing:
        return None
    side = pressure.direction(before[-1].price_minor, closing[-1].price_minor)
    change = pressure.move(before[-1].price_minor, closing[-1].price_minor)
    lead = pressure.leader(closing, side) if side else None
    if lead is None or abs(change) * 100 < limits["min_move_percent"]:
        return None
    enterprise, mine, share = lead
    if share * 100 < limits["min_share_percent"] or len(mine) < limits["min_trades"]:
        return None
    return _finding(session, before[-1], closing, enterprise, mine, share, change, limits, context)


def _finding(session, last_before, closing, enterprise, mine, share, change, limits, context):
    instrument, minutes = last_before.instrument, limits["close_window_minutes"]
    moved, shown = evidence.percent(abs(change)), evidence.percent(share)
    limit = evidence.figure(limits["min_move_percent"])
    exact_move = evidence.figure(round(change * 100, 2))
    side_zh = "买入" if mine[0].aggressor == "buy" else "卖出"
    name_zh, name_en = evidence.names(context, [enterprise], "zh"), evidence.names(context, [enterprise], "en")
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, session.floor, session.day.isoformat(), instrument, enterprise),
        subject=enterprise,
        subjects=(enterprise,),
        at=closing[-1].at,
        sentence_zh=(f"{name_zh} 在 {session.day.isoformat()} {instrument} 收盘前 {minutes} 分钟内主动{side_zh} "
                     f"{len(mine)} 笔，占该时段成交量 {shown}%，收盘价较此前变动 {exact_move}%，阈值 {limit}%"),
        sentence_en=(f"{name_en} made {shown} % of the volume of {instrument} in the last {minutes} min of "
                     f"{session.day.isoformat()} with {len(mine)} aggressive {mine[0].aggressor} trades and moved the "
                     f"close {exact_move} %, limit {limit} %"),
        measures={"move_percent": str(exact_move), "share_percent": shown, "trades": len(mine),
                  "minutes": minutes, "limit_move_percent": limit, "close_minor": closing[-1].price_minor,
                  "before_minor": last_before.price_minor, "currency": last_before.currency},
        rows=evidence.rows([last_before, *closing]),
        floor=session.floor,
        instrument=instrument,
        severity="high" if moved >= 3 * limits["min_move_percent"] else "medium",
        score=min(100, 40 + shown // 3 + 5 * moved),
    )
