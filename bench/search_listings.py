"""Search at 100,000 listings: indexing throughput and query latency, against SQL ``LIKE`` on the same rows.

Ours: the embedded engine (osmem-server) fed the way production feeds it — the outbox drained by
``indexer.drain`` (load rows, build documents, bulk with external versions, mark consumed), and a
full ``reindex`` behind the alias — then ``services.search_listings`` (query DSL with facets,
highlights and sort) for queries people type. Peer: the same page of 20 published listings of
verified enterprises with a total, by ``LIKE '%word%'`` on titles and descriptions, newest first.
Also printed: how many listings each finds, since ``LIKE`` knows no category synonyms, no
``HRB400`` → ``HRB400E`` and needs the exact substring.
"""
import os
import random
import statistics
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select, text

from bench.app_setup import build
from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Category, Listing, PriceTier
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from marketplace.search import engine, indexer, services
from marketplace.search.query import SearchRequest

LISTINGS = int(os.environ.get("BENCH_SEARCH_LISTINGS", 100_000))
CHANGED = LISTINGS // 10  # listings with a pending outbox event, drained through the live path
ENTERPRISES = 500
QUERY_ROUNDS = 10  # the in-memory engine takes seconds per query at this size; p95 of 10 is nearly the max
QUERIES = ("螺纹钢", "尿素", "HRB400 螺纹钢 20mm", "热轧卷板 Q235B", "urea", "hot rolled coil")
REGIONS = ("teda", "tanggu", "lingang", "nangang", "dagang", "free_trade_zone")

# (category, Chinese title, English title): templates filled with grades and sizes.
OFFERS = (
    ("steel.rebar", "{grade} 热轧带肋钢筋 Φ{size}mm", "{grade} ribbed bar {size} mm", ("HRB400", "HRB400E", "HRB500E")),
    ("steel.plate", "{grade} 中厚板 {size}mm", "{grade} plate {size} mm", ("Q235B", "Q355B")),
    ("steel.coil", "{grade} 热轧卷板 {size}mm", "{grade} hot-rolled coil {size} mm", ("Q235B", "SPHC", "SS400")),
    ("chemicals.fertiliser", "尿素 {size}% 大颗粒 {grade}", "Granular urea {size}% {grade}", ("农业级", "工业级")),
    ("chemicals.basic", "甲醇 {grade} 纯度 {size}%", "Methanol {grade} {size}%", ("优等品", "一等品")),
    ("agriculture.grain", "东北玉米 {grade} 水分 {size}%", "Northeast corn {grade} moisture {size}%", ("一等", "二等")),
    ("services.testing", "{grade} 检测服务 {size} 个样品", "{grade} testing, {size} samples", ("金属力学", "化学成分")),
)


def run(database_url, instance):
    server = engine.start()
    os.environ.update(ELASTICSEARCH_URL=server.url, SEARCH_MEDIA_TYPES="plain-json")
    try:
        app = build(database_url, instance)
    finally:
        del os.environ["ELASTICSEARCH_URL"], os.environ["SEARCH_MEDIA_TYPES"]
    try:
        with app.test_request_context():
            _measure(app)
            db.session.remove()
    finally:
        server.close()


def _measure(app):
    services.reindex()  # empty indexes behind the aliases, as on a new installation
    started = time.perf_counter()
    _seed()
    seeded = time.perf_counter() - started

    started = time.perf_counter()
    drained = services.drain()  # into the empty indexes
    drain_rate = drained / (time.perf_counter() - started)
    started = time.perf_counter()
    services.reindex()
    reindex_rate = indexer.rows_to_index() / (time.perf_counter() - started)

    print(f"\n## search at {LISTINGS:,} listings ({ENTERPRISES} enterprises), embedded engine "
          f"(osmem-server); rows seeded in {seeded:.0f} s")
    print(f"  indexing, outbox drain of {drained:,} changes (the live path) {drain_rate:>10,.0f} events/s")
    print(f"  indexing, full reindex behind the alias             {reindex_rate:>10,.0f} rows/s")
    print(f"  {'query':<22} {'ours p50':>9} {'ours p95':>9} {'found':>7} {'LIKE p50':>9} {'LIKE p95':>9} {'found':>7}")
    ours_all, peer_all = [], []
    for words in QUERIES:
        ours, found = _latencies(lambda: services.search_listings(SearchRequest(text=words))[0].total)
        peer, peer_found = _latencies(lambda: _like(words))
        ours_all += ours
        peer_all += peer
        print(f"  {words:<22} {_ms(ours, 50):>9} {_ms(ours, 95):>9} {found:>7,} {_ms(peer, 50):>9} {_ms(peer, 95):>9}"
              f" {peer_found:>7,}")
    faceted, _ = _latencies(lambda: services.search_listings(SearchRequest(
        text="螺纹钢", region=("teda", "tanggu"), price_min=300_000, in_stock=True, sort="price_asc"))[0].total)
    print(f"  {'螺纹钢 + 3 facets':<22} {_ms(faceted, 50):>9} {_ms(faceted, 95):>9}")
    print(f"  {'all queries':<22} {_ms(ours_all, 50):>9} {_ms(ours_all, 95):>9} {'':>7} {_ms(peer_all, 50):>9}"
          f" {_ms(peer_all, 95):>9}")


def _latencies(work):
    work()  # warm caches once; the figure is the steady state
    times, result = [], None
    for _ in range(QUERY_ROUNDS):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def _ms(times, percentile):
    return f"{statistics.quantiles(times, n=100)[percentile - 1] * 1000:.1f} ms"


def _like(words):
    """The page and the total a plain SQL search gives: every word as a substring of a title or description."""
    where = " AND ".join(
        f"(l.title_zh LIKE :w{n} OR l.title_en LIKE :w{n} OR l.description_zh LIKE :w{n} OR l.description_en LIKE :w{n})"
        for n in range(len(words.split())))
    params = {f"w{n}": f"%{word}%" for n, word in enumerate(words.split())}
    visible = "l.status = 'published' AND e.status = 'verified'"
    base = f"FROM listings l JOIN enterprises e ON e.id = l.enterprise_id WHERE {visible} AND {where}"
    db.session.execute(text(f"SELECT l.public_id, l.title_zh {base} ORDER BY l.published_at DESC LIMIT 20"),
                       params).all()
    return db.session.execute(text(f"SELECT count(*) {base}"), params).scalar()


def _seed():
    """Enterprises, listings and price tiers inserted in bulk; outbox events for the first CHANGED listings."""
    rng = random.Random(2026)
    now = datetime.now(timezone.utc)
    categories = {c.code: c.id for c in db.session.scalars(select(Category))}
    db.session.execute(insert(Enterprise), [{
        "public_id": f"ent_bench{n:015d}", "credit_code": f"91120116BENCH{n:05d}", "name_zh": f"天津滨海基准企业{n}",
        "name_en": f"Binhai Bench Enterprise {n}", "region": rng.choice(REGIONS), "address": "天津市滨海新区",
        "contact_name": "王芳", "contact_phone": "022-0000", "contact_email": f"e{n}@bench.local",
        "status": "verified", "created_at": now, "verified_at": now, "version": 1} for n in range(ENTERPRISES)])
    enterprise_ids = db.session.scalars(select(Enterprise.id)).all()
    for start in range(0, LISTINGS, 5000):
        rows = []
        for n in range(start, min(start + 5000, LISTINGS)):
            code, title_zh, title_en, grades = OFFERS[n % len(OFFERS)]
            fill = {"grade": rng.choice(grades), "size": rng.choice((6, 8, 10, 12, 16, 20, 25, 32, 46, 99))}
            rows.append({
                "public_id": f"lst_bench{n:015d}", "enterprise_id": rng.choice(enterprise_ids), "kind": "product",
                "category_id": categories[code], "status": "published" if n % 10 else "paused",
                "title_zh": title_zh.format(**fill), "title_en": title_en.format(**fill),
                "description_zh": "现货供应，天津港交货，质量保证", "description_en": "In stock, delivered at Tianjin port",
                "attributes": {}, "unit": "t", "currency": "CNY", "min_order_quantity": 1, "stock": rng.randint(0, 900),
                "origin": "天津", "certifications": rng.sample(["ISO 9001", "CCC", "GB"], rng.randint(0, 2)),
                "service_scope": "", "location": "", "version": 1, "created_at": now, "updated_at": now,
                "published_at": now - timedelta(minutes=n)})
        db.session.execute(insert(Listing), rows)
        ids = db.session.execute(select(Listing.id, Listing.public_id).where(
            Listing.public_id.in_([row["public_id"] for row in rows]))).all()
        db.session.execute(insert(PriceTier), [
            {"listing_id": listing_id, "min_quantity": 1, "unit_price_minor": rng.randint(1_500, 6_000) * 100}
            for listing_id, _ in ids])
        events = [{"topic": "listing.changed", "aggregate_type": "listing", "aggregate_id": public_id, "version": 1,
                   "payload": {}, "created_at": now} for _, public_id in ids if int(public_id[-15:]) < CHANGED]
        if events:
            db.session.execute(insert(OutboxEvent), events)
        db.session.commit()
    assert db.session.scalar(select(func.count(Listing.id))) == LISTINGS
