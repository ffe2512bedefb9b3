"""The operator's floor pages and the public floor pages, as people use them in a browser."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import list_instrument
from tests.web.conftest import text_of
from trading.book import services as book
from trading.floors import services as floors
from trading.floors.models import Floor, Instrument

PETROLEUM_FORM = {
    "code": "petroleum", "name_zh": "石油交易厅", "name_en": "Petroleum floor", "unit": "t", "currency": "CNY",
    "tick": "1.00", "lot_size": "20", "max_order_lots": "300", "band_percent": "6", "buyer_fee_bp": "4",
    "seller_fee_bp": "4",
    "sessions-0-opens": "00:00", "sessions-0-closes": "24:00", "sessions-1-opens": "", "sessions-1-closes": "",
    "open_weekdays": ["0", "1", "2", "3", "4", "5", "6"], "closed_dates": "", "delivery_terms": "油库交货",
    "attributes-0-name": "product", "attributes-0-kind": "choice", "attributes-0-label_zh": "品种",
    "attributes-0-label_en": "Product", "attributes-0-required": "y",
    "attributes-0-choices": "diesel_0, gasoline_92, gasoline_95",
    "attributes-1-name": "sulphur_ppm", "attributes-1-kind": "integer", "attributes-1-label_zh": "硫含量 (ppm)",
    "attributes-1-label_en": "Sulphur (ppm)", "attributes-1-required": "y", "attributes-1-minimum": "0",
    "attributes-1-maximum": "5000",
    "attributes-2-name": "", "attributes-2-kind": "", "attributes-2-label_zh": "", "attributes-2-label_en": "",
    "windows": "", "needs": "",
}


@pytest.fixture
def operator_browser(world, client):
    world.login(client, world.operator())
    return client


def test_an_operator_opens_a_petroleum_floor_by_form_lists_diesel_and_a_trader_can_sell_it(world, operator_browser,
                                                                                           seller):
    assert operator_browser.get("/operator/floors/new").status_code == 200

    opened = operator_browser.post("/operator/floors/new", data=PETROLEUM_FORM)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/operator/floors/petroleum/instruments/new")
    form = operator_browser.get("/operator/floors/petroleum/instruments/new")
    assert "Sulphur (ppm)" in text_of(form)
    listed = operator_browser.post("/operator/floors/petroleum/instruments/new", data={
        "code": "pe-diesel0-tj-2612", "name_zh": "0号柴油 天津 2612", "name_en": "Diesel 0# Tianjin 2612",
        "spec_product": "diesel_0", "spec_sulphur_ppm": "10", "delivery_place": "天津南疆油库",
        "delivery_month": "2026-12", "reference_price": "7000.00"})
    assert listed.status_code == 302

    petroleum = floors.floor_by_code("petroleum")
    assert [a["name"] for a in petroleum.spec_schema["attributes"]] == ["product", "sulphur_ppm"]
    assert petroleum.spec_schema["attributes"][0]["choices"] == ["diesel_0", "gasoline_92", "gasoline_95"]
    assert petroleum.sessions == [{"opens": "00:00", "closes": "24:00"}]
    diesel = db.session.scalar(select(Instrument).where(Instrument.code == "PE-DIESEL0-TJ-2612"))
    assert diesel.spec == {"product": "diesel_0", "sulphur_ppm": 10}
    order = book.place_order(owner_of(seller), seller, diesel.public_id, "sell", "limit", Decimal("40"), 700_000)
    assert order.status == "open"


@pytest.mark.parametrize("changes, message", [
    ({"sessions-1-opens": "10:00", "sessions-1-closes": "12:00", "sessions-0-opens": "09:00",
      "sessions-0-closes": "11:30"}, "Sessions must not overlap: 09:00–11:30 / 10:00–12:00."),
    ({"attributes-1-kind": "colour"}, "Not a valid choice."),
    ({"attributes-2-name": "density", "attributes-2-kind": "decimal"}, "Give the field a label in both languages."),
    ({"band_percent": "0"}, "The daily band is a percentage above 0 and at most 50"),
])
def test_bad_settings_come_back_on_the_form_and_no_floor_is_opened(operator_browser, changes, message):
    response = operator_browser.post("/operator/floors/new", data={**PETROLEUM_FORM, **changes})

    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(Floor).where(Floor.code == "petroleum")) == 0


def test_an_operator_edits_the_steel_floor_and_its_form_keeps_every_setting(world, operator_browser):
    page = operator_browser.get("/operator/floors/steel/edit")
    assert page.status_code == 200
    assert 'value="HPB300, HRB400, HRB400E, HRB500E, Q235B, Q355B, SPHC, SS400"' in page.get_data(as_text=True)
    assert 'value="21:00"' in page.get_data(as_text=True)

    data = _form_values(page.get_data(as_text=True))
    data["band_percent"] = "6"
    saved = operator_browser.post("/operator/floors/steel/edit", data=data)

    assert saved.status_code == 302
    steel = floors.floor_by_code("steel")
    db.session.refresh(steel)
    assert steel.band_percent == 6 and steel.version == 2
    assert [s["opens"] for s in steel.sessions] == ["09:00", "10:30", "13:30", "21:00"]
    assert len(steel.spec_schema["attributes"]) == 6


def test_the_shipping_schema_keeps_its_laycan_window_through_the_form(operator_browser):
    page = operator_browser.get("/operator/floors/shipping/edit").get_data(as_text=True)

    assert operator_browser.post("/operator/floors/shipping/edit", data=_form_values(page)).status_code == 302

    shipping = floors.floor_by_code("shipping")
    db.session.refresh(shipping)
    assert shipping.spec_schema["windows"] == [["laycan_from", "laycan_to"]]
    assert shipping.version == 1


def test_a_schema_edit_that_breaks_an_instrument_is_refused_on_the_form(world, operator_browser):
    list_instrument(world.operator())
    data = _form_values(operator_browser.get("/operator/floors/steel/edit").get_data(as_text=True))
    data["attributes-1-choices"] = "HRB400, HRB500E"

    response = operator_browser.post("/operator/floors/steel/edit", data=data)

    assert response.status_code == 422
    assert "RB-HRB400E-TJ-2612 (grade)" in text_of(response)
    assert "HRB400E" in floors.floor_by_code("steel").spec_schema["attributes"][1]["choices"]


def test_an_operator_suspends_an_instrument_with_a_reason(world, operator_browser):
    rebar = list_instrument(world.operator())
    path = f"/operator/instruments/{rebar.public_id}/edit"
    values = {"name_zh": rebar.name_zh, "name_en": rebar.name_en, "delivery_place": rebar.delivery_place,
              "reference_price": "4000.00", "status": "suspended"}

    refused = operator_browser.post(path, data=values)
    assert refused.status_code == 422 and "Say why: traders read the reason." in text_of(refused)

    assert operator_browser.post(path, data={**values, "reason": "Warehouse inspection"}).status_code == 302
    db.session.refresh(rebar)
    assert rebar.status == "suspended"


def test_the_floor_directory_and_a_floor_page_speak_english_and_chinese(world, client):
    list_instrument(world.operator(), open_now=False)

    english = text_of(client.get("/floors"))
    chinese = text_of(client.get("/floors", headers={"Accept-Language": "zh-CN"}))
    floor = text_of(client.get("/floors/steel"))
    floor_zh = text_of(client.get("/floors/steel", headers={"Accept-Language": "zh-CN"}))

    assert "Steel floor" in english and "± 5 %" in english and "09:00–10:15" in english
    assert "钢材交易厅" in chinese
    assert "Rebar HRB400E 20 mm Tianjin 2612" in floor
    assert "CN¥4,000.00" in floor and "CN¥3,800.00 – CN¥4,200.00" in floor
    assert "Diameter (mm)" in floor and "Monday" in floor
    assert "直径 (mm)" in floor_zh and "螺纹钢 HRB400E Φ20 天津 2612" in floor_zh and "星期一" in floor_zh


def test_a_closed_floor_is_hidden_from_the_public_but_not_from_the_operator(world, client, operator_browser):
    floors.set_floor_active(world.operator(), "shipping", False)

    assert "Shipping floor" not in text_of(client.get("/floors"))
    assert operator_browser.get("/floors/shipping").status_code == 200
    operator_browser.post("/auth/logout")
    assert operator_browser.get("/floors/shipping").status_code == 404


def _form_values(html):
    """What a browser would send back for the form on ``html``, unchanged."""
    import re
    from html import unescape

    values = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = unescape((re.search(r'value="([^"]*)"', tag) or [None, ""])[1])
        if kind == "checkbox":
            if "checked" in tag:
                values.setdefault(name[1], []).append(value)
        else:
            values[name[1]] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        values[name] = unescape((chosen.group(1) or chosen.group(2)) if chosen else "")
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = unescape(body).strip("\n")
    return values
