"""The ledger's invariants, for any amounts and any order of movements (pure: no database)."""
from collections import defaultdict

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from marketplace.escrow import rules
from marketplace.escrow.rules import EscrowRuleBroken, Position
from marketplace.ledger import postings
from marketplace.ledger.postings import Account, AccountKind, Posting, Unbalanced, check_balanced

BUYER, SELLER = "ent_buyer", "ent_seller"
amounts = st.integers(min_value=1, max_value=10**12)
currencies = st.sampled_from(["CNY", "USD", "EUR"])


def totals(lines):
    summed = defaultdict(int)
    for posting in lines:
        summed[posting.currency] += posting.amount
    return summed


@st.composite
def movements(draw):
    """One posting builder called with amounts it accepts."""
    amount, currency = draw(amounts), draw(currencies)
    choice = draw(st.sampled_from(["capture", "capture_unowed", "release", "refund", "refund_available",
                                   "payout_started", "payout_paid", "payout_returned"]))
    if choice == "release":
        return postings.release(BUYER, SELLER, amount, draw(st.integers(0, amount)), currency)
    if choice == "refund_available":
        return postings.refund(BUYER, amount, currency, source=AccountKind.AVAILABLE)
    if choice in ("capture", "capture_unowed", "refund"):
        return getattr(postings, choice)(BUYER, amount, currency)
    if choice == "payout_paid":
        return postings.payout_paid(amount, currency)
    return getattr(postings, choice)(SELLER, amount, currency)


@given(movements())
def test_every_movement_balances_in_its_currency(lines):
    assert set(totals(lines).values()) == {0}
    assert all(isinstance(p.amount, int) and p.amount != 0 for p in lines)
    assert check_balanced(lines) is lines


@given(st.lists(st.tuples(st.sampled_from(list(AccountKind)), st.integers(-10**9, 10**9), currencies), min_size=1,
                max_size=8))
def test_postings_that_do_not_sum_to_zero_in_some_currency_are_refused(raw):
    lines = [Posting(Account(kind, None if kind in postings.PLATFORM_KINDS else BUYER), amount, currency)
             for kind, amount, currency in raw]
    assume(any(totals(lines).values()) or any(p.amount == 0 for p in lines))

    with pytest.raises(Unbalanced):
        check_balanced(lines)


@given(amounts, currencies)
def test_fractional_empty_and_boolean_postings_are_refused(amount, currency):
    account = Account(AccountKind.GATEWAY_CLEARING)
    with pytest.raises(Unbalanced):
        check_balanced([])
    with pytest.raises(Unbalanced):
        check_balanced([Posting(account, amount + 0.5, currency), Posting(account, -amount - 0.5, currency)])
    with pytest.raises(Unbalanced):
        check_balanced([Posting(account, True, currency), Posting(account, -1, currency)])


@given(amounts, st.integers(min_value=1, max_value=10**6), currencies)
def test_a_fee_above_the_release_is_refused(gross, extra, currency):
    with pytest.raises(Unbalanced):
        postings.release(BUYER, SELLER, gross, gross + extra, currency)


class Books:
    """Postings applied to account sums, beside the escrow Position the services derive from them."""

    def __init__(self):
        self.sums = defaultdict(int)
        self.position = Position()

    def post(self, lines):
        for posting in check_balanced(lines):
            self.sums[(posting.account.code, posting.currency)] += posting.amount

    def shown(self, kind, owner=None):
        account = Account(kind, owner)
        return postings.shown_balance(kind, self.sums[(account.code, "CNY")])

    def move(self, step, amount, fee_per_cent):
        """Try one movement; the Position refuses what the escrow cannot do, and then nothing is posted."""
        try:
            if step == "capture":
                self.position = self.position.after(captured=amount)
                self.post(postings.capture(BUYER, amount, "CNY"))
            elif step == "release":
                fee = amount * fee_per_cent // 100
                self.position = self.position.after(released=amount, fee=fee)
                self.post(postings.release(BUYER, SELLER, amount, fee, "CNY"))
            elif step == "refund":
                self.position = self.position.after(refunded=amount)
                self.post(postings.refund(BUYER, amount, "CNY"))
            elif amount <= self.shown(AccountKind.PAYABLE, SELLER):
                self.post(postings.payout_started(SELLER, amount, "CNY"))
                self.post(postings.payout_paid(amount, "CNY"))
            else:
                return False
        except EscrowRuleBroken:
            return False
        return True


# Each step asks for an amount: any at all (often more than the escrow holds), or a share of what it holds.
steps = st.lists(st.tuples(st.sampled_from(["capture", "release", "refund", "payout"]),
                           st.one_of(st.integers(1, 10**9), st.integers(1, 100).map(lambda per_cent: -per_cent)),
                           st.integers(0, 100)), max_size=40)


@given(steps)
def test_no_sequence_of_movements_overdraws_the_escrow_or_pays_out_more_than_came_in(sequence):
    books = Books()
    for step, asked, fee_per_cent in sequence:
        amount = asked if asked > 0 else max(books.position.held * -asked // 100, 1)
        before = books.position
        if not books.move(step, amount, fee_per_cent):
            assert books.position == before
        position = books.position
        assert position.check() is position
        assert 0 <= position.released + position.refunded <= position.captured
        assert books.shown(AccountKind.IN_ESCROW, BUYER) == position.held >= 0
        assert books.shown(AccountKind.PAYABLE, SELLER) >= 0
        assert books.shown(AccountKind.FEE_INCOME) == position.fee_taken <= position.released
        assert books.shown(AccountKind.GATEWAY_CLEARING) >= 0
        assert sum(books.sums.values()) == 0


@given(st.integers(1, 10**10), st.integers(0, 10**4), st.lists(st.integers(1, 10**4), min_size=1, max_size=12))
def test_deliveries_release_exactly_what_was_paid_and_the_whole_fee_once_all_arrived(due, fee_per_10k, parts):
    fee = rules.share(due, fee_per_10k, 10**4)
    quantity, delivered, position = sum(parts), 0, Position(captured=due)
    for part in parts:
        delivered += part
        gross, fee_now = rules.release_for_delivery(due, fee, quantity, delivered, position)
        if gross:
            check_balanced(postings.release(BUYER, SELLER, gross, fee_now, "CNY"))
        position = position.after(released=gross, fee=fee_now)

    assert (position.released, position.fee_taken, position.held) == (due, fee, 0)


@given(st.integers(1, 10**10), st.integers(0, 10**4), st.data())
def test_a_dispute_split_never_takes_more_than_is_held(held, fee_left, data):
    refund = data.draw(st.integers(0, held))

    refunded, gross, fee = rules.split(held, fee_left, refund)

    assert refunded + gross == held and 0 <= fee
    position = Position(captured=held).after(refunded=refunded, released=gross, fee=min(fee, gross))
    assert position.held == 0
