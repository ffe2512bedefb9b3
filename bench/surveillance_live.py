"""The surveillance live path on a real database: orders placed through the book, then one pass of the consumer.

Seeds the steel floor open around the clock, one instrument and ``TRADERS`` verified enterprises,
the first two sharing a legal representative (one control group: their trades are wash trades);
places ``ORDERS`` limit orders through ``trading.book.services.place_order`` at the reference price,
sellers and buyers in turn so every second order trades. Then times one ``surveillance.live.react`` in a
fresh application context, as the periodic job runs it: drain the outbox events, load the last 24 h
from the database (``history.load``), judge every built-in rule version, store and file the alerts
it raises; and a second ``live.scan`` of the same window, which loads and judges but finds nothing
new. Placing the orders is not timed.
"""
import os
import time

from bench.app_setup import build

ORDERS = int(os.environ.get("BENCH_SURVEILLANCE_ORDERS", "600"))
TRADERS = 6
REFERENCE_MINOR = 400_000
SHARED_REPRESENTATIVE = "11010519491231002X"


def measure(database_url, instance):
    """:return: (outbox events handled, market events in the window, alerts raised, seconds of the pass,
    seconds of a second scan of the same window that finds nothing new)."""
    from marketplace.database import utcnow
    from marketplace.oversight.surveillance import history, live, services

    app = build(database_url, instance)
    with app.test_request_context():
        instrument, traders = _seed()
        _place_orders(instrument, traders)
        services.ensure_builtin_rules()
    with app.app_context():  # a fresh session, as the periodic job has
        started = time.perf_counter()
        handled, raised = live.react(batch_size=ORDERS * 10)
        seconds = time.perf_counter() - started
    with app.app_context():
        now = utcnow()
        started = time.perf_counter()
        live.scan(now - live.LOOKBACK, now)
        rescan = time.perf_counter() - started
        window = len(history.market_events(now - live.LOOKBACK, now))
    return handled, window, len(raised), seconds, rescan


def _seed():
    from stdnum.cn import uscc

    from marketplace.accounts import services
    from marketplace.accounts.models import EnterpriseParty
    from marketplace.extensions import db
    from marketplace.oversight.groups.identity import identity_key
    from trading.floors import services as floors

    operator = services.sign_up("operator@bench.local", "Bench Operator", "bench password 123")
    services.grant_platform_role("operator@bench.local", "operator")
    floor = floors.floor_by_code("steel")
    floor.sessions, floor.open_weekdays, floor.closed_on_holidays = [{"opens": "00:00", "closes": "24:00"}], list(range(7)), False
    db.session.commit()
    instrument = floors.create_instrument(
        operator, "steel", "RB-HRB400E-SURV", "螺纹钢 HRB400E Φ20 监测基准", "Rebar HRB400E 20 mm surveillance bench",
        {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}, "天津港散货物流中心",
        "2026-12", REFERENCE_MINOR)
    traders = []
    for n in range(TRADERS):
        owner = services.sign_up(f"surveil{n}@bench.local", f"Bench Trader {n}", "bench password 123")
        body = f"9112012{n}MA000000{n}"
        enterprise = services.register_enterprise(
            owner, body + uscc.calc_check_digit(body), ["supplier", "buyer"], name_zh=f"滨海监测交易{n}",
            name_en=f"Binhai Surveillance Trader {n}", region="teda", address=f"天津市滨海新区{n}号",
            contact_name="王芳", contact_phone=f"022-1000-{n:04d}", contact_email=f"s{n}@bench.local")
        services.change_enterprise_status(operator, enterprise.public_id, "verified")
        traders.append((owner, db.session.merge(enterprise)))
    for _owner, enterprise in traders[:2]:
        db.session.add(EnterpriseParty(enterprise_id=enterprise.id, role="legal_representative", party_kind="person",
                                       name="Li Lei", identifier_masked="",
                                       identity_key=identity_key(SHARED_REPRESENTATIVE)))
    db.session.commit()
    return instrument.public_id, traders


def _place_orders(instrument, traders):
    from trading.book import services as book

    for n in range(ORDERS):
        owner, enterprise = traders[(n // 2) % len(traders)] if n % 2 == 0 else traders[(n // 2 + 1) % len(traders)]
        side = "sell" if n % 2 == 0 else "buy"
        book.place_order(owner, enterprise, instrument, side, "limit", str(10 * (1 + (n // 2) % 7)), REFERENCE_MINOR)
