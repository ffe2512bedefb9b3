"""Abnormal volume: an instrument trades far more than its own history on a day, and one enterprise
makes a large share of it.

An instrument's day volume is compared with the mean of its previous ``history_days`` trading days
(at least ``min_history_days`` of them must be in the events, or the day is not judged); from
``multiple`` times that mean, every enterprise that bought or sold at least ``min_share_percent`` of
the day's volume is named in a finding of its own.
"""
from collections import defaultdict
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import TradeEvent

KEY = "abnormal_volume"
PARAMETERS = {
    "multiple": Parameter("decimal", Decimal("5"), Decimal("1.5"), Decimal("100"), "×",
                          "相对历史均量倍数", "times the usual volume"),
    "history_days": Parameter("days", 20, 3, 250, "d", "历史交易日数", "trading days of history"),
    "min_history_days": Parameter("days", 5, 1, 250, "d", "最少历史交易日", "fewest trading days of history"),
    "min_share_percent": Parameter("percent", Decimal("40"), Decimal("1"), Decimal("100"), "%",
                                   "企业成交占比下限", "minimum share of one enterprise"),
}


def detect(events, context, parameters):
    """One finding per enterprise with a large share of an instrument's abnormally large day."""
    limits = settings(PARAMETERS, parameters)
    days = defaultdict(lambda: defaultdict(list))
    for event in evidence.in_order(event for event in events if isinstance(event, TradeEvent)):
        days[(event.floor, event.instrument)][evidence.market_day(event.at)].append(event)
    findings = []
    for (floor, instrument), by_day in sorted(days.items()):
        ordered = sorted(by_day)
        volumes = [sum((trade.quantity for trade in by_day[day]), Decimal(0)) for day in ordered]
        for index, day in enumerate(ordered):
            history = volumes[max(0, index - limits["history_days"]):index]
            if len(history) < limits["min_history_days"]:
                continue
            usual = sum(history, Decimal(0)) / len(history)
            if usual and volumes[index] >= limits["multiple"] * usual:
                findings.extend(_findings(floor, instrument, day, by_day[day], volumes[index], usual, len(history),
                                          limits, context))
    return findings


def _findings(floor, instrument, day, trades, volume, usual, history, limits, context):
    traded = defaultdict(Decimal)
    for trade in trades:
        traded[trade.buyer] += trade.quantity
        if trade.seller != trade.buyer:
            traded[trade.seller] += trade.quantity
    for enterprise in sorted(traded):
        share = traded[enterprise] / volume
        if share * 100 >= limits["min_share_percent"]:
            mine = [trade for trade in trades if enterprise in (trade.buyer, trade.seller)]
            yield _finding(floor, instrument, day, enterprise, mine, volume, usual, share, history, limits, context)


def _finding(floor, instrument, day, enterprise, mine, volume, usual, share, history, limits, context):
    unit, ratio = mine[0].unit, evidence.figure(round(volume / usual, 1))
    shown, limit = evidence.percent(share), evidence.figure(limits["multiple"])
    usual_shown, volume_shown = evidence.figure(round(usual, 1)), evidence.figure(volume)
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, floor, instrument, day.isoformat(), enterprise),
        subject=enterprise,
        subjects=(enterprise,),
        at=mine[-1].at,
        sentence_zh=(f"{day.isoformat()} {instrument} 成交 {volume_shown} {unit}，为前 {history} 个交易日均量 "
                     f"{usual_shown} {unit} 的 {ratio} 倍（阈值 {limit} 倍），其中 "
                     f"{evidence.names(context, [enterprise], 'zh')} 占 {shown}%"),
        sentence_en=(f"{instrument} traded {volume_shown} {unit} on {day.isoformat()}, {ratio} × its mean of "
                     f"{usual_shown} {unit} over the previous {history} trading days (limit {limit} ×); "
                     f"{evidence.names(context, [enterprise], 'en')} made {shown} % of it"),
        measures={"volume": str(volume), "usual": str(round(usual, 3)), "ratio": str(ratio), "unit": unit,
                  "share_percent": shown, "history_days": history, "limit_multiple": limit},
        rows=evidence.rows(mine),
        floor=floor,
        instrument=instrument,
        severity="high" if volume >= 2 * limits["multiple"] * usual else "medium",
        score=min(100, 40 + shown // 2),
    )
