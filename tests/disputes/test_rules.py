"""The pure dispute rules: when a dispute opens, what a decision pays, who won, which files are kept."""
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.disputes import rules
from marketplace.disputes.rules import Decision, Party, Reason, Refused

STATUSES = ("awaiting_payment", "deposit_paid", "paid", "shipped", "delivered", "disputed", "released", "resolved",
            "cancelled")


@given(st.sampled_from(STATUSES), st.integers(0, 3), st.booleans(), st.sampled_from(tuple(Reason)))
def test_a_dispute_opens_only_after_shipment_and_before_the_last_window_closes(status, windows, to_come, reason):
    try:
        rules.check_opening(status, windows, to_come, reason)
        opened = True
    except Refused:
        opened = False

    if status == "shipped":
        assert opened == (reason == Reason.NOT_DELIVERED)
    elif status == "delivered":
        assert opened == (windows > 0 or (to_come and reason == Reason.NOT_DELIVERED))
    else:
        assert not opened


@pytest.mark.parametrize(("status", "windows", "reason", "code"), [
    ("paid", 0, "quality", "not_disputable"),
    ("disputed", 1, "quality", "already_disputed"),
    ("shipped", 0, "quality", "goods_not_arrived"),
    ("delivered", 0, "quality", "window_closed"),
    ("delivered", 1, "bribery", "unknown_reason"),
])
def test_each_refusal_says_why(status, windows, reason, code):
    with pytest.raises(Refused) as refused:
        rules.check_opening(status, windows, False, reason)
    assert refused.value.code == code


@given(st.integers(2, 10**12), st.data())
def test_a_decision_never_pays_out_more_or_less_than_is_held(held, data):
    decision = data.draw(st.sampled_from(tuple(Decision)))
    asked = data.draw(st.integers(1, held - 1)) if decision == Decision.SPLIT else None

    refund = rules.refund_for(decision, held, asked)

    assert 0 <= refund <= held
    assert refund == {Decision.RELEASE: 0, Decision.REFUND: held, Decision.SPLIT: asked}[decision]


@given(st.integers(1, 10**12), st.data())
def test_a_split_of_nothing_or_everything_is_refused(held, data):
    refund = data.draw(st.one_of(st.none(), st.integers(-10, 0), st.integers(held, held + 10)))
    with pytest.raises(Refused) as refused:
        rules.refund_for(Decision.SPLIT, held, refund)
    assert refused.value.code in ("split_needs_amount", "split_out_of_range")


@given(st.sampled_from(tuple(Decision)))
def test_what_one_side_wins_the_other_loses(decision):
    buyer, seller = rules.outcome_for(Party.BUYER, decision), rules.outcome_for(Party.SELLER, decision)

    assert {buyer, seller} == ({"partly"} if decision == Decision.SPLIT else {"yes", "no"})
    assert rules.outcome_for(Party.BUYER, None) is None


@pytest.mark.parametrize(("data", "content_type"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"%PDF-1.7\n", "application/pdf"),
    ("到货 98.6 吨，短少 1.4 吨\n".encode(), "text/plain; charset=utf-8"),
    ("到货 98.6 吨，短少 1.4 吨\r\n".encode("gb18030"), "text/plain; charset=gb18030"),
])
def test_files_are_known_by_their_bytes(data, content_type):
    assert rules.check_evidence("x", data).content_type == content_type


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "wrong_type"),
    (b"PK\x03\x04\x14\x00\x00\x00", "wrong_type"),
    (b"<svg onload=alert(1)>\x00", "wrong_type"),
    (b"a" * (rules.MAX_FILE_BYTES + 1), "too_large"),
])
def test_other_files_are_refused_whatever_their_name(data, code):
    with pytest.raises(Refused) as refused:
        rules.check_evidence("photo.jpg", data)
    assert refused.value.code == code


def test_the_eleventh_file_of_a_side_is_refused():
    assert rules.check_evidence("a.txt", b"ok", already_from_party=9)
    with pytest.raises(Refused, match="too_many_files"):
        rules.check_evidence("a.txt", b"ok", already_from_party=10)


@given(st.binary(min_size=1, max_size=200))
def test_whatever_is_kept_is_digested_and_typed(data):
    try:
        checked = rules.check_evidence("f", data)
    except Refused as refused:
        assert refused.code == "wrong_type"
        return
    assert checked.sha256 == hashlib.sha256(data).hexdigest() and checked.size == len(data)
    assert b"\x00" not in data or not checked.content_type.startswith("text/")


@given(st.text(max_size=300), st.sampled_from([rules.JPEG, rules.PNG, rules.WEBP, rules.PDF, rules.UTF8_TEXT]))
def test_a_kept_name_is_one_safe_file_name_ending_in_what_the_file_is(name, kind):
    safe = rules.safe_filename(name, kind)

    assert 0 < len(safe) <= rules.MAX_FILENAME
    assert not set(safe) & set('/\\:*?"<>|') and safe.isprintable()
    assert safe.lower().endswith(kind.extensions) and not safe.startswith(".")


def test_names_keep_what_people_wrote():
    assert rules.safe_filename("C:\\扫描\\过磅单 2026-12-03.JPEG", rules.JPEG) == "过磅单 2026-12-03.JPEG"
    assert rules.safe_filename("report.exe", rules.PDF) == "report.exe.pdf"
