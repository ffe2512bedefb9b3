"""The control groups surveillance reads: enterprises sharing a legal representative are one group."""
from marketplace.accounts.models import EnterpriseParty
from marketplace.extensions import db
from marketplace.oversight.groups.identity import identity_key
from marketplace.oversight.groups.services import group_key_of, market_context_groups


def register(enterprise, role, number, share=None):
    db.session.add(EnterpriseParty(enterprise_id=enterprise.id, role=role, party_kind="person", name="Li Lei",
                                   identifier_masked="", identity_key=identity_key(number), share_percent=share))
    db.session.commit()


def own_phones(*enterprises):
    """Builders give every enterprise one switchboard number; these tests want them apart."""
    for n, enterprise in enumerate(enterprises):
        enterprise.contact_phone = f"022-6620-{n + 1:04d}"
    db.session.commit()


def test_enterprises_sharing_a_legal_representative_share_one_group_key(world):
    first, second, third = world.enterprise(), world.enterprise(), world.enterprise()
    own_phones(first, second, third)
    register(first, "legal_representative", "11010519491231002X")
    register(second, "legal_representative", "11010519491231002X")

    groups, related = market_context_groups()

    assert groups[first.public_id] == groups[second.public_id] == group_key_of(first) == group_key_of(second)
    assert len(group_key_of(first)) <= 64
    assert group_key_of(third) == third.public_id
    assert related == {}


def test_a_person_member_of_two_enterprises_makes_them_related_only(world):
    owner = world.person()
    first, second = world.enterprise(owner=owner), world.enterprise(owner=owner)
    own_phones(first, second)

    groups, related = market_context_groups()

    assert groups[first.public_id] != groups[second.public_id]
    assert related[groups[first.public_id]] == frozenset({groups[second.public_id]})
