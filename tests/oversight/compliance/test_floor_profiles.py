"""Floor compliance through the real order path: a floor under the State Council profile refuses continuous
trading (service and API), a custom profile keeps T+N and the holder cap; the lint page and profile editing."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.accounts.services import create_staff_token
from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.oversight import gate
from marketplace.oversight.compliance import services
from marketplace.oversight.compliance.models import FloorComplianceProfile
from tests.builders import owner_of
from tests.trading.listings.test_purchase import offer
from tests.trading.market import list_instrument, trading_token
from trading.book import services as book
from trading.book.models import FloorOrder, Trade

CONTINUOUS_T5_CAP1 = {"mechanisms": ["continuous", "listed_price"], "standardised_contracts": False,
                      "min_holding_days": 5, "holder_cap": 1}


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


def staff(user, scopes=("oversight:read", "oversight:write")):
    return {"Authorization": f"Bearer {create_staff_token(user, 'console', list(scopes))[1]}", "Accept-Language": "en"}


def custom(operator, **changes):
    values = CONTINUOUS_T5_CAP1 | changes
    return services.save_profile(operator, "steel", values["mechanisms"], values["standardised_contracts"],
                                 values["min_holding_days"], values["holder_cap"])


def trade(seller, buyer, instrument, quantity="30"):
    book.place_order(owner_of(seller), seller, instrument.public_id, "sell", "limit", Decimal(quantity), 400000)
    return book.place_order(owner_of(buyer), buyer, instrument.public_id, "buy", "limit", Decimal(quantity), 400000)


def test_a_floor_without_a_profile_trades_as_before(world, seller, buyer, rebar_2612):
    assert trade(seller, buyer, rebar_2612).status == "filled"


def test_under_the_state_council_profile_an_order_on_the_book_is_refused_naming_the_rule(
        world, seller, rebar_2612):
    services.apply_state_council(world.operator(), "steel")

    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("30"), 400000)

    assert "does not allow continuous matching trading" in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(FloorOrder)) == 0


def test_under_the_state_council_profile_the_order_api_refuses_and_listed_price_lots_still_open(
        world, client, seller, rebar_2612):
    services.apply_state_council(world.operator(), "steel")

    response = client.post("/api/v1/trading/orders", headers=trading_token(world, seller), json={
        "instrument": rebar_2612.public_id, "side": "sell", "kind": "limit", "quantity": "30", "price": "4000.00"})

    assert response.status_code == 422
    assert "continuous matching" in response.json["detail"]
    assert offer(seller).status == "open"


def test_a_buyer_cannot_sell_again_before_t_plus_5(world, seller, buyer, rebar_2612):
    custom(world.operator(), holder_cap=None)
    trade(seller, buyer, rebar_2612)

    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "sell", "limit", Decimal("30"), 400000)

    assert "T+5" in refused.value.message


def test_after_the_holding_interval_the_sale_is_allowed(world, seller, buyer, rebar_2612):
    custom(world.operator(), holder_cap=None)
    trade(seller, buyer, rebar_2612)
    db.session.execute(Trade.__table__.update().values(executed_at=utcnow() - timedelta(days=30)))
    db.session.commit()

    assert gate.ensure_may_trade(buyer, floor=rebar_2612.floor, mechanism="continuous", instrument=rebar_2612,
                                 side="sell", quantity=Decimal("30")) is None


def test_a_new_holder_beyond_the_cap_is_refused_and_a_present_holder_may_buy_more(world, seller, buyer, rebar_2612):
    custom(world.operator(), min_holding_days=0)
    trade(seller, buyer, rebar_2612)
    newcomer = world.enterprise(kinds=("buyer",))

    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(newcomer), newcomer, rebar_2612.public_id, "buy", "limit", Decimal("10"), 400000)

    assert "cap of 1 holders" in refused.value.message
    assert book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", Decimal("10"),
                            399000).status == "open"


def test_the_lint_page_shows_every_floor_and_the_compliant_one(world, client):
    services.apply_state_council(world.operator(), "agriculture")
    world.login(client, world.regulator())

    page = client.get("/oversight/floors").get_data(as_text=True)

    agriculture = page.split('id="floor-agriculture"')[1].split("</tr>")[0]
    steel = page.split('id="floor-steel"')[1].split("</tr>")[0]
    assert "Compliant" in agriculture
    assert "Centralised continuous trading of standardised contracts" in steel and "T+5" in steel
    assert "Edit profile" not in page  # regulators read; operators edit


def test_an_operator_edits_a_profile_on_the_web_and_bad_input_changes_nothing(world, client):
    operator = world.operator()
    world.login(client, operator)

    refused = client.post("/oversight/floors/steel/profile", data={"min_holding_days": "-1", "holder_cap": "0"})
    assert refused.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(FloorComplianceProfile)) == 0
    saved = client.post("/oversight/floors/steel/profile", data={
        "mechanisms": ["call_auction", "listed_price"], "standardised_contracts": "y", "min_holding_days": "5",
        "holder_cap": "150"})

    assert saved.status_code == 303
    page = client.get("/oversight/floors").get_data(as_text=True)
    assert "Compliant" in page.split('id="floor-steel"')[1].split("</tr>")[0] and "Edit profile" in page
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "oversight.floor_profile_saved"))


def test_a_regulator_cannot_edit_a_profile(world, client):
    world.login(client, world.regulator())

    assert client.get("/oversight/floors/steel/profile").status_code == 403
    assert client.post("/oversight/floors/steel/profile/state-council").status_code == 403


def test_the_api_lints_and_an_operator_token_sets_a_profile_but_a_regulator_token_may_not(world, client):
    operator, regulator = staff(world.operator()), staff(world.regulator())

    refused = client.put("/api/v1/oversight/floors/steel/profile", json={"mechanisms": ["teleport"]},
                         headers=operator)
    forbidden = client.put("/api/v1/oversight/floors/steel/profile", json={"based_on": "state_council_spot"},
                           headers=regulator)
    applied = client.put("/api/v1/oversight/floors/steel/profile", json={"based_on": "state_council_spot"},
                         headers=operator)

    assert refused.status_code == 422 and "mechanisms" in refused.json["errors"]
    assert forbidden.status_code == 403
    assert applied.status_code == 200 and applied.json["holder_cap"] == 200
    lints = {one["floor"]: one for one in client.get("/api/v1/oversight/floors", headers=regulator).json}
    assert lints["steel"]["compliant"] and not lints["chemicals"]["compliant"]
    assert {one["rule"] for one in lints["chemicals"]["findings"]} == {
        "centralised_continuous", "holding_interval", "holder_cap"}
