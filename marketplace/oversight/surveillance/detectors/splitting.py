"""Splitting: payments or orders cut into pieces just under a threshold, so each stays below what
triggers a review or a report.

Payments between the same payer and payee, or new orders of one enterprise in one instrument and
side, whose amount (an order's: price × quantity) falls within ``band_percent`` under
``threshold_minor`` count; ``min_count`` of them within ``window_hours`` that together pass the
threshold alert.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import OrderEvent, PaymentEvent

KEY = "splitting"
PARAMETERS = {
    "threshold_minor": Parameter("minor", 5_000_000, 100, 10_000_000_000, "分", "金额阈值", "threshold amount"),
    "band_percent": Parameter("percent", Decimal("10"), Decimal("0.1"), Decimal("50"), "%",
                              "阈值下方区间", "band just under the threshold"),
    "min_count": Parameter("int", 3, 2, 1000, "", "最少笔数", "minimum pieces"),
    "window_hours": Parameter("int", 24, 1, 720, "h", "时间窗口", "within"),
}


def detect(events, context, parameters):
    """One finding per run of pieces just under the threshold between the same parties."""
    limits = settings(PARAMETERS, parameters)
    ceiling = Decimal(limits["threshold_minor"])
    floor = ceiling * (1 - limits["band_percent"] / 100)
    pieces = defaultdict(list)
    for event in evidence.in_order(events):
        placed = _piece(event)
        if placed is not None and floor <= placed[1] < ceiling:
            pieces[placed[0]].append((event, placed[1]))
    findings = []
    for place, run in sorted(pieces.items(), key=lambda item: str(item[0])):
        findings.extend(_finding(place, cluster, limits, context) for cluster in _clusters(run, limits))
    return findings


def _piece(event):
    """(where it belongs, amount in minor units) for a payment or a new order; None otherwise."""
    if isinstance(event, PaymentEvent) and event.direction == "in":
        return ("payment", event.payer, event.payee, event.currency), Decimal(event.amount_minor)
    if isinstance(event, OrderEvent) and event.action == "new":
        notional = event.price_minor * event.quantity
        return ("order", event.enterprise, event.instrument, event.side, event.currency), notional
    return None


def _clusters(run, limits):
    """Runs of pieces inside one window, each piece in at most one, that reach the count and pass the threshold."""
    start = 0
    while start < len(run):
        ends = run[start][0].at + timedelta(hours=limits["window_hours"])
        stop = start
        while stop < len(run) and run[stop][0].at <= ends:
            stop += 1
        cluster = run[start:stop]
        total = sum(amount for _event, amount in cluster)
        if len(cluster) >= limits["min_count"] and total >= limits["threshold_minor"]:
            yield cluster
            start = stop
        else:
            start += 1


def _finding(place, cluster, limits, context):
    kind, currency = place[0], place[-1]
    first = cluster[0][0]
    who = [first.payer, first.payee] if kind == "payment" else [first.enterprise]
    total = sum(amount for _event, amount in cluster)
    seconds = (cluster[-1][0].at - first.at).total_seconds()
    hours = evidence.figure(round(Decimal(str(seconds)) / 3600, 1))
    took_zh, took_en = evidence.duration(seconds)
    low, high = min(amount for _event, amount in cluster), max(amount for _event, amount in cluster)
    threshold, count = evidence.money(limits["threshold_minor"], currency), len(cluster)
    span = f"{evidence.money(int(low), currency)} – {evidence.money(int(high), currency)}"
    what_zh = (f"{evidence.names(context, [who[0]], 'zh')} 向 {evidence.names(context, [who[1]], 'zh')} 付款"
               if kind == "payment" else f"{evidence.names(context, who, 'zh')} 在 {first.instrument} 申报")
    what_en = (f"payments from {evidence.names(context, [who[0]], 'en')} to {evidence.names(context, [who[1]], 'en')}"
               if kind == "payment" else f"orders of {evidence.names(context, who, 'en')} in {first.instrument}")
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(evidence.identity(event) for event, _amount in cluster)),
        subject=who[0],
        subjects=tuple(sorted(set(who))),
        at=cluster[-1][0].at,
        sentence_zh=(f"{what_zh} {count} 笔，{took_zh}内完成，每笔 {span}，均略低于阈值 {threshold}，"
                     f"合计 {evidence.money(int(total), currency)}，最少笔数 {limits['min_count']}"),
        sentence_en=(f"{count} {what_en} within {took_en}, each {span}, just under the threshold {threshold}, "
                     f"together {evidence.money(int(total), currency)}; limit {limits['min_count']} pieces"),
        measures={"pieces": count, "total_minor": int(total), "currency": currency, "hours": str(hours),
                  "threshold_minor": limits["threshold_minor"], "kind": kind, "limit_pieces": limits["min_count"]},
        rows=evidence.rows([event for event, _amount in cluster]),
        floor=getattr(first, "floor", None),
        instrument=getattr(first, "instrument", None),
        severity="high" if count >= 2 * limits["min_count"] else "medium",
        score=min(100, 40 + 8 * count),
    )
