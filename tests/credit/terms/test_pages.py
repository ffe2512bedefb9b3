"""The terms page and the API: the whole table, and where one's own enterprises stand against their grade's terms."""
from decimal import Decimal

from marketplace.accounts import services as accounts
from tests.builders import owner_of
from trading.book import services as book


def test_the_terms_page_shows_the_table_and_the_person_s_enterprises(client, world, grades, buyer):
    grades[buyer] = "A"
    world.login(client, owner_of(buyer))
    response = client.get("/credit/terms", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="grade-C"' in page and "refused" in page
    row = page[page.index(f'id="{buyer.public_id}"'):]
    row = row[:row.index("</tr>")]
    assert buyer.credit_code in row and "<strong>A</strong>" in row
    assert "CN¥1,000,000.00" in row  # the deferred-payment limit of grade A
    assert "Settlement does not offer it yet" in page


def test_the_terms_page_asks_to_sign_in(client):
    assert client.get("/credit/terms").status_code == 302


def test_the_api_gives_the_table_and_the_token_s_enterprise_s_terms(client, world, grades, seller, rebar_2612):
    grades[seller] = "BB"
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", Decimal("10"), 401_000)
    token = world.token(owner_of(seller), seller, ("credit:read",))
    body = client.get("/api/v1/credit/terms", headers={"Authorization": f"Bearer {token}"}).json
    assert body["currency"] == "CNY"
    assert [row["grade"] for row in body["grades"]] == ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]
    assert body["grades"][-1] == {"grade": "C", "deposit_percent": "100", "max_open_order_minor": 0,
                                  "open_account_minor": 0, "may_trade": False}
    mine = body["enterprise"]
    assert (mine["enterprise"], mine["credit_code"]) == (seller.public_id, seller.credit_code)
    assert mine["terms"]["grade"] == "BB" and mine["terms"]["deposit_percent"] == "20"
    assert mine["open_order_minor"] == 4_010_000
    assert set(mine) == {"enterprise", "credit_code", "terms", "open_order_minor"}


def test_a_staff_token_reads_the_table_without_an_enterprise(client, world):
    regulator = world.regulator()
    _token, secret = accounts.create_staff_token(regulator, "oversight", ["credit:read"])
    body = client.get("/api/v1/credit/terms", headers={"Authorization": f"Bearer {secret}"}).json
    assert len(body["grades"]) == 9 and body["enterprise"] is None


def test_the_openapi_document_describes_the_terms(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "get" in spec["paths"]["/api/v1/credit/terms"] or "get" in spec["paths"]["/credit/terms"]
