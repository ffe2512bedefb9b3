"""Through the real credit file and grading (no grade set by hand): a blacklisted enterprise's order is refused
naming its grade, and its terms page says so."""
from decimal import Decimal

import pytest

from credit.file import services as credit_file
from credit.terms.services import terms_of
from marketplace.errors import InvalidInput
from tests.builders import owner_of
from trading.book import services as book


def test_a_blacklisted_enterprise_s_next_order_is_refused_naming_grade_c(client, world, seller, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 401_000)
    credit_file.record_entry(world.regulator(), {
        "credit_code": seller.credit_code, "kind": "serious_dishonesty", "severity": "serious",
        "authority": "天津市市场监督管理委员会", "title": "列入严重违法失信名单 / Serious illegal and dishonest list",
        "decided_on": "2026-01-05"})
    assert terms_of(seller).grade == "C"

    with pytest.raises(InvalidInput) as refused:
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 401_000)
    assert refused.value.errors["order"] == [
        "Credit grade C may not place orders, bids or listings: the trading terms of grade C refuse it."]
    world.login(client, owner_of(seller))
    page = client.get("/credit/terms", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "may not place orders, bids or listings" in page
