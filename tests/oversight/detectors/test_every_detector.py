"""Properties every detector keeps on any market: deterministic, blind to names, storable as an alert."""
import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.surveillance.catalogue import checked_document, default_document
from marketplace.oversight.surveillance.detectors import DETECTORS

from tests.oversight.detectors.market import bid, context, deal, movement, order, payment, session, trade

NAMES = ["e1", "e2", "e3", "e4", "e5", "e6"]
PARTY = st.sampled_from(NAMES)
SECONDS = st.integers(0, 5 * 86_400)
EVENT = st.one_of(
    st.builds(lambda s, n, e, action, side, q, p: order(s, f"o{n}", e, action, side, q, price=p),
              SECONDS, st.integers(0, 9), PARTY, st.sampled_from(["new", "cancel", "fill"]),
              st.sampled_from(["buy", "sell"]), st.integers(1, 100), st.integers(390_000, 410_000)),
    st.builds(lambda s, n, b, se, q, p, a: trade(s, f"t{n}", b, se, q, price=p, aggressor=a),
              SECONDS, st.integers(0, 99), PARTY, PARTY, st.integers(1, 100), st.integers(390_000, 410_000),
              st.sampled_from(["buy", "sell"])),
    st.builds(lambda s, n, b, se, q: deal(s, f"d{n}", b, se, q, q * 400_000),
              SECONDS, st.integers(0, 20), PARTY, PARTY, st.integers(1, 100)),
    st.builds(lambda s, n, a, b, amount: payment(s, f"d{n}", a, b, amount), SECONDS, st.integers(0, 20), PARTY, PARTY,
              st.integers(100, 6_000_000)),
    st.builds(lambda s, n: movement(s, f"d{n}"), SECONDS, st.integers(0, 20)),
    st.builds(lambda s, n, e, p, won, account: bid(s, f"a{n}", e, p, won=won, account=account),
              SECONDS, st.integers(0, 4), PARTY, st.integers(1, 100), st.booleans(), st.sampled_from(["", "acc1", "acc2"])),
)
MARKETS = st.lists(EVENT, max_size=40)
GROUPS = st.dictionaries(PARTY, st.sampled_from(["g1", "g2"]))
RELABEL = {name: f"renamed_{NAMES[(index + 3) % len(NAMES)]}" for index, name in enumerate(NAMES)}
PARTY_FIELDS = ("enterprise", "buyer", "seller", "payer", "payee", "owner")


def _context(groups):
    return context(groups, related={"g1": {"g2"}, "g2": {"g1"}}, reference_prices={("RB2605", d): 400_000 for d in _days()},
                   sessions=[session()])


def _days():
    from datetime import date, timedelta
    return [date(2026, 11, 20) + timedelta(days=n) for n in range(7)]


def _relabelled(event):
    changes = {name: RELABEL[getattr(event, name)] for name in PARTY_FIELDS
               if getattr(event, name, None) in RELABEL}
    return dataclasses.replace(event, **changes)


@settings(max_examples=60)
@given(MARKETS, GROUPS, st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_the_order_events_arrive_in(events, groups, shuffler):
    shuffled = list(events)
    shuffler.shuffle(shuffled)
    for module in DETECTORS.values():
        assert module.detect(events, _context(groups), {}) == module.detect(shuffled, _context(groups), {})


@settings(max_examples=60)
@given(MARKETS, GROUPS)
def test_relabelling_enterprises_does_not_change_the_number_of_findings(events, groups):
    renamed = [_relabelled(event) for event in events]
    renamed_groups = {RELABEL[name]: group for name, group in groups.items()}
    for module in DETECTORS.values():
        assert len(module.detect(renamed, _context(renamed_groups), {})) == len(module.detect(events, _context(groups), {}))


@settings(max_examples=60)
@given(MARKETS, GROUPS)
def test_every_finding_can_be_stored_as_an_alert_and_speaks_both_languages(events, groups):
    for key, module in DETECTORS.items():
        for finding in module.detect(events, _context(groups), {}):
            assert finding.detector == key and len(finding.key) <= 64
            assert finding.subject in finding.subjects
            json.dumps({"measures": finding.measures, "rows": finding.rows})
            assert any(ch.isdigit() for ch in finding.sentence_en) and any(ch.isdigit() for ch in finding.sentence_zh)
            assert finding.sentence_zh != finding.sentence_en


@settings(max_examples=40)
@given(MARKETS)
def test_an_innocent_market_with_no_shared_groups_never_raises_wash_trades_or_cover_bids(events):
    innocent = [event for event in events if getattr(event, "buyer", None) != getattr(event, "seller", 0)]
    assert DETECTORS["wash_trades"].detect(innocent, context(), {}) == []
    cover = [f for f in DETECTORS["collusive_bidding"].detect(innocent, context(), {}) if f.measures["pattern"] == "cover"]
    assert cover == []


def test_every_detector_declares_defaults_its_own_rule_document_accepts():
    for module in DETECTORS.values():
        document = default_document(module.PARAMETERS)
        assert checked_document(document, module.PARAMETERS) == document
        assert all(parameter.label_zh and parameter.label_en for parameter in module.PARAMETERS.values())


def test_an_empty_market_raises_nothing_anywhere():
    for module in DETECTORS.values():
        assert module.detect([], _context({}), {}) == []


def test_the_registry_holds_every_family_the_issue_names():
    assert set(DETECTORS) == {
        "wash_trades", "related_matching", "circular_trading", "spoofing", "marking_the_close", "ramping",
        "off_reference_price", "splitting", "abnormal_volume", "fake_transactions", "collusive_bidding",
    }
