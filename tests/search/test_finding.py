"""Buyers find listings as they type them, in Chinese, English or both, and only what is on offer."""
from marketplace.search import services
from tests.search.conftest import search, titles


def _steel_and_chemicals(world, catalog):
    supplier = world.enterprise()
    rebar = catalog.listing(supplier, "steel.rebar", "HRB400E 热轧带肋钢筋 Φ20mm", "HRB400E ribbed bar, 20 mm",
                            attributes={"grade": "HRB400E", "diameter_mm": 20, "length_m": "12"})
    thin_rebar = catalog.listing(supplier, "steel.rebar", "HRB400E 螺纹钢 Φ12", "HRB400E rebar 12 mm",
                                 attributes={"grade": "HRB400E", "diameter_mm": 12})
    urea = catalog.listing(supplier, "chemicals.fertiliser", "大颗粒尿素 46%", "Granular urea 46% N")
    plate = catalog.listing(supplier, "steel.plate", "Q235B 中厚板", "Q235B hot-rolled plate")
    services.drain()
    return rebar, thin_rebar, urea, plate


def test_chinese_as_users_type_it(world, catalog, ctx):
    rebar, thin_rebar, urea, plate = _steel_and_chemicals(world, catalog)

    # The rebar whose title never says 螺纹钢 is found through its category and its synonyms.
    assert set(titles(search("螺纹钢"))) == {rebar.title_zh, thin_rebar.title_zh}
    assert titles(search("尿素")) == [urea.title_zh]
    assert titles(search("HRB400 螺纹钢 20mm"))[0] == rebar.title_zh
    assert urea.title_zh not in titles(search("HRB400 螺纹钢 20mm"))
    assert titles(search("钢筋"))[0] in {rebar.title_zh, thin_rebar.title_zh}
    assert set(titles(search("钢"))) == {rebar.title_zh, thin_rebar.title_zh, plate.title_zh}  # one character


def test_english_and_model_codes(world, catalog, ctx):
    rebar, thin_rebar, urea, plate = _steel_and_chemicals(world, catalog)

    assert set(titles(search("rebar"))) == {rebar.title_zh, thin_rebar.title_zh}
    assert titles(search("urea")) == [urea.title_zh]
    assert titles(search("Urea fertilizer")) == [urea.title_zh]
    assert titles(search("plates")) == [plate.title_zh]  # stemmed
    assert set(titles(search("HRB400"))) == {rebar.title_zh, thin_rebar.title_zh}  # a prefix of HRB400E
    assert titles(search("q235b")) == [plate.title_zh]


def test_matches_are_highlighted(world, catalog, ctx):
    _steel_and_chemicals(world, catalog)

    hit = search("尿素").hits[0]

    assert ("尿素", True) in hit.highlights["title_zh"]


def test_only_published_listings_of_verified_enterprises_are_found(world, catalog, ctx, app):
    from marketplace.accounts import services as accounts

    supplier = world.enterprise()
    published = catalog.listing(supplier, "chemicals.basic", "工业甲醇 99.9%", "Methanol 99.9%")
    catalog.listing(supplier, "chemicals.basic", "甲醇 草稿", "Methanol draft", status="draft")
    catalog.listing(world.enterprise(verified=False), "chemicals.basic", "甲醇 待审核", "Methanol pending")
    services.drain()
    assert titles(search("甲醇")) == [published.title_zh]

    catalog.change(published, status="paused")
    services.drain()
    assert titles(search("甲醇")) == []

    catalog.change(published, status="published")
    services.drain()
    assert titles(search("甲醇")) == [published.title_zh]

    operator = world._operator()
    accounts.change_enterprise_status(operator, supplier.public_id, "suspended", reason="licence expired")
    services.drain()
    assert titles(search("甲醇")) == []
    assert services.suggest("甲醇") == []

    accounts.change_enterprise_status(operator, supplier.public_id, "verified")
    services.drain()
    assert titles(search("甲醇")) == [published.title_zh]


def test_facets_count_and_filter(world, catalog, ctx):
    teda, tanggu = world.enterprise(region="teda"), world.enterprise(region="tanggu")
    catalog.listing(teda, "steel.rebar", "螺纹钢 A", price="4100.00", certifications=["ISO 9001"])
    catalog.listing(teda, "steel.plate", "钢板 B", price="4500.00", stock="0")
    catalog.listing(tanggu, "steel.rebar", "螺纹钢 C", price="3900.00")
    catalog.listing(tanggu, "chemicals.fertiliser", "尿素 D", price="800.00", certifications=["ISO 9001"])
    services.drain()

    everything = search()
    assert dict(everything.facets["region"]) == {"teda": 2, "tanggu": 2}
    assert dict(everything.facets["floor"]) == {"steel": 3, "chemicals": 1}
    assert dict(everything.facets["certification"]) == {"ISO 9001": 2}
    assert everything.facets["in_stock"] == 3
    assert dict(everything.facets["price"])[(None, 100_000)] == 1

    by_region = search(region=("tanggu",))
    assert sorted(titles(by_region)) == ["尿素 D", "螺纹钢 C"]
    # The region facet still counts the other region, so a second one can be added.
    assert dict(by_region.facets["region"]) == {"teda": 2, "tanggu": 2}
    assert dict(by_region.facets["floor"]) == {"steel": 1, "chemicals": 1}

    assert sorted(titles(search(category=("steel",)))) == ["螺纹钢 A", "螺纹钢 C", "钢板 B"]  # with subcategories
    assert sorted(titles(search(category=("steel.rebar",), region=("teda", "tanggu")))) == ["螺纹钢 A", "螺纹钢 C"]
    assert "钢板 B" not in titles(search(in_stock=True))
    assert sorted(titles(search(price_min=100_000, price_max=420_000))) == ["螺纹钢 A", "螺纹钢 C"]
    assert titles(search(certification=("ISO 9001",), floor=("chemicals",))) == ["尿素 D"]
    assert search(verified=True).total == 4


def test_sorting_and_search_after_pages(world, catalog, ctx):
    supplier = world.enterprise()
    for n in range(7):
        catalog.listing(supplier, "agriculture.grain", f"玉米 {n}", f"Corn {n}", price=f"{2500 + (n * 37) % 5}.00")
    catalog.listing(supplier, "agriculture.grain", "玉米 面议", "Corn, price on request", price=None)
    services.drain()

    cheapest_first = titles(search("玉米", sort="price_asc", size=20))
    assert cheapest_first[-1] == "玉米 面议"  # no price: last either way
    assert titles(search("玉米", sort="price_desc", size=20))[-1] == "玉米 面议"
    assert titles(search("玉米", sort="newest", size=20))[0] == "玉米 面议"

    seen, cursor = [], None
    while True:
        args = {"q": "玉米", "category": [], "floor": [], "region": [], "certification": [], "in_stock": False,
                "verified": False, "price_min": None, "price_max": None, "sort": "price_asc", "limit": 3,
                "cursor": cursor}
        page, cursor = services.search_listings(services.request_from(args))
        seen += titles(page)
        if cursor is None:
            break
    assert seen == cheapest_first


def test_a_cursor_belongs_to_its_sort(world, catalog, ctx):
    import pytest

    from marketplace.errors import InvalidInput

    supplier = world.enterprise()
    for n in range(3):
        catalog.listing(supplier, "agriculture.cotton", f"皮棉 {n}")
    services.drain()
    args = {"q": "", "category": [], "floor": [], "region": [], "certification": [], "in_stock": False,
            "verified": False, "price_min": None, "price_max": None, "sort": "newest", "limit": 1, "cursor": None}
    _page, cursor = services.search_listings(services.request_from(args))

    with pytest.raises(InvalidInput):
        services.request_from(args | {"cursor": cursor, "sort": "price_asc"})
    with pytest.raises(InvalidInput):
        services.request_from(args | {"cursor": cursor + "x"})


def test_typeahead_suggests_titles_as_typed(world, catalog, ctx):
    supplier = world.enterprise()
    rebar = catalog.listing(supplier, "steel.rebar", "螺纹钢 HRB400E Φ25", "Rebar HRB400E 25 mm")
    catalog.listing(supplier, "steel.rebar", "螺纹钢 草稿", status="draft")
    services.drain()

    assert [s["public_id"] for s in services.suggest("螺纹")] == [rebar.public_id]
    assert [s["public_id"] for s in services.suggest("hrb4")] == [rebar.public_id]
    assert [s["public_id"] for s in services.suggest("Reb")] == [rebar.public_id]
    assert services.suggest("尿") == []
