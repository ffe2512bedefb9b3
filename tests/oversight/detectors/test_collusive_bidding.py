"""Collusive bidding: shared deposits, cover bids and rotating rings alert; open competition does not."""
from marketplace.oversight.surveillance.detectors import collusive_bidding

from tests.oversight.detectors.market import bid, context


def _patterns(findings):
    return sorted(finding.measures["pattern"] for finding in findings)


def test_two_bidders_paying_deposits_from_one_account_raise_a_finding():
    events = [bid(0, "auc1", "a", 100, account="acct-9"), bid(5, "auc1", "b", 101, account="acct-9", won=True),
              bid(9, "auc1", "c", 99, account="acct-3")]

    [finding] = collusive_bidding.detect(events, context(), {})

    assert finding.subjects == ("a", "b") and finding.sentence_en == (
        "2 bidders in auction auc1 (a, b) paid their deposits from one account, limit 2")


def test_a_winner_whose_only_rival_is_in_its_own_group_is_covered():
    events = [bid(0, "auc1", "winner", 120, won=True), bid(3, "auc1", "sister", 100)]

    findings = collusive_bidding.detect(events, context({"winner": "g", "sister": "g"}), {})

    assert _patterns(findings) == ["cover"] and "cover bids" in findings[0].sentence_en


def test_three_firms_taking_turns_to_win_the_same_tenders_are_a_ring():
    events = [bid(100 * n + k, f"t{n}", member, 100 + k, won=(k == n % 3))
              for n in range(3) for k, member in enumerate(["x", "y", "z"])]

    [finding] = collusive_bidding.detect(events, context(), {})

    assert finding.measures == {"pattern": "rotation", "auctions": 3, "winners": 3, "limit_auctions": 3}
    assert "3 家轮流中标" in finding.sentence_zh


def test_open_competition_with_changing_bidders_and_own_accounts_raises_nothing():
    events = [bid(100 * n + k, f"t{n}", member, 100 + k, won=(k == 0), account=f"acct-{member}")
              for n in range(4) for k, member in enumerate([f"f{n}", f"f{n + 1}", f"f{n + 2}"])]

    assert collusive_bidding.detect(events, context(), {}) == []
