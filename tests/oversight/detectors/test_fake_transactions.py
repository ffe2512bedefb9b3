"""刷单: a seller's deals with its own group, money paid back and nothing shipped alert; real sales do not."""
from marketplace.oversight.surveillance.detectors import fake_transactions

from tests.oversight.detectors.market import context, deal, movement, payment

DAY = 86_400
GROUP = context({"shop": "grp", "friend_1": "grp", "friend_2": "grp"})


def _staged(buyers, returned=True, shipped=False):
    events = []
    for n, buyer in enumerate(buyers):
        events += [deal(DAY * n, f"o{n}", buyer, "shop", 1, 99_900, source="catalog"),
                   payment(DAY * n + 60, f"o{n}", buyer, "shop", 99_900)]
        if returned:
            events.append(payment(DAY * n + 3600, f"o{n}", "shop", buyer, 99_900, direction="out"))
        if shipped:
            events.append(movement(DAY * n + 7200, f"o{n}"))
    return events + [payment(30 * DAY, "later", "x", "y", 1)]


def test_four_orders_from_the_sellers_own_group_paid_back_and_never_shipped_raise_a_finding():
    [finding] = fake_transactions.detect(_staged(["friend_1", "friend_2"] * 2), GROUP, {})

    assert finding.subject == "shop" and finding.severity == "high"
    assert finding.sentence_en == ("4 deals of shop with 2 buyer(s), 3,996.00 CNY in all, look staged: 4 with linked "
                                   "parties, 4 with the money paid back, 4 without any movement of goods; limit 3 deals")
    assert "疑似刷单" in finding.sentence_zh and "阈值 3 笔" in finding.sentence_zh


def test_strangers_buying_paying_and_receiving_the_goods_raise_nothing():
    events = _staged(["c1", "c2", "c3", "c4"], returned=False, shipped=True)

    assert fake_transactions.detect(events, GROUP, {}) == []


def test_orders_still_within_the_shipping_grace_are_not_yet_called_unshipped():
    events = _staged(["c1", "c2", "c3", "c4"], returned=True)[:-1]

    assert fake_transactions.detect(events, GROUP, {}) == []
