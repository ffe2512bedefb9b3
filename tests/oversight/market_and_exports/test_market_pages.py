"""The console home and a floor's dashboard over a period, with the drill-down to single trades."""
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from tests.oversight.market_and_exports.market import two_days_of_rebar
from tests.trading.marketdata.history import beijing


@pytest.fixture
def rebar(world, seller, buyer):
    return two_days_of_rebar(world, seller, buyer)


@pytest.fixture
def regulator(client, world):
    person = world.regulator()
    world.login(client, person)
    return person


def test_a_regulator_sees_the_steel_floors_turnover_volume_and_index_beside_the_charts(client, regulator, rebar):
    page = client.get("/oversight/market/steel").get_data(as_text=True)

    assert page.count("data-oversight-chart=") >= 3
    assert "CN¥242,200.00" in page
    assert "60 t" in page
    assert "1,023.72" in page or "1023.72" in page
    assert rebar.code in page


def test_the_console_home_lists_every_floor_with_its_period_figures(client, regulator, rebar):
    page = client.get("/oversight").get_data(as_text=True)

    assert "CN¥242,200.00" in page
    assert "/oversight/market/steel?from=" in page
    assert 'id="platform-catalog"' in page and 'id="platform-oversight"' in page


def test_the_page_reads_chinese_with_the_currency_and_the_unit(client, regulator, rebar):
    page = client.get("/oversight/market/steel", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)

    assert "242,200.00" in page and "¥" in page
    assert "60 吨" in page


def test_a_day_chosen_shows_only_that_days_figures(client, regulator, rebar):
    yesterday = beijing(1, 0).date().isoformat()

    page = client.get(f"/oversight/market/steel?from={yesterday}&to={yesterday}").get_data(as_text=True)

    assert "CN¥82,000.00" in page
    assert "CN¥242,200.00" not in page


def test_from_a_floor_down_to_the_single_trades_of_one_enterprise(client, regulator, rebar, seller, buyer):
    floor_page = client.get("/oversight/market/steel").get_data(as_text=True)
    instrument_url = f"/oversight/market/steel/instruments/{rebar.public_id}"
    assert instrument_url in floor_page

    instrument_page = client.get(instrument_url).get_data(as_text=True)
    assert seller.credit_code in instrument_page and buyer.credit_code in instrument_page

    trades_page = client.get(f"{instrument_url}/enterprises/{seller.public_id}").get_data(as_text=True)
    assert trades_page.count("<code>trd_") == 3
    assert buyer.name_en in trades_page
    assert "CN¥82,000.00" in trades_page  # 20 t × 4100


def test_who_traded_is_written_to_the_access_log(client, regulator, rebar, seller):
    client.get(f"/oversight/market/steel/instruments/{rebar.public_id}/enterprises/{seller.public_id}")

    logged = db.session.scalars(select(OversightAccess).where(OversightAccess.user_id == regulator.id)).all()
    assert [(row.view, row.subject, row.channel) for row in logged] == [
        ("market_enterprise_trades", seller.public_id, "web")]


def test_a_reversed_period_is_refused_with_the_reason_and_the_default_period_shown(client, regulator, rebar):
    response = client.get("/oversight/market/steel?from=2026-03-10&to=2026-03-01")

    assert response.status_code == 422
    assert "The start must come before the end." in response.get_data(as_text=True)


def test_an_unknown_floor_or_instrument_is_not_found(client, regulator, rebar):
    assert client.get("/oversight/market/nowhere").status_code == 404
    assert client.get("/oversight/market/steel/instruments/ins_unknown").status_code == 404


def test_an_enterprise_owner_cannot_open_the_console(client, world, seller, rebar):
    from tests.builders import owner_of

    world.login(client, owner_of(seller))

    assert client.get("/oversight").status_code == 403
    assert client.get("/oversight/market/steel").status_code == 403
