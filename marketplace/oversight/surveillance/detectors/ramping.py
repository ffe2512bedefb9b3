"""Ramping: one enterprise drives the price up (or down) with a run of aggressive orders in a short time.

Within any ``window_minutes`` of a day, starting at one of its aggressive trades, an enterprise that
made at least ``min_trades`` aggressive trades in one direction, at least ``min_share_percent`` of the
stretch's quantity, while the price moved at least ``min_move_percent`` that way from the last price
before the stretch, is ramping. The strongest stretch per enterprise, instrument, day and direction
is reported.
"""
from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, pressure, settings
from marketplace.oversight.surveillance.events import TradeEvent

KEY = "ramping"
PARAMETERS = {
    "window_minutes": Parameter("minutes", 15, 1, 240, "min", "时间窗口", "within"),
    "min_move_percent": Parameter("percent", Decimal("2"), Decimal("0.1"), Decimal("50"), "%",
                                  "最低价格变动", "minimum price move"),
    "min_share_percent": Parameter("percent", Decimal("60"), Decimal("1"), Decimal("100"), "%",
                                   "主动成交最低占比", "minimum share of the volume"),
    "min_trades": Parameter("int", 4, 2, 1000, "", "最少主动成交笔数", "minimum aggressive trades"),
}


def detect(events, context, parameters):
    """One finding per enterprise, instrument, day and direction where it ramped the price."""
    limits = settings(PARAMETERS, parameters)
    days = defaultdict(list)
    for event in evidence.in_order(event for event in events if isinstance(event, TradeEvent)):
        days[(event.floor, event.instrument, evidence.market_day(event.at))].append(event)
    strongest = {}
    for trades in days.values():
        times = [trade.at for trade in trades]
        for start in range(1, len(trades)):
            judged = _judge(trades, times, start, limits)
            if judged is None:
                continue
            change, enterprise, mine, share, stretch = judged
            day = evidence.market_day(trades[0].at)
            place = (trades[0].floor, trades[0].instrument, day, enterprise, mine[0].aggressor)
            if place not in strongest or abs(change) > abs(strongest[place][0]):
                strongest[place] = (change, enterprise, mine, share, stretch, trades[start - 1])
    findings = [_finding(*judged, limits, context) for judged in strongest.values()]
    return sorted(findings, key=lambda finding: (finding.at, finding.key))


def _judge(trades, times, start, limits):
    first = trades[start]
    stretch = trades[start:bisect_right(times, first.at + timedelta(minutes=limits["window_minutes"]))]
    before = trades[start - 1].price_minor
    side = pressure.direction(before, stretch[-1].price_minor)
    if side != first.aggressor:
        return None
    change = pressure.move(before, stretch[-1].price_minor)
    lead = pressure.leader(stretch, side)
    if lead is None or abs(change) * 100 < limits["min_move_percent"]:
        return None
    enterprise, mine, share = lead
    if enterprise != pressure.aggressor(first) or len(mine) < limits["min_trades"]:
        return None
    if share * 100 < limits["min_share_percent"]:
        return None
    return change, enterprise, mine, share, stretch


def _finding(change, enterprise, mine, share, stretch, last_before, limits, context):
    minutes = max(1, round((stretch[-1].at - stretch[0].at).total_seconds() / 60))
    exact_move, shown = evidence.figure(round(change * 100, 2)), evidence.percent(share)
    limit, instrument = evidence.figure(limits["min_move_percent"]), last_before.instrument
    day = evidence.market_day(last_before.at)
    side = mine[0].aggressor
    side_zh = "买入" if side == "buy" else "卖出"
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(evidence.identity(trade) for trade in mine)),
        subject=enterprise,
        subjects=(enterprise,),
        at=stretch[-1].at,
        sentence_zh=(f"{evidence.names(context, [enterprise], 'zh')} 于 {day.isoformat()} 在约 {minutes} 分钟内主动"
                     f"{side_zh} {instrument} {len(mine)} 笔，占成交量 {shown}%，价格变动 {exact_move}%，阈值 {limit}%"),
        sentence_en=(f"{evidence.names(context, [enterprise], 'en')} made {len(mine)} aggressive {side} trades in "
                     f"{instrument} within about {minutes} min on {day.isoformat()}, {shown} % of the volume, moving "
                     f"the price {exact_move} %, limit {limit} %"),
        measures={"move_percent": str(exact_move), "share_percent": shown, "trades": len(mine), "minutes": minutes,
                  "limit_move_percent": limit, "from_minor": last_before.price_minor,
                  "to_minor": stretch[-1].price_minor, "currency": last_before.currency},
        rows=evidence.rows([last_before, *stretch]),
        floor=last_before.floor,
        instrument=instrument,
        severity="high" if abs(change) * 100 >= 3 * limits["min_move_percent"] else "medium",
        score=min(100, 40 + shown // 3 + 5 * int(abs(change) * 100)),
    )
