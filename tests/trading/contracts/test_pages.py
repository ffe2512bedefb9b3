"""Contract pages: the list of an enterprise's contracts and one contract's full terms."""
import html
import re

from sqlalchemy import select

from marketplace.extensions import db
from tests.builders import owner_of
from trading.contracts.models import Contract


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_the_list_shows_counterparty_quantity_amount_and_status_newest_first(world, client, seller, buyer, two_fills):
    world.login(client, owner_of(seller))

    listed = text_of(client.get(f"/enterprises/{seller.public_id}/contracts"))

    assert listed.index("20 tonne") < listed.index("30 tonne"), "newest first"
    assert "CN¥80,200.00" in listed and "CN¥120,000.00" in listed
    assert f"{buyer.name_en} (we sell)" in listed and listed.count("Awaiting payment") == 2


def test_a_contract_page_shows_the_full_terms_and_that_it_awaits_payment(world, client, seller, buyer, two_fills,
                                                                         rebar_2612):
    contract = db.session.scalar(select(Contract).order_by(Contract.id))
    world.login(client, owner_of(buyer))

    page = client.get(f"/enterprises/{buyer.public_id}/contracts/{contract.public_id}")

    shown = text_of(page)
    assert page.status_code == 200
    assert "Awaiting payment: the buyer pays CN¥120,000.00 (and a fee of CN¥60.00) into escrow next" in shown
    assert seller.credit_code in shown and buyer.credit_code in shown
    assert "Grade HRB400E" in shown and "30 tonne" in shown and "CN¥4,000.00 per tonne" in shown
    assert "天津港散货物流中心" in shown and "2026-12" in shown and "VAT invoice" in shown
    assert f"/enterprises/{buyer.public_id}/floors/steel/{rebar_2612.public_id}" in page.get_data(as_text=True)


def test_outsiders_do_not_see_a_contract_but_a_regulator_does(world, client, seller, buyer, two_fills):
    contract = db.session.scalar(select(Contract))
    outsider = world.enterprise()
    world.login(client, owner_of(outsider))
    assert client.get(f"/enterprises/{outsider.public_id}/contracts/{contract.public_id}").status_code == 404

    regulator = world.regulator()
    world.login(client, regulator)
    assert client.get(f"/enterprises/{seller.public_id}/contracts/{contract.public_id}").status_code == 200
    assert contract.public_id in text_of(client.get(f"/enterprises/{seller.public_id}/contracts"))


def test_the_contract_page_speaks_chinese(world, client, buyer, two_fills):
    contract = db.session.scalar(select(Contract))
    world.login(client, owner_of(buyer))

    page = client.get(f"/enterprises/{buyer.public_id}/contracts/{contract.public_id}",
                      headers={"Accept-Language": "zh-CN"})

    assert page.status_code == 200 and "螺纹钢 HRB400E Φ20 天津 2612" in text_of(page)
