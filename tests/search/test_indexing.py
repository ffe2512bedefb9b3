"""The index follows the database through the outbox: in bulk, idempotently, and losing nothing."""
import threading

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.outbox import OutboxConsumption
from marketplace.search import documents, indexer, services
from marketplace.search.backend import SearchUnavailable
from tests.search.conftest import search, titles


def _consumed():
    return db.session.scalar(select(func.count()).select_from(OutboxConsumption).where(
        OutboxConsumption.consumer == indexer.CONSUMER))


def test_a_drain_consumes_each_event_once_and_a_second_drain_has_nothing_to_do(world, catalog, ctx):
    supplier = world.enterprise()
    listing = catalog.listing(supplier, "chemicals.plastics", "PVC 树脂 SG-5", "PVC resin SG-5")
    catalog.change(listing, title_zh="PVC 树脂 SG-5 电石法")
    pending = services.drain()

    assert pending >= 3  # the enterprise's registration and verification, and the listing twice
    assert services.drain() == 0
    assert _consumed() == pending
    assert titles(search("电石法")) == ["PVC 树脂 SG-5 电石法"]


def test_a_stale_version_never_overwrites_a_newer_one(world, catalog, ctx):
    supplier = world.enterprise()
    listing = catalog.listing(supplier, "chemicals.plastics", "聚丙烯 拉丝料", "PP yarn grade")
    paths = indexer.category_paths()
    old = documents.listing_document(listing, paths[listing.category_id])
    catalog.change(listing, title_zh="聚丙烯 注塑料", title_en="PP injection grade")
    services.drain()

    backend = services.backend()
    assert backend.write(backend.alias(documents.LISTINGS), [old]) == set()  # a 409, counted as already done
    backend.refresh(documents.LISTINGS)

    assert titles(search("聚丙烯")) == ["聚丙烯 注塑料"]


def test_two_drains_at_once_index_everything_once(world, catalog, app, ctx):
    supplier = world.enterprise()
    for n in range(30):
        catalog.listing(supplier, "agriculture.seafood", f"冻虾 {n} 号", f"Frozen shrimp {n}")
    start = threading.Barrier(2)
    outcomes = []

    def drain():
        with app.app_context():
            start.wait()
            try:
                outcomes.append(indexer.drain(services.backend(), batch_size=7))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2
    assert search("冻虾").total == 30
    assert services.drain() == 0
    assert _consumed() == db.session.scalar(select(func.count()).select_from(indexer.OutboxEvent))


def test_engine_down_the_site_works_nothing_is_lost_and_search_catches_up(world, catalog, client, outage, ctx):
    supplier = world.enterprise()
    paused = catalog.listing(supplier, "agriculture.cotton", "新疆长绒棉 3128B", "Xinjiang long-staple cotton")
    services.drain()
    outage.begin()

    catalog.change(paused, status="paused")
    added = catalog.listing(supplier, "agriculture.cotton", "新疆机采棉 3129", "Xinjiang machine-picked cotton")
    with pytest.raises(SearchUnavailable):
        services.drain()
    page = client.get("/search?q=棉花", headers={"Accept-Language": "en"})
    listing_page = client.get(f"/listings/{added.public_id}")

    assert page.status_code == 503
    assert "Search is unavailable" in page.get_data(as_text=True)
    assert listing_page.status_code == 200  # listing pages come from the database

    outage.end()
    assert services.drain() >= 2
    assert titles(search("棉花")) == [added.title_zh]


def test_reindex_swaps_while_searches_keep_answering(world, catalog, app, ctx):
    supplier = world.enterprise()
    for n in range(120):
        catalog.listing(supplier, "steel.pipe", f"无缝钢管 {n}", f"Seamless pipe {n}")
    services.drain()
    counts, stop = [], threading.Event()

    def keep_searching():
        with app.test_request_context():
            while not stop.is_set():
                counts.append(search("钢管").total)
            counts.append(search("钢管").total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            indexer.reindex(services.backend(), chunk_size=25)
    finally:
        stop.set()
        searcher.join()

    assert len(counts) > 1
    assert set(counts) == {120}


def test_reindex_replays_changes_drained_into_the_old_index_meanwhile(world, catalog, ctx, monkeypatch):
    supplier = world.enterprise()
    public_id = catalog.listing(supplier, "steel.coil", "热轧卷板 Q235B", "Hot-rolled coil Q235B").public_id
    services.drain()
    build = indexer._build

    def build_then_change(backend, name, *args):
        index = build(backend, name, *args)
        if name == documents.LISTINGS:  # a supplier edits, and the worker drains, during the rebuild
            listing = db.session.scalar(select(Listing).where(Listing.public_id == public_id))
            catalog.change(listing, title_zh="热轧卷板 SPHC", title_en="Hot-rolled coil SPHC")
            indexer.drain(backend)
        return index

    monkeypatch.setattr(indexer, "_build", build_then_change)
    services.reindex()

    assert titles(search("SPHC")) == ["热轧卷板 SPHC"]


def test_the_background_indexer_follows_changes(world, catalog, app, ctx):
    supplier = world.enterprise()
    worker = indexer.Indexer(app, services.backend(), interval=0.05)
    worker.start()
    try:
        listing = catalog.listing(supplier, "services.testing", "钢材力学性能检测", "Mechanical testing of steel")
        for _ in range(200):
            if titles(search("力学性能")):
                break
            worker.stopped.wait(0.05)
    finally:
        worker.stop()
    assert titles(search("力学性能")) == [listing.title_zh]
    assert not worker.thread.is_alive()


def test_binhai_search_reindex_shows_progress_and_swaps(world, catalog, runner, ctx):
    supplier = world.enterprise()
    catalog.listing(supplier, "resources.instrument", "扫描电镜 SEM 机时", "SEM instrument time", unit="hour",
                    stock=None)
    backend = services.backend()
    before = set(backend.client.indices.get_alias(name=backend.alias(documents.LISTINGS)).body)

    result = runner.invoke("search", "reindex")

    assert result.exit_code == 0, result.output
    assert "indexing listings and enterprises" in result.output
    after = set(backend.client.indices.get_alias(name=backend.alias(documents.LISTINGS)).body)
    assert after and after != before
    assert titles(search("电镜")) == ["扫描电镜 SEM 机时"]  # rebuilt from the database, no drain needed
