"""What an approved sanction does at once to the enterprise's listings, through the listing domains' own services.

A listing removal withdraws its target; a termination withdraws every listing still offered. Trading and
escrow refusals need no action here: the gate asks ``services.trading_restriction`` / ``escrow_hold``.
"""
from marketplace.catalog import services as catalog
from marketplace.catalog.lifecycle import ListingStatus
from marketplace.oversight.sanctions import rules, sources
from trading.listings import services as floor_listings


def take_effect(actor, sanction):
    """Withdraw what ``sanction`` removes (inside the approval's transaction: all or nothing)."""
    if sanction.kind == rules.LISTING_REMOVAL:
        _remove_one(actor, sanction.enterprise, sanction.target)
    elif sanction.kind == rules.TERMINATION:
        for listing in sources.removable_catalog_listings(sanction.enterprise):
            catalog.move_listing(actor, listing, ListingStatus.ARCHIVED)
        for listing in sources.open_floor_listings(sanction.enterprise):
            floor_listings.withdraw(actor, sanction.enterprise, listing.public_id)


def _remove_one(actor, enterprise, public_id):
    """Archive the catalog listing or withdraw the floor listing ``public_id``; one already gone stays so."""
    listing = sources.catalog_listing(public_id)
    if listing is not None:
        if listing.status != ListingStatus.ARCHIVED:
            catalog.move_listing(actor, listing, ListingStatus.ARCHIVED)
        return
    listing = sources.floor_listing(public_id)
    if listing is not None and listing.status == floor_listings.OPEN:
        floor_listings.withdraw(actor, enterprise, public_id)
