"""Wash trades: both sides of a trade belong to one control group, so no ownership really changed.

A trade on a book, or a deal made off the book (listing, auction, catalog order), whose buyer and
seller share a control group (the same enterprise included) counts. Findings gather such trades per
group, floor, instrument and day; the day is judged once it holds at least ``min_trades`` of them
and ``min_quantity`` in total.
"""
from collections import defaultdict
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import DealEvent, TradeEvent

KEY = "wash_trades"
PARAMETERS = {
    "min_trades": Parameter("int", 1, 1, 1000, "", "最少交易笔数", "minimum trades"),
    "min_quantity": Parameter("decimal", Decimal("0"), Decimal("0"), Decimal("1000000"), "",
                              "最低合计数量", "minimum total quantity"),
}


def detect(events, context, parameters):
    """One finding per control group, floor, instrument and day with enough trades inside the group."""
    limits = settings(PARAMETERS, parameters)
    gathered = defaultdict(list)
    for event in events:
        if _inside_one_group(event, context):
            instrument = event.instrument if isinstance(event, TradeEvent) else event.commodity
            day = evidence.market_day(event.at)
            gathered[(context.group_of(event.seller), event.floor, instrument, day)].append(event)
    findings = []
    for (group, floor, instrument, day), trades in sorted(gathered.items(), key=lambda item: str(item[0])):
        quantity = sum((trade.quantity for trade in trades), Decimal(0))
        if len(trades) >= limits["min_trades"] and quantity >= limits["min_quantity"]:
            findings.append(_finding(group, floor, instrument, day, trades, quantity, limits, context))
    return findings


def _inside_one_group(event, context):
    if isinstance(event, TradeEvent):
        return context.group_of(event.buyer) == context.group_of(event.seller)
    if isinstance(event, DealEvent) and event.source != "trade":
        return context.group_of(event.buyer) == context.group_of(event.seller)
    return False


def _finding(group, floor, instrument, day, trades, quantity, limits, context):
    trades = evidence.in_order(trades)
    parties = sorted({trade.buyer for trade in trades} | {trade.seller for trade in trades})
    unit = trades[0].unit
    count, total = len(trades), evidence.figure(quantity)
    limit = limits["min_trades"]
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(evidence.identity(trade) for trade in trades)),
        subject=trades[0].seller,
        subjects=tuple(parties),
        at=trades[-1].at,
        sentence_zh=(f"{day.isoformat()} {instrument} 同一控制关系企业（{evidence.names(context, parties, 'zh')}）"
                     f"之间成交 {count} 笔、合计 {total} {unit}，阈值 {limit} 笔"),
        sentence_en=(f"{count} {'trade' if count == 1 else 'trades'} of {total} {unit} in {instrument} on "
                     f"{day.isoformat()} between enterprises of one control group "
                     f"({evidence.names(context, parties, 'en')}), limit {limit} {'trade' if limit == 1 else 'trades'}"),
        measures={"trades": count, "quantity": str(quantity), "unit": unit, "group": group,
                  "limit_trades": limit, "day": day.isoformat()},
        rows=evidence.rows(trades),
        floor=floor,
        instrument=instrument,
        severity="high" if count >= 3 * limit else "medium",
        score=min(100, 50 + 10 * count),
    )
