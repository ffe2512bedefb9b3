"""Prices far from the reference: trades or deals struck well away from the day's reference price.

A price far off the reference moves value between the two sides (a transfer dressed as a trade) or
marks positions and the index. Per buyer, seller, instrument and Shanghai day, the trades and deals
whose unit price differs from the context's reference price for that instrument and day by at least
``max_deviation_percent`` alert; an instrument without a reference price that day is not judged.
"""
from collections import defaultdict
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import DealEvent, TradeEvent

KEY = "off_reference_price"
PARAMETERS = {
    "max_deviation_percent": Parameter("percent", Decimal("10"), Decimal("0.5"), Decimal("100"), "%",
                                       "偏离参考价上限", "largest deviation from the reference"),
    "min_quantity": Parameter("decimal", Decimal("0"), Decimal("0"), Decimal("1000000"), "",
                              "最低合计数量", "minimum total quantity"),
}


def detect(events, context, parameters):
    """One finding per pair of enterprises, instrument and day with prices far off the reference."""
    limits = settings(PARAMETERS, parameters)
    far = defaultdict(list)
    for event in events:
        priced = _unit_price(event)
        if priced is None:
            continue
        instrument, price = priced
        day = evidence.market_day(event.at)
        reference = context.reference_prices.get((instrument, day))
        if not reference:
            continue
        deviation = (price - Decimal(reference)) / Decimal(reference)
        if abs(deviation) * 100 >= limits["max_deviation_percent"]:
            far[(event.buyer, event.seller, instrument, day)].append((event, price, deviation))
    findings = []
    for (buyer, seller, instrument, day), seen in sorted(far.items(), key=lambda item: str(item[0])):
        quantity = sum((event.quantity for event, _price, _deviation in seen), Decimal(0))
        if quantity >= limits["min_quantity"]:
            reference = context.reference_prices[(instrument, day)]
            findings.append(_finding(buyer, seller, instrument, day, seen, quantity, reference, limits, context))
    return findings


def _unit_price(event):
    """(instrument, price per unit in minor units) of a trade or an off-book deal; None for anything else."""
    if isinstance(event, TradeEvent):
        return event.instrument, Decimal(event.price_minor)
    if isinstance(event, DealEvent) and event.source != "trade" and event.quantity > 0:
        return event.commodity, Decimal(event.amount_minor) / event.quantity
    return None


def _finding(buyer, seller, instrument, day, seen, quantity, reference, limits, context):
    event, price, deviation = max(seen, key=lambda item: (abs(item[2]), evidence.identity(item[0])))
    unit, currency, shown = event.unit, event.currency, evidence.figure(round(deviation * 100, 1))
    limit, count = evidence.figure(limits["max_deviation_percent"]), len(seen)
    parties = [buyer, seller]
    worst, base = evidence.money(int(price), currency), evidence.money(int(reference), currency)
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *(evidence.identity(item[0]) for item in seen)),
        subject=seller if deviation < 0 else buyer,
        subjects=tuple(sorted(set(parties))),
        at=max(item[0].at for item in seen),
        sentence_zh=(f"{day.isoformat()} {evidence.names(context, [seller], 'zh')} 向 "
                     f"{evidence.names(context, [buyer], 'zh')} 出售 {instrument} {count} 笔、{evidence.figure(quantity)} "
                     f"{unit}，成交价最高偏离参考价（{base}/{unit}）{shown}%，为 {worst}/{unit}，阈值 {limit}%"),
        sentence_en=(f"{count} deal(s) of {evidence.figure(quantity)} {unit} of {instrument} from "
                     f"{evidence.names(context, [seller], 'en')} to {evidence.names(context, [buyer], 'en')} on "
                     f"{day.isoformat()} at up to {worst}/{unit}, {shown} % from the reference {base}/{unit}, "
                     f"limit {limit} %"),
        measures={"deviation_percent": str(shown), "price_minor": int(price), "reference_minor": int(reference),
                  "currency": currency, "quantity": str(quantity), "unit": unit, "deals": count,
                  "limit_percent": limit},
        rows=evidence.rows([item[0] for item in seen]),
        floor=event.floor,
        instrument=instrument,
        severity="high" if abs(deviation) * 100 >= 2 * limits["max_deviation_percent"] else "medium",
        score=min(100, 40 + int(abs(deviation) * 100)),
    )
