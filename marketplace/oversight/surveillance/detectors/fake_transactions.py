"""Fake transactions to inflate reputation (刷单): a seller's deals with buyers it is linked to, whose
money comes back and whose goods never move.

Each deal carries up to three signs: the buyer is in the seller's control group or related to it;
money reaching the buyer on that deal (a refund, or a payment from the seller) makes at least
``return_percent`` of the amount; no movement of goods was recorded although the deal is older than
``grace_days`` (judged against the latest event seen). A deal with ``min_signals`` signs is
suspect; a seller with ``min_deals`` suspect deals alerts.
"""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import DealEvent, MovementEvent, PaymentEvent

KEY = "fake_transactions"
PARAMETERS = {
    "min_deals": Parameter("int", 3, 1, 1000, "", "最少可疑交易笔数", "minimum suspect deals"),
    "min_signals": Parameter("int", 2, 1, 3, "", "每笔最少可疑特征", "signs a deal needs"),
    "return_percent": Parameter("percent", Decimal("80"), Decimal("1"), Decimal("100"), "%",
                                "资金回流比例", "share of the money paid back"),
    "grace_days": Parameter("days", 7, 0, 90, "d", "物流宽限天数", "days allowed before goods move"),
}


def detect(events, context, parameters):
    """One finding per seller with enough suspect deals."""
    limits = settings(PARAMETERS, parameters)
    events = evidence.in_order(events)
    if not events:
        return []
    moved = {event.reference for event in events if isinstance(event, MovementEvent)}
    returned = defaultdict(int)
    for event in events:
        if isinstance(event, PaymentEvent) and event.payer != event.payee:
            returned[(event.reference, event.payee)] += event.amount_minor
    cutoff = events[-1].at - timedelta(days=limits["grace_days"])
    suspect = defaultdict(list)
    for deal in (event for event in events if isinstance(event, DealEvent) and event.source != "trade"):
        signs = _signs(deal, context, moved, returned, cutoff, limits)
        if len(signs) >= limits["min_signals"]:
            suspect[deal.seller].append((deal, signs))
    findings = []
    for seller, deals in sorted(suspect.items()):
        if len(deals) >= limits["min_deals"]:
            findings.append(_finding(seller, deals, events, limits, context))
    return findings


def _signs(deal, context, moved, returned, cutoff, limits):
    """Which of linked, money_returned, no_movement the deal shows."""
    signs = []
    if context.group_of(deal.buyer) == context.group_of(deal.seller) or context.are_related(deal.buyer, deal.seller):
        signs.append("linked")
    back = returned[(deal.reference, deal.buyer)]
    if deal.amount_minor and back * 100 >= limits["return_percent"] * deal.amount_minor:
        signs.append("money_returned")
    if deal.reference not in moved and deal.at <= cutoff:
        signs.append("no_movement")
    return tuple(signs)


def _finding(seller, deals, events, limits, context):
    references = {deal.reference for deal, _signs in deals}
    buyers = sorted({deal.buyer for deal, _signs in deals})
    counts = {sign: sum(1 for _deal, signs in deals if sign in signs)
              for sign in ("linked", "money_returned", "no_movement")}
    currency = deals[0][0].currency
    amount = evidence.money(sum(deal.amount_minor for deal, _signs in deals), currency)
    count, limit = len(deals), limits["min_deals"]
    seen = [deal for deal, _signs in deals] + [event for event in events if isinstance(event, PaymentEvent)
                                               and event.reference in references]
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, *sorted(references)),
        subject=seller,
        subjects=tuple(sorted({seller, *buyers})),
        at=max(deal.at for deal, _signs in deals),
        sentence_zh=(f"{evidence.names(context, [seller], 'zh')} 与 {len(buyers)} 家买方的 {count} 笔交易（合计 {amount}）"
                     f"疑似刷单：关联方 {counts['linked']} 笔、资金回流 {counts['money_returned']} 笔、"
                     f"无物流记录 {counts['no_movement']} 笔，阈值 {limit} 笔"),
        sentence_en=(f"{count} deals of {evidence.names(context, [seller], 'en')} with {len(buyers)} buyer(s), "
                     f"{amount} in all, look staged: {counts['linked']} with linked parties, "
                     f"{counts['money_returned']} with the money paid back, {counts['no_movement']} without any "
                     f"movement of goods; limit {limit} deals"),
        measures={"deals": count, "buyers": len(buyers), **counts, "limit_deals": limit, "currency": currency},
        rows=evidence.rows(seen),
        floor=deals[0][0].floor,
        instrument=None,
        severity="high" if all(len(signs) == 3 for _deal, signs in deals) else "medium",
        score=min(100, 30 + 5 * count + 5 * sum(counts.values()) // max(1, count)),
    )
