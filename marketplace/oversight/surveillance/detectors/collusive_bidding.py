"""Collusive bidding in auctions and tenders: bid rotation, cover bids and deposits from one account.

Three patterns, each a finding of its own (``measures["pattern"]``):
- deposits: two or more bidders in one auction paid their deposits from the same account;
- cover: the winner and a losing bidder belong to one control group or are related, so the loser
  only made the winner look contested;
- rotation: the same ring of ``min_ring`` or more bidders met in ``min_auctions`` or more auctions
  and the wins went round it (at least ``min_winners`` different winners).
"""
from collections import defaultdict

from marketplace.oversight.surveillance.detectors import Finding, Parameter, evidence, settings
from marketplace.oversight.surveillance.events import BidEvent

KEY = "collusive_bidding"
PARAMETERS = {
    "min_auctions": Parameter("int", 3, 2, 100, "", "同一围标圈最少场次", "auctions the same ring met in"),
    "min_ring": Parameter("int", 3, 2, 20, "", "围标圈最少企业数", "bidders in a ring"),
    "min_winners": Parameter("int", 3, 2, 20, "", "轮流中标最少企业数", "different winners in a rotation"),
    "check_deposits": Parameter("bool", True, label_zh="检查同一账户缴纳保证金", label_en="look for deposits from one account"),
    "check_cover": Parameter("bool", True, label_zh="检查陪标", label_en="look for cover bids"),
}


def detect(events, context, parameters):
    """Findings for shared deposit accounts, cover bids and rotating rings."""
    limits = settings(PARAMETERS, parameters)
    auctions = defaultdict(list)
    for event in evidence.in_order(event for event in events if isinstance(event, BidEvent)):
        auctions[event.auction].append(event)
    findings = []
    for auction, bids in sorted(auctions.items()):
        if limits["check_deposits"]:
            findings.extend(_shared_deposits(bids, context))
        if limits["check_cover"]:
            findings.extend(_cover_bids(bids, context))
    findings.extend(_rotations(auctions, limits, context))
    return findings


def _shared_deposits(bids, context):
    payers = defaultdict(set)
    for bid in bids:
        if bid.deposit_account:
            payers[bid.deposit_account].add(bid.enterprise)
    for account, bidders in sorted(payers.items()):
        if len(bidders) >= 2:
            bidders = sorted(bidders)
            zh = (f"拍卖/招标 {bids[0].auction} 中 {len(bidders)} 家竞买人（{evidence.names(context, bidders, 'zh')}）"
                  f"的保证金来自同一账户，阈值 2 家")
            en = (f"{len(bidders)} bidders in auction {bids[0].auction} ({evidence.names(context, bidders, 'en')}) "
                  f"paid their deposits from one account, limit 2")
            yield _finding("deposits", bidders, [bid for bid in bids if bid.deposit_account == account], zh, en,
                           {"bidders": len(bidders), "account": account, "limit_bidders": 2}, "high")


def _cover_bids(bids, context):
    winners = sorted({bid.enterprise for bid in bids if bid.won})
    for winner in winners:
        covers = sorted({bid.enterprise for bid in bids if not bid.won and bid.enterprise != winner
                         and (context.group_of(bid.enterprise) == context.group_of(winner)
                              or context.are_related(bid.enterprise, winner))})
        if covers:
            zh = (f"拍卖/招标 {bids[0].auction} 中标人 {evidence.names(context, [winner], 'zh')} 与 {len(covers)} 家未中标人"
                  f"（{evidence.names(context, covers, 'zh')}）存在控制或关联关系，疑似陪标，阈值 1 家")
            en = (f"the winner of auction {bids[0].auction}, {evidence.names(context, [winner], 'en')}, is linked to "
                  f"{len(covers)} losing bidder(s) ({evidence.names(context, covers, 'en')}): cover bids, limit 1")
            seen = [bid for bid in bids if bid.enterprise in {winner, *covers}]
            yield _finding("cover", [winner, *covers], seen, zh, en, {"covers": len(covers), "limit_covers": 1}, "high")


def _rotations(auctions, limits, context):
    rings = defaultdict(list)
    for auction, bids in sorted(auctions.items()):
        bidders = frozenset(bid.enterprise for bid in bids)
        winners = {bid.enterprise for bid in bids if bid.won}
        if len(bidders) >= limits["min_ring"] and len(winners) == 1:
            rings[bidders].append((auction, winners.pop()))
    for ring, met in sorted(rings.items(), key=lambda item: sorted(item[0])):
        winners = sorted({winner for _auction, winner in met})
        if len(met) >= limits["min_auctions"] and len(winners) >= limits["min_winners"]:
            members, count = sorted(ring), len(met)
            zh = (f"{len(members)} 家企业（{evidence.names(context, members, 'zh')}）共同参与 {count} 场拍卖/招标，"
                  f"{len(winners)} 家轮流中标，阈值 {limits['min_auctions']} 场")
            en = (f"the same {len(members)} bidders ({evidence.names(context, members, 'en')}) met in {count} auctions "
                  f"and {len(winners)} of them took turns to win, limit {limits['min_auctions']} auctions")
            seen = [bid for auction, _winner in met for bid in auctions[auction]]
            yield _finding("rotation", members, seen, zh, en,
                           {"auctions": count, "winners": len(winners), "limit_auctions": limits["min_auctions"]},
                           "high" if count >= 2 * limits["min_auctions"] else "medium")


def _finding(pattern, subjects, bids, sentence_zh, sentence_en, measures, severity):
    bids = evidence.in_order(bids)
    return Finding(
        detector=KEY,
        key=evidence.finding_key(KEY, pattern, *(evidence.identity(bid) for bid in bids)),
        subject=subjects[0],
        subjects=tuple(sorted(set(subjects))),
        at=bids[-1].at,
        sentence_zh=sentence_zh,
        sentence_en=sentence_en,
        measures={"pattern": pattern, **measures},
        rows=evidence.rows(bids),
        floor=bids[0].floor,
        instrument=None,
        severity=severity,
        score=80 if severity == "high" else 60,
    )
