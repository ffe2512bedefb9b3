"""Matched orders between related groups: two groups with a weaker link (shared address, phone or
person) trade mostly with each other.

Per pair of related groups, floor, instrument and day: the trades between them must number at least
``min_trades`` and make at least ``min_share_percent`` of what either of the two traded that day in
the instrument — related firms trading now and then among many others is ordinary business.
"""
from collections import defaultdict
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import TradeEvent

KEY = "related_matching"
PARAMETERS = {
    "min_trades": Parameter("int", 3, 1, 1000, "", "最少交易笔数", "minimum trades"),
    "min_share_percent": Parameter("percent", Decimal("50"), Decimal("1"), Decimal("100"), "%",
                                   "占当日成交量最低比例", "minimum share of the day's volume"),
}


def detect(events, context, parameters):
    """One finding per related pair of groups, floor, instrument and day that trade mostly with each other."""
    limits = settings(PARAMETERS, parameters)
    volume, between = defaultdict(Decimal), defaultdict(list)
    for event in events:
        if not isinstance(event, TradeEvent):
            continue
        day = evidence.market_day(event.at)
        buyer, seller = context.group_of(event.buyer), context.group_of(event.seller)
        volume[(buyer, event.floor, event.instrument, day)] += event.quantity
        if seller != buyer:
            volume[(seller, event.floor, event.instrument, day)] += event.quantity
        if context.are_related(event.buyer, event.seller):
            pair = tuple(sorted((buyer, seller)))
            between[(pair, event.floor, event.instrument, day)].append(event)
    findings = []
    for (pair, floor, instrument, day), trades in sorted(between.items(), key=lambda item: str(item[0])):
        quantity = sum((trade.quantity for trade in trades), Decimal(0))
        share = max(quantity / volume[(group, floor, instrument, day)] for group in pair)
        if len(trades) >= limits["min_trades"] and share * 100 >= limits["min_share_percent"]:
            findings.append(_finding(pair, floor, instrument, day, trades, quantity, share, limits, context))
    return findings


def _finding(pair, floor, instrument, day, trades, quantity, share, limits, context):
    trades = evidence.in_order(trades)
    parties = sorted({trade.buyer for trade in trades} | {trade.seller for trade in trades})
    unit, shown, limit = trades[0].unit, evidence.percent(share), evidence.figure(limits["min_share_percent"])
    count, total = len(trades), evidence.figure(quantity)
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(evidence.identity(trade) for trade in trades)),
        subject=parties[0],
        subjects=tuple(parties),
        at=trades[-1].at,
        sentence_zh=(f"{day.isoformat()} {instrument} 关联企业（{evidence.names(context, parties, 'zh')}）相互成交 "
                     f"{count} 笔、{total} {unit}，占其当日成交量 {shown}%，阈值 {limit}%"),
        sentence_en=(f"related enterprises ({evidence.names(context, parties, 'en')}) traded {count} times, "
                     f"{total} {unit}, with each other in {instrument} on {day.isoformat()}: {shown} % of their "
                     f"day's volume, limit {limit} %"),
        measures={"trades": count, "quantity": str(quantity), "unit": unit, "share_percent": shown,
                  "limit_percent": limit, "groups": list(pair), "day": day.isoformat()},
        rows=evidence.rows(trades),
        floor=floor,
        instrument=instrument,
        severity="medium" if shown < 90 else "high",
        score=min(100, 30 + shown // 2 + 2 * count),
    )
