"""``binhai demo`` gives a newcomer a believable Binhai market to log into; loading it again adds nothing.

``binhai users grant-role`` is how a real installation gets its first operator.
"""
from sqlalchemy import func, select
from stdnum.cn import uscc

from marketplace import demo
from marketplace.accounts import services
from marketplace.accounts.lifecycle import REGIONS
from marketplace.accounts.models import Enterprise, Invitation, Membership, User
from marketplace.audit.models import AuditRecord
from marketplace.bookings.models import OpeningHours
from marketplace.catalog.models import Listing, PriceTier
from marketplace.escrow.models import Escrow
from marketplace.ledger import services as ledger
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from marketplace.oversight import demo as oversight_demo
from trading.auctions.models import Auction
from trading.book.models import FloorOrder, Trade
from trading.book.services import market_depth
from trading.floors.models import Floor, Instrument

TABLES = (User, Enterprise, Membership, Invitation, AuditRecord, Listing, PriceTier, OutboxEvent)


def row_counts():
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in TABLES}


def test_demo_loads_a_binhai_market_and_a_second_run_adds_nothing(app, runner):
    first = runner.invoke("demo")
    assert first.exit_code == 0, first.output
    with app.app_context():
        loaded = row_counts()
        enterprises = db.session.scalars(select(Enterprise)).all()
        assert loaded["enterprises"] >= 30
        assert all(uscc.is_valid(e.credit_code) and e.credit_code.startswith("91120116") for e in enterprises)
        assert {e.region for e in enterprises} <= set(REGIONS)
        statuses = [e.status for e in enterprises]
        assert statuses.count("verified") > len(statuses) / 2
        assert statuses.count("pending") >= 2
        assert all(e.status_reason for e in enterprises if e.status == "suspended")
        assert statuses.count("suspended") >= 1
        assert all(any(m.role == "owner" for m in e.memberships) for e in enterprises)
        assert {m.role for m in db.session.scalars(select(Membership))} == {
            "owner", "trader", "logistics_operator", "viewer"}
        assert loaded["users"] <= 70

    second = runner.invoke("demo")

    assert second.exit_code == 0, second.output
    assert "added 0 enterprises, 0 accounts and 0 staff memberships" in second.output
    with app.app_context():
        assert row_counts() == loaded
    assert runner.invoke("audit", "verify").exit_code == 0


def test_demo_lists_products_services_and_instruments_of_verified_enterprises_in_both_languages(app, runner):
    first = runner.invoke("demo")

    assert "Catalog: this run published" in first.output
    with app.app_context():
        listings = db.session.scalars(select(Listing)).all()
        held = [listing for listing in listings if listing.status == "pending_review"]
        assert [listing.title_zh for listing in held] == [oversight_demo.FLAGGED_OFFER[1]["title_zh"]]
        listings = [listing for listing in listings if listing not in held]
        assert len(listings) >= 20
        assert all(listing.status == "published" and listing.enterprise.status == "verified" for listing in listings)
        assert all(listing.title_zh and listing.title_en and listing.description_en for listing in listings)
        assert {listing.kind for listing in listings} == {"product", "service", "resource"}
        codes = {listing.category.code for listing in listings}
        assert {"steel.rebar", "steel.plate", "steel.coil", "chemicals.fertiliser", "chemicals.basic",
                "chemicals.plastics", "agriculture.grain", "agriculture.cotton", "shipping.freight",
                "services.testing", "resources.instrument", "resources.computing"} <= codes
        grains = {listing.attributes["commodity"] for listing in listings
                  if listing.category.code == "agriculture.grain"}
        assert grains == {"corn", "soybean", "rice"}
        assert any(listing.attributes.get("grade") == "HRB400E" for listing in listings)
        assert all(listing.slot_minutes for listing in listings if listing.kind == "resource")
    assert "Catalog: this run published 0 demo listings." in runner.invoke("demo").output


def test_demo_leaves_contracts_and_orders_in_every_payment_state(app, runner):
    first = runner.invoke("demo")

    assert first.exit_code == 0, first.output
    with app.app_context():
        states = {(deal.payable_type, deal.status) for deal in db.session.scalars(select(Escrow))}
        assert {"awaiting_payment", "deposit_paid", "paid", "shipped", "delivered", "released", "disputed",
                "resolved", "cancelled"} <= {status for _, status in states}
        assert {("order", "released"), ("order", "cancelled"), ("contract", "disputed")} <= states
        assert ledger.verify() == []
    assert "Settlement: this run took 0 contracts" in runner.invoke("demo").output


def test_demo_prints_working_logins(app, runner):
    output = runner.invoke("demo").output

    assert demo.PASSWORD in output
    assert app.config["PUBLIC_URL"] in output
    with app.app_context():
        operator = services.authenticate("operator@binhai.example", demo.PASSWORD)
        regulator = services.authenticate("regulator@binhai.example", demo.PASSWORD)
        owner = services.authenticate("hengtai.owner@binhai.example", demo.PASSWORD)
        assert operator.platform_role == "operator"
        assert regulator.platform_role == "regulator"
        assert {m.enterprise.name_en for m in owner.memberships} >= {"Tianjin Hengtai Steel Trading Co., Ltd."}
    for email in ("operator@binhai.example", "regulator@binhai.example", "hengtai.owner@binhai.example"):
        assert email in output


def test_demo_never_takes_over_an_account_it_did_not_create(app, world, runner):
    mine = world.person(email="operator@binhai.example", password="my own long password")

    result = runner.invoke("demo")

    assert result.exit_code == 0, result.output
    assert "operator@binhai.example exists and is not a demo account" in result.output
    assert services.authenticate(mine.email, "my own long password") is not None
    assert services.authenticate(mine.email, demo.PASSWORD) is None
    db.session.refresh(mine)
    assert mine.platform_role is None


def test_grant_role_makes_and_unmakes_an_operator(world, runner):
    person = world.person(email="li.ming@example.cn")

    granted = runner.invoke("users", "grant-role", "Li.Ming@example.cn", "operator")

    assert granted.exit_code == 0, granted.output
    db.session.refresh(person)
    assert person.platform_role == "operator"
    assert runner.invoke("users", "grant-role", person.email, "none").exit_code == 0
    db.session.refresh(person)
    assert person.platform_role is None
    changes = db.session.scalars(select(AuditRecord).where(
        AuditRecord.action == "user.platform_role_changed", AuditRecord.target == person.public_id)).all()
    assert [c.after["platform_role"] for c in changes] == ["operator", None]


def test_grant_role_refuses_unknown_people_and_roles(world, runner):
    unknown = runner.invoke("users", "grant-role", "nobody@example.cn", "regulator")
    assert unknown.exit_code == 1
    assert "nobody@example.cn" in unknown.output

    person = world.person()
    wrong_role = runner.invoke("users", "grant-role", person.email, "owner")
    assert wrong_role.exit_code == 2
    db.session.refresh(person)
    assert person.platform_role is None


def test_demo_instruments_can_be_booked_on_working_days(runner, app):
    """A newcomer's first booking must find free slots, so every demo resource has opening hours."""
    runner.invoke("demo")
    with app.app_context():
        resources = db.session.scalars(select(Listing).where(Listing.kind == "resource",
                                                             Listing.status == "published")).all()
        assert resources
        for listing in resources:
            weekdays = db.session.scalars(select(OpeningHours.weekday).where(
                OpeningHours.listing_id == listing.id)).all()
            assert sorted(weekdays) == [0, 1, 2, 3, 4]


def test_demo_trading_floors_have_instruments_history_a_live_book_and_an_open_tender(app, runner):

    assert runner.invoke("demo").exit_code == 0
    with app.app_context():
        for floor in db.session.scalars(select(Floor)):
            instruments = db.session.scalars(select(Instrument).where(Instrument.floor_id == floor.id)).all()
            assert instruments, f"no instruments on {floor.code}"
            for instrument in instruments:
                days = {t.executed_at.date() for t in db.session.scalars(
                    select(Trade).where(Trade.instrument_id == instrument.id))}
                assert len(days) >= 10  # a few weeks of history for the charts
                depth = market_depth(instrument)
                assert len(depth.bids) == 5 and len(depth.asks) == 5
        live = db.session.scalar(select(func.count()).select_from(FloorOrder).where(FloorOrder.status == "open"))
        assert live >= 40
        tenders = db.session.scalars(select(Auction).where(Auction.status == "open", Auction.kind == "reverse")).all()
        assert tenders and all(len(tender.bids) >= 2 for tender in tenders)


def test_demo_logistics_has_shipments_in_every_status_and_a_traced_lot_of_rice(app, runner):
    from logistics.readers.models import Reader, Sighting
    from logistics.shipments.models import Shipment
    from logistics.tracing import services as tracing

    first = runner.invoke("demo")

    assert first.exit_code == 0, first.output
    with app.app_context():
        statuses = {shipment.status for shipment in db.session.scalars(select(Shipment))}
        assert statuses >= {"booked", "picked_up", "in_transit", "at_port", "customs_hold", "out_for_delivery",
                            "delivered"}
        assert any(shipment.exception == "delayed" for shipment in db.session.scalars(select(Shipment)))
        assert db.session.scalar(select(func.count()).select_from(Reader)) >= 2
        assert db.session.scalar(select(func.count()).select_from(Sighting)) > 0
        container = tracing.trace("BHCU0000010")
        farm_lots = [origin.lot.uri for origin in container.origins if origin.farm]
        assert len(farm_lots) == 2
        forward = tracing.trace(farm_lots[0])
        assert [call.vessel_imo for call in forward.vessels] == ["9074729"]
        shipments = db.session.scalar(select(func.count()).select_from(Shipment))
    second = runner.invoke("demo")
    assert "Logistics: this run booked 0 shipments" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shipment)) == shipments
