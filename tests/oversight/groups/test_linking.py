"""Control groups from links: a partition, symmetric, and never split by another link."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.groups.identity import identity_key
from marketplace.oversight.groups.linking import (EnterpriseRecord, Link, PartyRecord, control_groups, find_links,
                                                  normalise_phone, related_groups)

ENTERPRISES = [f"ent_{n:02d}" for n in range(8)]
KINDS = ("legal_representative", "controlling_shareholder", "controls", "settlement_account", "address", "phone",
         "person")

links_strategy = st.lists(
    st.builds(lambda pair, kind: Link(*sorted(pair), kind),
              st.lists(st.sampled_from(ENTERPRISES), min_size=2, max_size=2, unique=True), st.sampled_from(KINDS)),
    max_size=20)


def grouping(links):
    return control_groups(ENTERPRISES, links)


@settings(deadline=None)
@given(links_strategy)
def test_groups_are_a_partition_keyed_by_one_of_their_members(links):
    groups = grouping(links)
    assert set(groups) == set(ENTERPRISES)
    for enterprise, key in groups.items():
        assert groups[key] == key
        assert key <= enterprise


@settings(deadline=None)
@given(links_strategy)
def test_a_strong_link_puts_both_ends_in_one_group_and_a_related_one_never_merges(links):
    groups = grouping(links)
    strong_only = grouping([link for link in links if link.strong])
    assert groups == strong_only
    for link in links:
        if link.strong:
            assert groups[link.first] == groups[link.second]


@settings(deadline=None)
@given(links_strategy, st.randoms())
def test_groups_do_not_depend_on_the_order_of_links(links, random):
    shuffled = list(links)
    random.shuffle(shuffled)
    assert grouping(shuffled) == grouping(links)


@settings(deadline=None)
@given(links_strategy, links_strategy)
def test_adding_links_never_splits_a_group(links, more):
    before, after = grouping(links), grouping(links + more)
    for first in ENTERPRISES:
        for second in ENTERPRISES:
            if before[first] == before[second]:
                assert after[first] == after[second]


@settings(deadline=None)
@given(links_strategy)
def test_related_groups_are_symmetric_and_never_the_group_itself(links):
    groups = grouping(links)
    related = related_groups(groups, links)
    for key, others in related.items():
        assert key not in others
        for other in others:
            assert key in related[other]


party_strategy = st.builds(
    PartyRecord, enterprise=st.sampled_from(ENTERPRISES),
    role=st.sampled_from(["legal_representative", "shareholder", "director"]), party_kind=st.just("person"),
    identity_key=st.sampled_from(["a", "b", "c"]), share_percent=st.decimals(0, 100, places=2))
record_strategy = st.builds(
    lambda enterprise, address, phone, account, members: EnterpriseRecord(
        enterprise, identity_key(enterprise), address, phone, account, frozenset(members)),
    st.sampled_from(ENTERPRISES), st.sampled_from(["", "1 Harbour Rd", "2 Pier St"]),
    st.sampled_from(["", "022-6620 1234", "13800138000"]), st.sampled_from(["", "6222 0001", "6222 0002"]),
    st.sets(st.integers(1, 4), max_size=2))


@settings(deadline=None)
@given(st.lists(record_strategy, max_size=8, unique_by=lambda r: r.enterprise), st.lists(party_strategy, max_size=12),
       st.randoms())
def test_links_do_not_depend_on_the_order_records_are_read_in(records, parties, random):
    links = find_links(records, parties, 50)
    shuffled_records, shuffled_parties = list(records), list(parties)
    random.shuffle(shuffled_records)
    random.shuffle(shuffled_parties)
    assert find_links(shuffled_records, shuffled_parties, 50) == links
    assert all(link.first < link.second for link in links)


def alone(enterprise, **fields):
    return EnterpriseRecord(enterprise, identity_key("9112" + enterprise), **fields)


def person(enterprise, role, number, share=None):
    return PartyRecord(enterprise, role, "person", identity_key(number), "Zhang San",
                       Decimal(share) if share is not None else None)


def test_the_same_legal_representative_makes_one_group():
    records = [alone("ent_a"), alone("ent_b"), alone("ent_c")]
    parties = [person("ent_a", "legal_representative", "11010519491231002X"),
               person("ent_b", "legal_representative", "110105 19491231 002x")]
    links = find_links(records, parties, 50)
    assert [(l.first, l.second, l.kind) for l in links] == [("ent_a", "ent_b", "legal_representative")]
    assert control_groups(["ent_a", "ent_b", "ent_c"], links) == {"ent_a": "ent_a", "ent_b": "ent_a", "ent_c": "ent_c"}


def test_a_shareholder_in_common_links_strongly_only_when_controlling_both():
    records = [alone("ent_a"), alone("ent_b")]
    controlling = [person("ent_a", "shareholder", "X1", "50"), person("ent_b", "shareholder", "X1", "60")]
    minority = [person("ent_a", "shareholder", "X1", "50"), person("ent_b", "shareholder", "X1", "49.99")]
    assert [l.kind for l in find_links(records, controlling, 50)] == ["controlling_shareholder"]
    assert [l.kind for l in find_links(records, minority, 50)] == ["person"]


def test_an_enterprise_holding_a_controlling_share_of_another_controls_it():
    records = [alone("ent_a"), alone("ent_b")]
    holding = PartyRecord("ent_b", "shareholder", "enterprise", identity_key("9112ent_a"), "A Co", Decimal("75"))
    assert [(l.first, l.second, l.kind) for l in find_links(records, [holding], 50)] == [("ent_a", "ent_b", "controls")]


def test_a_shared_settlement_account_is_strong_and_shown_masked():
    records = [alone("ent_a", settlement_account="6222021234567890"),
               alone("ent_b", settlement_account="6222021234567890")]
    (link,) = find_links(records, [], 50)
    assert link.kind == "settlement_account" and link.strong
    assert link.via == "622*********7890"


def test_address_phone_and_members_in_common_are_only_related():
    records = [alone("ent_a", address="天津市滨海新区 港口路1号", phone="+86 138 0013 8000", members=frozenset({7})),
               alone("ent_b", address="天津市滨海新区港口路１号", phone="13800138000", members=frozenset({7}))]
    links = find_links(records, [], 50)
    assert sorted(l.kind for l in links) == ["address", "person", "phone"]
    groups = control_groups(["ent_a", "ent_b"], links)
    assert groups["ent_a"] != groups["ent_b"]
    assert related_groups(groups, links) == {"ent_a": frozenset({"ent_b"}), "ent_b": frozenset({"ent_a"})}


def test_blank_or_short_contacts_link_nothing():
    records = [alone("ent_a", phone="110"), alone("ent_b", phone="110"), alone("ent_c"), alone("ent_d")]
    assert find_links(records, [], 50) == ()
    assert normalise_phone("0086-22-66201234") == "2266201234"


@settings(deadline=None)
@given(st.lists(record_strategy, max_size=8, unique_by=lambda r: r.enterprise), st.lists(party_strategy, max_size=12))
def test_the_graph_draws_every_link_between_nodes_it_shows(records, parties):
    from marketplace.oversight.groups.linking import graph
    links = find_links(records, parties, 50)
    groups = control_groups([r.enterprise for r in records], links)
    for enterprise in groups:
        members = {e for e, key in groups.items() if key == groups[enterprise]}
        touching = [l for l in links if l.first in members or l.second in members]
        drawn = graph(members, touching, parties, {})
        ids = [node["id"] for node in drawn["nodes"]]
        assert len(ids) == len(set(ids)) and members <= set(ids)
        assert all(edge["source"] in ids and edge["target"] in ids for edge in drawn["edges"])
        assert sum(1 for edge in drawn["edges"] if not edge["source"].startswith("party:")) == len(touching)
