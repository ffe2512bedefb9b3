"""What a finding carries: the rows it saw as plain JSON, a stable key, and numbers written for sentences.

Pure. Rows keep every field of the event (times as ISO text, quantities as exact text) so an alert
frozen from them still reads the same after the stored data changes.
"""
import dataclasses
import hashlib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from marketplace.oversight.surveillance import events as market

KINDS = {
    market.OrderEvent: "order", market.TradeEvent: "trade", market.DealEvent: "deal",
    market.PaymentEvent: "payment", market.MovementEvent: "movement", market.BidEvent: "bid",
}
SHANGHAI_OFFSET = timedelta(hours=8)
IDENTITIES = {"order": "order", "trade": "trade", "deal": "reference", "payment": "reference",
              "movement": "reference", "bid": "auction"}


def row(event):
    """The event as a JSON-ready dict with its ``kind``."""
    fields = {"kind": KINDS[type(event)]}
    for item in dataclasses.fields(event):
        fields[item.name] = _plain(getattr(event, item.name))
    return fields


def rows(events):
    """Rows of ``events`` in time order, ties by identity, so the same events give the same rows."""
    return tuple(row(event) for event in in_order(events))


def in_order(events):
    """``events`` by time, ties broken by identity, then by every field: the order never depends on how they arrived."""
    placed = sorted(((_place(event), event) for event in events), key=lambda item: item[0])
    ordered, start = [], 0
    while start < len(placed):
        stop = start + 1
        while stop < len(placed) and placed[stop][0] == placed[start][0]:
            stop += 1
        tied = [event for _place_of, event in placed[start:stop]]
        ordered += tied if len(tied) == 1 else sorted(tied, key=repr)
        start = stop
    return ordered


def _place(event):
    kind = KINDS[type(event)]
    own = getattr(event, IDENTITIES[kind])
    return event.at, kind, own, getattr(event, "action", ""), getattr(event, "enterprise", "")


def finding_key(detector, *parts):
    """A key for the finding that stays the same when the same rows are seen again (≤ 64 characters)."""
    text = "\x1f".join(sorted(str(part) for part in parts))
    return f"{detector[:20]}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def identity(event):
    """The id of the event's own record (order, trade, deal reference, …) plus its kind and time."""
    kind = KINDS[type(event)]
    own = getattr(event, IDENTITIES[kind])
    if kind == "order":
        return f"order:{own}:{event.action}:{event.at.isoformat()}"
    if kind == "bid":
        return f"bid:{own}:{event.enterprise}:{event.at.isoformat()}"
    return f"{kind}:{own}:{event.at.isoformat()}"


def market_day(moment):
    """The Shanghai calendar day of an instant (UTC+8, no daylight saving): the day a market reports by."""
    if moment.tzinfo is None:
        return (moment + SHANGHAI_OFFSET).date()
    return (moment.astimezone(timezone.utc) + SHANGHAI_OFFSET).date()


def duration(seconds):
    """How long, as a sentence says it: seconds under a minute, minutes under an hour, else hours. :return: (zh, en)."""
    if seconds < 60:
        return f"{int(seconds)} 秒", f"{int(seconds)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} 分钟", f"{round(seconds / 60)} min"
    hours = figure(round(Decimal(str(seconds)) / 3600, 1))
    return f"{hours} 小时", f"{hours} h"


def figure(number):
    """A Decimal or int written without trailing zeros, thousands grouped (40, 12.5, 1,250)."""
    value = Decimal(str(number)).normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def percent(share):
    """A fraction in [0, 1] (or above) as a whole percentage, rounded half up (0.915 → 92)."""
    return int((Decimal(str(share)) * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def money(amount_minor, currency):
    """Minor units as major with two decimals and the currency (1,250.00 CNY)."""
    return f"{Decimal(amount_minor) / 100:,.2f} {currency}"


def names(context, enterprises, language):
    """Display names of ``enterprises`` in ``language`` (zh | en), or their ids, joined for a sentence."""
    index = 0 if language == "zh" else 1
    shown = []
    for enterprise in enterprises:
        known = context.names.get(enterprise)
        shown.append(known[index] if known else enterprise)
    return ("、" if language == "zh" else ", ").join(shown)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
