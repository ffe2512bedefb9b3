"""What approval does to listings: a listing removal withdraws its target, a termination every listing."""
import pytest

from marketplace.catalog.lifecycle import ListingStatus
from marketplace.extensions import db
from marketplace.oversight import gate
from marketplace.oversight.sanctions import services as sanctions
from tests.builders import owner_of
from tests.orders.listings import publish_product
from tests.oversight.sanctions.helpers import decided
from tests.trading.market import REBAR_SPEC
from trading.listings import services as floor_listings


def floor_lot(seller):
    return floor_listings.create_listing(owner_of(seller), seller, "steel", "HRB400E 螺纹钢", REBAR_SPEC, "100", "10",
                                         "4000.00", "天津港", "2026-12")


def reloaded(listing):
    db.session.expire_all()
    return db.session.get(type(listing), listing.id)


def test_a_listing_removal_withdraws_its_catalog_target_only_once_approved(world, seller):
    target, other = publish_product(seller), publish_product(seller, title="HRB500E 螺纹钢")
    proposed = sanctions.propose(world.regulator(), seller, "listing_removal", "Claims “全国第一” it cannot prove.",
                                 target=target.public_id)
    assert reloaded(target).status == ListingStatus.PUBLISHED

    sanctions.approve(world.regulator(), proposed)

    assert reloaded(target).status == ListingStatus.ARCHIVED
    assert reloaded(other).status == ListingStatus.PUBLISHED
    gate.ensure_may_trade(seller)  # a removal takes the listing, not the right to trade


def test_a_listing_removal_withdraws_a_floor_listing(world, seller):
    lot = floor_lot(seller)

    decided(world, seller, kind="listing_removal", reason="Misdescribed grade.", target=lot.public_id)

    assert reloaded(lot).status == floor_listings.WITHDRAWN


def test_a_listing_removal_names_a_listing_of_the_enterprise(world, seller, buyer):
    theirs = publish_product(buyer)

    with pytest.raises(Exception, match="was not proposed") as refused:
        sanctions.propose(world.regulator(), seller, "listing_removal", "Banned goods.", target=theirs.public_id)
    assert set(refused.value.errors) == {"target"}


def test_a_termination_withdraws_every_listing_and_refuses_all_trading(world, seller):
    published, lot = publish_product(seller), floor_lot(seller)

    sanction, _proposer, _approver = decided(world, seller, kind="termination", reason="Fake transactions.")

    assert reloaded(published).status == ListingStatus.ARCHIVED
    assert reloaded(lot).status == floor_listings.WITHDRAWN
    with pytest.raises(gate.OversightRefusal, match=f"Trading terminated by sanction {sanction.number}"):
        gate.ensure_may_trade(seller)
    assert sanctions.may_lift(sanction)
