"""The public market pages, in English and Chinese, with and without JavaScript."""
import re

import pytest

from tests.trading.market import list_instrument
from tests.trading.marketdata.history import beijing, rest, trade

CHINESE = {"Accept-Language": "zh-CN"}


@pytest.fixture
def rebar(world, seller, buyer):
    instrument = list_instrument(world.operator())
    trade(seller, buyer, instrument, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, instrument, "4100.00", 20, beijing(1, 10))
    trade(seller, buyer, instrument, "4080.00", 10, beijing(1, 14))
    rest(buyer, instrument, "buy", "4000.00", 50)
    return instrument


def text_of(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_market_page_shows_each_floors_index_and_prices_with_currency_and_unit(client, rebar):
    page = text_of(client.get("/market"))

    assert "Steel floor" in page and "Chemicals floor" in page
    assert "1023.33" in page and "+23.33 (+2.33%)" in page
    assert "Rebar HRB400E 20 mm Tianjin 2612" in page and f"/market/instruments/{rebar.public_id}" in page
    assert "CN¥4,080.00" in page and "+2.00%" in page and "30 t" in page and "CN¥122,800.00" in page
    assert 'data-index-url="/api/v1/market/floors/steel/index"' in page


def test_the_market_page_in_chinese(client, rebar):
    page = text_of(client.get("/market", headers=CHINESE))

    assert '<html lang="zh-CN">' in page
    assert "钢材交易厅" in page and "螺纹钢 HRB400E Φ20 天津 2612" in page and "¥4,080.00" in page


def test_the_instrument_page_shows_quote_depth_tape_and_bars_as_tables(client, rebar):
    page = text_of(client.get(f"/market/instruments/{rebar.public_id}?interval=1d"))

    assert "CN¥4,080.00" in page and "+CN¥80.00 (+2.00%)" in page and "3 lots" in page
    depth = page[page.index('data-live-table="depth"'):page.index('data-live-table="trades"')]
    assert "50 t" in depth and "CN¥4,000.00" in depth
    tape = page[page.index('data-live-table="trades"'):]
    assert tape.index("CN¥4,080.00") < tape.index("CN¥4,100.00") and "Buyer-initiated" in tape
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    assert beijing(1, 0).date().isoformat() in noscript and "CN¥4,093.33" in noscript


def test_the_instrument_page_draws_its_chart_from_the_api_with_static_scripts(client, rebar):
    page = text_of(client.get(f"/market/instruments/{rebar.public_id}"))

    assert f'data-bars-url="/api/v1/market/instruments/{rebar.public_id}/bars"' in page
    assert f'data-quote-url="/api/v1/market/instruments/{rebar.public_id}/quote"' in page
    assert 'data-interval="1h"' in page and 'href="/market/instruments/%s?interval=1m"' % rebar.public_id in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert '<script src="/vendor/echarts/dist/echarts.min.js" defer>' in scripts
    assert '<script src="/static/js/market-charts.js" defer>' in scripts
    assert all(re.search(r'src="/(static|vendor)/[^"]+\.js"', tag) for tag in scripts)
    assert re.search(r"<script[^>]*>[^<]+</script>", page) is None
    assert client.get("/vendor/echarts/dist/echarts.min.js").status_code == 200
    assert client.get("/static/js/market-charts.js").status_code == 200


def test_the_instrument_page_in_chinese(client, rebar):
    page = text_of(client.get(f"/market/instruments/{rebar.public_id}", headers=CHINESE))

    assert "螺纹钢 HRB400E Φ20 天津 2612" in page and "¥4,080.00" in page and "钢材交易厅" in page


def test_an_instrument_without_trades_and_an_unknown_one(world, client):
    fresh = list_instrument(world.operator())

    assert "CN¥4,000.00" in text_of(client.get(f"/market/instruments/{fresh.public_id}?interval=5m"))
    assert client.get("/market/instruments/ins_nothing").status_code == 404
