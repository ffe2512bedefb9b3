"""Order entry end to end: single orders and batches on the real server under concurrent clients.

Ours: gunicorn as ``binhai serve`` runs it (``WORKERS`` processes of 4 threads, rate limits off),
``CONNECTIONS`` keep-alive clients in two client processes, each posting limit orders with an
Idempotency-Key, one verified enterprise buying and one selling, on an instrument of the steel floor open around
the clock: token check, idempotency record, pre-trade checks, the instrument's one-writer lock,
the engine, the stored command and order, a trade and a contract when it crosses, the audit record,
the answer with its fills. Prices sit a few ticks either side of the reference, so about one order
in three trades. Batches: the same kind of orders, ``BATCH`` to a ``POST /api/v1/trading/order-batches``
(each batch one enterprise's, all buying or all selling), counted as orders per second. Peer: as many
authenticated ``GET /api/v1/trading/orders/<id>`` of one order on the same server and clients — the
floor the framework, the token check and one read put under any call. Server, database and clients
share the machine's cores.
"""
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid

from bench.app_setup import build

ORDERS = int(os.environ.get("BENCH_API_ORDERS", "3000"))
WORKERS = int(os.environ.get("BENCH_API_WORKERS", "4"))
BATCH = int(os.environ.get("BENCH_API_BATCH", "100"))
CONNECTIONS = 16
CLIENT_PROCESSES = 2
REFERENCE_MINOR = 400_000
STEEL_TICK_MINOR = 100
SERVER_CONFIG = {"SECRET_KEY": "benchmark-secret-key-0123456789", "RATE_LIMITS": False, "SEARCH_EMBEDDED": False,
                 "PASSWORD_HASH_COST": "fast"}


def _seed(app):
    """An operator, an instrument open around the clock, two verified enterprises with trading tokens."""
    from stdnum.cn import uscc

    from marketplace.accounts import services
    from marketplace.extensions import db
    from trading.floors import services as floors

    with app.test_request_context():
        operator = services.sign_up("operator@bench.local", "Bench Operator", "bench password 123")
        services.grant_platform_role("operator@bench.local", "operator")
        floor = floors.floor_by_code("steel")
        floor.sessions = [{"opens": "00:00", "closes": "24:00"}]
        floor.open_weekdays = list(range(7))
        floor.closed_on_holidays = False
        db.session.commit()
        instrument = floors.create_instrument(
            operator, "steel", "RB-HRB400E-BENCH", "螺纹钢 HRB400E Φ20 基准", "Rebar HRB400E 20 mm bench",
            {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}, "天津港散货物流中心",
            "2026-12", REFERENCE_MINOR)
        tokens = []
        for n in range(2):
            owner = services.sign_up(f"trader{n}@bench.local", f"Bench Trader {n}", "bench password 123")
            body = f"9112011{n}MA000000{n}"
            enterprise = services.register_enterprise(
                owner, body + uscc.calc_check_digit(body), ["supplier", "buyer"], name_zh=f"滨海基准交易{n}",
                name_en=f"Binhai Bench Trader {n}", region="teda", address="天津市滨海新区", contact_name="王芳",
                contact_phone="022-0000", contact_email=f"c{n}@bench.local")
            services.change_enterprise_status(operator, enterprise.public_id, "verified")
            _, plain = services.create_api_token(owner, enterprise, "bench", ["trading:read", "trading:write"])
            tokens.append(plain)
        return instrument.public_id, int(floor.lot_size), tokens


def serve(database_url, instance, port, workers):
    """The server process: gunicorn with ``binhai serve``'s settings on the benchmark database."""
    from gunicorn.app.base import BaseApplication

    from marketplace import create_app

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")

        def load(self):
            return create_app({**SERVER_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=instance)

    Server().run()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the benchmark server stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the benchmark server did not answer within a minute")


def _client(job):
    """One client process: ``threads`` keep-alive connections sharing ``count`` requests.

    :return: (first start, last end, latencies in seconds, status counts) on the shared monotonic clock.
    """
    port, requests, threads = job
    plans = [[] for _ in range(threads)]
    for index, request in enumerate(requests):
        plans[index % threads].append(request)
    latencies, statuses, lock = [], {}, threading.Lock()

    def drive(plan):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, counts = [], {}
        for method, path, headers, body in plan:
            began = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            mine.append(time.perf_counter() - began)
            counts[response.status] = counts.get(response.status, 0) + 1
            if path.endswith("/order-batches") and response.status == 200:
                for item in json.loads(answer)["items"]:
                    counts[f"order {item['status']}"] = counts.get(f"order {item['status']}", 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in counts.items():
                statuses[status] = statuses.get(status, 0) + count

    workers = [threading.Thread(target=drive, args=(plan,)) for plan in plans]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return started, time.perf_counter(), latencies, statuses


def _drive(port, requests):
    """All ``requests`` through ``CONNECTIONS`` connections in ``CLIENT_PROCESSES`` processes."""
    shares = [requests[n::CLIENT_PROCESSES] for n in range(CLIENT_PROCESSES)]
    jobs = [(port, share, CONNECTIONS // CLIENT_PROCESSES) for share in shares]
    with multiprocessing.get_context("fork").Pool(CLIENT_PROCESSES) as pool:
        outcomes = pool.map(_client, jobs)
    wall = max(end for _, end, _, _ in outcomes) - min(start for start, _, _, _ in outcomes)
    latencies = sorted(latency for _, _, chunk, _ in outcomes for latency in chunk)
    statuses = {}
    for *_, counts in outcomes:
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
    return wall, latencies, statuses


def _order(rng, instrument, lot_size, side):
    """A limit order a few ticks either side of the reference: mostly passive, some cross."""
    offset = rng.randint(-3, 4) * (1 if side == "buy" else -1)
    price = REFERENCE_MINOR - offset * STEEL_TICK_MINOR
    return {"instrument": instrument, "side": side, "kind": "limit", "quantity": str(lot_size * rng.randint(1, 5)),
            "price": f"{price / 100:.2f}"}


def _headers(token):
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4())}


def _orders(instrument, lot_size, tokens, count, seed):
    """Single orders: the first enterprise buys, the second sells."""
    rng = random.Random(seed)
    requests = []
    for _ in range(count):
        side = rng.choice(("buy", "sell"))
        body = json.dumps(_order(rng, instrument, lot_size, side))
        requests.append(("POST", "/api/v1/trading/orders", _headers(tokens[0] if side == "buy" else tokens[1]), body))
    return requests


def _batches(instrument, lot_size, tokens, count, seed):
    """``count`` orders in batches of ``BATCH``, each batch one enterprise's: the first buys, the second sells."""
    rng = random.Random(seed)
    requests = []
    for _ in range(max(1, count // BATCH)):
        side = rng.choice(("buy", "sell"))
        body = json.dumps({"orders": [_order(rng, instrument, lot_size, side) for _ in range(BATCH)]})
        requests.append(("POST", "/api/v1/trading/order-batches",
                         _headers(tokens[0] if side == "buy" else tokens[1]), body))
    return requests


def _one_order(port, instrument, lot_size, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", "/api/v1/trading/orders", body=json.dumps({
        "instrument": instrument, "side": "buy", "kind": "limit", "quantity": str(lot_size),
        "price": f"{(REFERENCE_MINOR - 20 * STEEL_TICK_MINOR) / 100:.2f}"}), headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    response = connection.getresponse()
    answer = json.loads(response.read())
    if response.status != 201:
        raise RuntimeError(f"placing an order answered {response.status}: {answer}")
    return answer["id"]


def _ms(latencies, percentile):
    return f"{statistics.quantiles(latencies, n=100)[percentile - 1] * 1000:.1f} ms"


def run(database_url, instance):
    app = build(database_url, instance)
    instrument, lot_size, tokens = _seed(app)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", ("import sys; from bench.trading_api import serve; "
                                "serve(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))"),
         url, instance, str(port), str(WORKERS)],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, server)
        order_id = _one_order(port, instrument, lot_size, tokens[0])
        _drive(port, _orders(instrument, lot_size, tokens, 4 * CONNECTIONS, seed=1))  # every worker warm
        _drive(port, _batches(instrument, lot_size, tokens, 4 * BATCH, seed=3))
        single = _drive(port, _orders(instrument, lot_size, tokens, ORDERS, seed=2))
        batches = _drive(port, _batches(instrument, lot_size, tokens, ORDERS, seed=4))
        read = [("GET", f"/api/v1/trading/orders/{order_id}", {"Authorization": f"Bearer {tokens[0]}"}, None)]
        peer = _drive(port, read * ORDERS)
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite (one file: every writer waits for it)"
    batch_orders = max(1, ORDERS // BATCH) * BATCH
    print(f"\n## order entry end to end, {ORDERS:,} orders each way, {database}; gunicorn {WORKERS} workers x 4 "
          f"threads, {CONNECTIONS} keep-alive clients, {os.cpu_count()} cores shared; orders (or reads) per second, "
          f"latency per request")
    for label, count, (wall, times, answers) in (
            ("ours: POST /api/v1/trading/orders (limit, 1 in 3 trades)", ORDERS, single),
            (f"ours: POST /api/v1/trading/order-batches ({BATCH} orders each)", batch_orders, batches),
            ("peer: GET /api/v1/trading/orders/<id> (token + one read)", ORDERS, peer)):
        print(f"  {label:<58} {count / wall:>8,.0f} /s   p50 {_ms(times, 50)}  p95 {_ms(times, 95)}   "
              f"answers {dict(sorted(answers.items(), key=str))}")
