"""Circular trading: goods sold round a ring of 2–6 parties back to where they started.

A ring is a chain of deals in one commodity, each sold on by the previous buyer later than the deal
before it, closing at the first seller within ``window_hours`` of the first deal, every quantity
within ``tolerance_percent`` of the first. Counterparties choose each other in listing, auction and
negotiated deals; a continuous book matches them anonymously, so contracts from book trades (source
"trade") count only with ``include_book_trades`` — there chance pairs back and forth are common and
wash and related matching judge the book. A ring where logistics recorded no movement of goods for
any deal is graver: nothing was ever delivered, only paper went round.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import DealEvent, MovementEvent

KEY = "circular_trading"
PARAMETERS = {
    "window_hours": Parameter("int", 72, 1, 720, "h", "成环时间窗口", "ring closes within"),
    "tolerance_percent": Parameter("percent", Decimal("5"), Decimal("0"), Decimal("50"), "%",
                                   "数量偏差容限", "quantities differ at most by"),
    "min_parties": Parameter("int", 2, 2, 6, "", "最少参与方", "fewest parties in a ring"),
    "max_parties": Parameter("int", 6, 2, 6, "", "最多参与方", "most parties in a ring"),
    "include_book_trades": Parameter("bool", False, label_zh="包括撮合成交合同", label_en="count contracts from book trades"),
}
PATHS_PER_DEAL = 2000  # bounds the search from one deal in a dense market; rings are short and rare


def detect(events, context, parameters):
    """One finding per ring of deals, found from its earliest deal."""
    limits = settings(PARAMETERS, parameters)
    events = tuple(events)  # read twice below
    deals = evidence.in_order(event for event in events if isinstance(event, DealEvent) and event.buyer != event.seller
                              and (limits["include_book_trades"] or event.source != "trade"))
    moved = {event.reference for event in events if isinstance(event, MovementEvent)}
    onward = defaultdict(list)
    for deal in deals:
        onward[(deal.commodity, deal.seller)].append(deal)
    rings = {}
    for first in deals:
        for ring in _rings_from(first, onward, limits):
            rings.setdefault(frozenset(deal.reference for deal in ring), ring)
    findings = [_finding(ring, moved, limits, context) for ring in rings.values()]
    return sorted(findings, key=lambda finding: (finding.at, finding.key))


def _rings_from(first, onward, limits):
    """Chains starting at ``first`` that close at its seller, depth first, at most ``PATHS_PER_DEAL`` tried."""
    deadline = first.at + timedelta(hours=limits["window_hours"])
    tolerance = first.quantity * limits["tolerance_percent"] / 100
    stack, tried = [(first,)], 0
    while stack and tried < PATHS_PER_DEAL:
        chain = stack.pop()
        tried += 1
        last = chain[-1]
        if last.buyer == first.seller:
            if len(chain) >= limits["min_parties"]:
                yield chain
            continue
        if len(chain) >= limits["max_parties"]:
            continue
        sellers = {deal.seller for deal in chain}
        for deal in onward[(first.commodity, last.buyer)]:
            if (deal.at >= last.at and deal.at <= deadline and deal not in chain
                    and abs(deal.quantity - first.quantity) <= tolerance
                    and (deal.buyer == first.seller or deal.buyer not in sellers)):
                stack.append(chain + (deal,))


def _finding(ring, moved, limits, context):
    parties = [deal.seller for deal in ring]
    hours = (ring[-1].at - ring[0].at).total_seconds() / 3600
    spread = (max(deal.quantity for deal in ring) - min(deal.quantity for deal in ring)) / ring[0].quantity
    unmoved = sum(1 for deal in ring if deal.reference not in moved)
    nothing_moved = unmoved == len(ring)
    unit, quantity, commodity = ring[0].unit, evidence.figure(ring[0].quantity), ring[0].commodity
    limit, shown_hours = evidence.figure(limits["tolerance_percent"]), evidence.figure(round(Decimal(hours), 1))
    logistics_zh = "，均无货物移动记录" if nothing_moved else f"，其中 {unmoved} 笔无货物移动记录"
    logistics_en = ("; no movement of goods recorded for any of them" if nothing_moved
                    else f"; {unmoved} of them without any movement of goods")
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(deal.reference for deal in ring)),
        subject=parties[0],
        subjects=tuple(sorted(parties)),
        at=ring[-1].at,
        sentence_zh=(f"{len(parties)} 家企业（{evidence.names(context, parties, 'zh')}）在 {shown_hours} 小时内以 "
                     f"{len(ring)} 笔交易将 {quantity} {unit} {commodity} 循环买卖回原卖方，数量偏差 "
                     f"{evidence.percent(spread)}%，容限 {limit}%{logistics_zh}"),
        sentence_en=(f"{len(parties)} enterprises ({evidence.names(context, parties, 'en')}) passed {quantity} {unit} "
                     f"of {commodity} round a ring back to the first seller in {len(ring)} deals within "
                     f"{shown_hours} h, quantities {evidence.percent(spread)} % apart, limit {limit} %{logistics_en}"),
        measures={"parties": len(parties), "deals": len(ring), "hours": str(shown_hours),
                  "quantity": str(ring[0].quantity),
                  "unit": unit, "spread_percent": evidence.percent(spread), "limit_percent": limit,
                  "without_movement": unmoved},
        rows=evidence.rows(ring),
        floor=ring[0].floor,
        instrument=commodity,
        severity="high" if nothing_moved else "medium",
        score=min(100, 50 + 5 * len(parties) + (25 if nothing_moved else 0)),
    )
