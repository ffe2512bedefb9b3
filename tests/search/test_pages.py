"""The search page and API as buyers and their ERP systems use them."""
from marketplace.search import services


def _offer(world, catalog):
    supplier = world.enterprise(region="lingang")
    rebar = catalog.listing(supplier, "steel.rebar", "HRB400E 螺纹钢 Φ20mm", "HRB400E rebar 20 mm", price="4100.00",
                            attributes={"grade": "HRB400E", "diameter_mm": 20}, certifications=["ISO 9001"])
    catalog.listing(supplier, "steel.rebar", "HRB400E 螺纹钢 Φ12 <script>alert(1)</script>", "Rebar 12 mm",
                    price="4000.00")
    catalog.listing(supplier, "chemicals.fertiliser", "尿素 46%", "Urea 46%", price="2300.00")
    services.drain()
    return supplier, rebar


def test_a_buyer_searches_in_chinese_and_refines_with_facets(world, catalog, client, ctx):
    supplier, rebar = _offer(world, catalog)
    chinese = {"Accept-Language": "zh-CN"}

    page = client.get("/search?q=螺纹钢", headers=chinese)
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "HRB400E <mark>螺纹钢</mark> Φ20mm" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "¥4,100.00" in html
    assert f"/listings/{rebar.public_id}" in html
    assert "region=lingang" in html  # facet values are links
    assert supplier.name_zh in html  # the enterprise index answers too

    refined = client.get("/search?q=螺纹钢&price_min=4050&sort=price_asc", headers=chinese).get_data(as_text=True)
    assert "Φ20mm" in refined and "Φ12" not in refined


def test_next_page_link_walks_the_results_without_javascript(world, catalog, client, ctx):
    supplier = world.enterprise()
    for n in range(3):
        catalog.listing(supplier, "agriculture.grain", f"东北玉米 {n}", f"Corn {n}")
    services.drain()

    english = {"Accept-Language": "en"}
    first = client.get("/search?q=玉米&limit=2&sort=newest", headers=english).get_data(as_text=True)
    assert "Next page" in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(next_url, headers=english).get_data(as_text=True)

    def shown(html):
        return {f"Corn {n}" for n in range(3) if f"Corn {n}" in html}

    assert len(shown(first)) == 2 and len(shown(second)) == 1
    assert shown(first) | shown(second) == {"Corn 0", "Corn 1", "Corn 2"}
    assert "Next page" not in second


def test_a_bad_filter_is_left_out_not_refused(world, catalog, client, ctx):
    _offer(world, catalog)

    page = client.get("/search?q=尿素&price_min=cheap&cursor=forged", headers={"Accept-Language": "en"})

    assert page.status_code == 200
    assert "left out: cursor, price_min" in page.get_data(as_text=True)
    assert "Urea 46%" in page.get_data(as_text=True)


def test_the_api_searches_with_facets_cursor_and_highlights(world, catalog, client, ctx):
    supplier, rebar = _offer(world, catalog)
    owner = world.person()
    buyer = world.enterprise(owner=owner, kinds=("buyer",))
    token = world.token(owner, buyer, ["catalog:read"])
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

    body = client.get("/api/v1/search?q=螺纹钢&limit=1&sort=price_desc", headers=headers).get_json()

    assert body["total"] == 2
    assert body["items"][0]["public_id"] == rebar.public_id
    assert body["items"][0]["price"] == {"amount": "4100.00", "currency": "CNY", "unit": "t"}
    assert body["items"][0]["highlights"]["title_zh"] == "HRB400E <mark>螺纹钢</mark> Φ20mm"
    assert {"value": "lingang", "count": 2} in body["facets"]["region"]
    second = client.get(f"/api/v1/search?q=螺纹钢&limit=1&sort=price_desc&cursor={body['next_cursor']}",
                        headers=headers).get_json()
    assert "&lt;script&gt;" in second["items"][0]["highlights"]["title_zh"]
    assert second["next_cursor"] is None

    refused = client.get("/api/v1/search?q=螺纹钢&cursor=forged", headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"cursor": ["Use next_cursor from a previous page."]}

    suggestions = client.get("/api/v1/search/suggest?q=尿", headers=headers).get_json()
    assert [item["title_en"] for item in suggestions["items"]] == ["Urea 46%"]


def test_the_api_says_503_when_the_engine_is_down(world, client, outage, ctx):
    owner = world.person()
    buyer = world.enterprise(owner=owner)
    token = world.token(owner, buyer, ["catalog:read"])
    outage.begin()

    response = client.get("/api/v1/search?q=尿素", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 503
    assert response.content_type == "application/problem+json"


def test_the_search_box_suggests_titles_as_the_buyer_types(world, catalog, client, ctx):
    _offer(world, catalog)

    chinese = client.get("/search/suggest?q=螺纹", headers={"Accept-Language": "zh-CN"}).json["items"]
    english = client.get("/search/suggest?q=螺纹").json["items"]

    assert "HRB400E 螺纹钢 Φ20mm" in chinese
    assert "HRB400E rebar 20 mm" in english
    assert client.get("/search/suggest?q=").json["items"] == []
