"""Spoofing and layering: large orders on one side, cancelled within seconds after a fill on the other.

The spoofer rests a large order (or several at different prices: layering) to move others, gets its
real order on the opposite side filled, then takes the large ones away. For every fill of an
enterprise's order, its opposite-side orders placed before the fill and cancelled within
``window_seconds`` after it are weighed: the share cancelled of what they asked must reach
``min_cancel_percent`` and what they asked must be at least ``size_multiple`` times the fill (and
``min_order_quantity``). Cancelled orders on ``layering_levels`` or more price levels are layering.
"""
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import OrderEvent, TradeEvent

KEY = "spoofing"
PARAMETERS = {
    "window_seconds": Parameter("seconds", 10, 1, 600, "s", "成交后撤单时限", "cancelled within"),
    "min_cancel_percent": Parameter("percent", Decimal("50"), Decimal("1"), Decimal("100"), "%",
                                    "最低撤单比例", "minimum share cancelled"),
    "size_multiple": Parameter("decimal", Decimal("3"), Decimal("1"), Decimal("1000"), "×",
                               "撤单量相对成交量倍数", "cancelled orders as a multiple of the fill"),
    "min_order_quantity": Parameter("decimal", Decimal("0"), Decimal("0"), Decimal("1000000"), "",
                                    "最低申报数量", "minimum quantity of the orders"),
    "layering_levels": Parameter("int", 3, 2, 20, "", "分层价位数", "price levels that make layering"),
}
OPPOSITE = {"buy": "sell", "sell": "buy"}


def detect(events, context, parameters):
    """One finding per set of orders cancelled after an opposite fill, per enterprise and instrument."""
    limits = settings(PARAMETERS, parameters)
    events = tuple(events)  # read twice below
    books = defaultdict(list)
    for event in evidence.in_order(event for event in events if isinstance(event, OrderEvent)):
        books[(event.floor, event.instrument, event.enterprise)].append(event)
    fills = _fills(events)
    findings = {}
    for place, orders in sorted(books.items()):
        book = _Book(orders)
        for fill in fills.get(place, ()):
            finding = _judge(fill, book, limits, context)
            if finding is not None and finding.key not in findings:
                findings[finding.key] = finding
    return sorted(findings.values(), key=lambda finding: (finding.at, finding.key))


class _Book:
    """One enterprise's orders in one instrument: where each was placed, and its cancels by time."""

    def __init__(self, orders):
        self.placed = {}
        for order in orders:
            if order.action == "new":
                self.placed.setdefault(order.order, order)
        self.cancels = [order for order in orders if order.action == "cancel" and order.order in self.placed]
        self.times = [cancel.at for cancel in self.cancels]

    def cancelled_between(self, start, end):
        return self.cancels[bisect_left(self.times, start):bisect_right(self.times, end)]


def _fills(events):
    """Fills per (floor, instrument, enterprise) as (at, order, side, quantity, event), from orders and trades."""
    seen, fills = set(), defaultdict(list)
    for event in evidence.in_order(event for event in events if isinstance(event, (OrderEvent, TradeEvent))):
        if isinstance(event, OrderEvent) and event.action == "fill":
            legs = ((event.enterprise, event.order, event.side),)
        elif isinstance(event, TradeEvent):
            legs = ((event.buyer, event.buy_order, "buy"), (event.seller, event.sell_order, "sell"))
        else:
            continue
        for enterprise, order, side in legs:
            if (order, event.at, event.quantity) not in seen:
                seen.add((order, event.at, event.quantity))
                fill = (event.at, order, side, event.quantity, event)
                fills[(event.floor, event.instrument, enterprise)].append(fill)
    return fills


def _judge(fill, book, limits, context):
    at, _order, side, filled, fill_event = fill
    deadline = at + timedelta(seconds=limits["window_seconds"])
    placed = book.placed
    cancels = [cancel for cancel in book.cancelled_between(at, deadline)
               if placed[cancel.order].side == OPPOSITE[side] and placed[cancel.order].at <= at]
    if not cancels:
        return None
    cancelled_orders = {cancel.order for cancel in cancels}
    asked = sum((placed[order].quantity for order in cancelled_orders), Decimal(0))
    cancelled = sum((cancel.quantity for cancel in cancels), Decimal(0))
    share = cancelled / asked if asked else Decimal(0)
    if share * 100 < limits["min_cancel_percent"]:
        return None
    if asked < limits["min_order_quantity"] or asked < limits["size_multiple"] * filled:
        return None
    levels = len({placed[order].price_minor for order in cancelled_orders})
    seen = [placed[order] for order in cancelled_orders] + cancels + [fill_event]
    return _finding(fill_event, side, filled, asked, share, levels, cancels, seen, limits, context)


def _finding(fill_event, side, filled, asked, share, levels, cancels, seen, limits, context):
    enterprise = cancels[0].enterprise
    seconds = int((max(cancel.at for cancel in cancels) - fill_event.at).total_seconds())
    unit, limit, shown = cancels[0].unit, evidence.figure(limits["min_cancel_percent"]), evidence.percent(share)
    layering = levels >= limits["layering_levels"]
    side_zh = "买入" if side == "buy" else "卖出"
    layers_zh = f"，分布于 {levels} 个价位（分层）" if layering else ""
    layers_en = f" on {levels} price levels (layering)" if layering else ""
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *sorted(cancel.order for cancel in cancels)),
        subject=enterprise,
        subjects=(enterprise,),
        at=max(cancel.at for cancel in cancels),
        sentence_zh=(f"{evidence.names(context, [enterprise], 'zh')} 在 {fill_event.instrument} {side_zh}成交 "
                     f"{evidence.figure(filled)} {unit} 后 {seconds} 秒内撤销反向申报 {evidence.figure(asked)} {unit} "
                     f"中的 {shown}%{layers_zh}，阈值 {limit}%"),
        sentence_en=(f"{evidence.names(context, [enterprise], 'en')} cancelled {shown} % of {evidence.figure(asked)} "
                     f"{unit} within {seconds} s after a {side} fill of {evidence.figure(filled)} {unit} in "
                     f"{fill_event.instrument}{layers_en}, limit {limit} %"),
        measures={"cancelled_percent": shown, "asked": str(asked), "filled": str(filled), "unit": unit,
                  "seconds": seconds, "levels": levels, "limit_percent": limit},
        rows=evidence.rows(seen),
        floor=fill_event.floor,
        instrument=fill_event.instrument,
        severity="high" if layering else "medium",
        score=min(100, 40 + shown // 2 + (10 if layering else 0)),
    )
