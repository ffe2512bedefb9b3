"""Settlement end to end on the use cases: pay into escrow, confirm delivery, release to the seller.

Ours, per deal (a steel-floor contract of 100 t with the floor's 20 per cent deposit): two payments
(each: the payment row and the gateway-call journal written first, authorise with manual capture,
capture, then the ledger capture, escrow status, audit record and events under the escrow's row
lock), the seller ships, the buyer confirms delivery (inspection window computed on the mainland
working-day calendar), and the release after the window (cumulative pro-rata share, fee, ledger,
audit, events). The gateway is a localstripe process on loopback, as in the embedded default.
Peers, in the same run: the same authorise + capture pair sent with the official stripe SDK straight
to the same localstripe, with no records at all (the gateway's own floor under our payments), and a
release booked as plain INSERTs (a transaction row, three entries) and one UPDATE, with no lock,
checks, audit or events.
"""
import itertools
import time

from sqlalchemy import text
from stdnum.cn import uscc

from bench.app_setup import build
from bench.measure import report
from marketplace.database import transaction, utcnow

DEALS = 40
REBAR = {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}


def _enterprise(services, operator, n, kinds):
    owner = services.sign_up(f"settle{n}@bench.local", f"Bench Party {n}", "bench password 123")
    body = f"9112011{n}MA100000{n}"
    enterprise = services.register_enterprise(
        owner, body + uscc.calc_check_digit(body), kinds, name_zh=f"滨海结算基准{n}", name_en=f"Binhai Settlement {n}",
        region="teda", address="天津市滨海新区", contact_name="王芳", contact_phone="022-0000",
        contact_email=f"s{n}@bench.local")
    services.change_enterprise_status(operator, enterprise.public_id, "verified")
    return owner, enterprise


def _deals(count):
    """``count`` steel contracts awaiting payment between one seller and one buyer with a saved card."""
    from marketplace.accounts import services
    from marketplace.payments import services as payments
    from trading.listings import services as listings

    operator = services.sign_up("settle-operator@bench.local", "Bench Operator", "bench password 123")
    services.grant_platform_role(operator.email, "operator")
    seller_owner, seller = _enterprise(services, operator, 1, ["supplier"])
    buyer_owner, buyer = _enterprise(services, operator, 2, ["buyer"])
    lot = listings.create_listing(seller_owner, seller, "steel", "HRB400E 螺纹钢 基准", REBAR, str(100 * count), "10",
                                  "4000.00", "天津港", "2026-12")
    contracts = [listings.purchase(buyer_owner, buyer, lot.public_id, "100").public_id for _ in range(count)]
    card = payments.save_card(buyer_owner, buyer, "4242424242424242", 12, 2030, "123")
    return (seller_owner, seller), (buyer_owner, buyer), contracts, card


def run(database_url, instance):
    from marketplace.payments.embedded import EmbeddedGateway

    gateway_process = EmbeddedGateway()
    base_url = gateway_process.start()
    try:
        _measure(database_url, instance, base_url, gateway_process.api_key)
    finally:
        gateway_process.stop()


def _measure(database_url, instance, base_url, api_key):
    import stripe

    from marketplace.escrow import services as escrow
    from marketplace.payments import services as payments

    app = build(database_url, instance, {"STRIPE_API_KEY": api_key, "STRIPE_API_BASE": base_url})
    with app.test_request_context():
        (seller_owner, seller), (buyer_owner, buyer), contracts, card = _deals(DEALS)

        def timed(step):
            started = time.perf_counter()
            results = [step(public_id) for public_id in contracts]
            return len(contracts) / (time.perf_counter() - started), results

        def pay(public_id):
            made = 0
            while (due := escrow.amount_due(escrow.escrow_for(buyer, public_id))) is not None:
                payments.pay(buyer_owner, buyer, public_id, due[1], card.public_id)
                made += 1
            return made

        started = time.perf_counter()
        paid_deals, counts = timed(pay)
        payments_per_second = sum(counts) / (time.perf_counter() - started)
        shipped, _ = timed(lambda public_id: escrow.mark_shipped(seller_owner, seller, public_id))
        confirmed, deliveries = timed(lambda public_id: escrow.confirm_delivery(buyer_owner, buyer, public_id, None))
        later = max(d.inspection_ends_at for d in deliveries)
        released, _ = timed(lambda public_id: escrow.release_delivery(
            escrow.escrow_for(buyer, public_id).deliveries[0].public_id, now=later))
        whole = 1 / (1 / paid_deals + 1 / shipped + 1 / confirmed + 1 / released)

        client = stripe.StripeClient(api_key, base_addresses={"api": base_url}, max_network_retries=0)

        def raw_payment():
            intent = client.v1.payment_intents.create(params={
                "amount": 8_000_000, "currency": "cny", "payment_method": card.payment_method_id,
                "confirm": True, "capture_method": "manual", "payment_method_types": ["card"]})
            client.v1.payment_intents.capture(intent.id)

        started = time.perf_counter()
        for _ in range(sum(counts)):
            raw_payment()
        raw_per_second = sum(counts) / (time.perf_counter() - started)

        plain_per_second = _plain_releases(len(contracts))

    report("Settlement end to end (service calls, localstripe gateway on loopback)", [
        ("ours: deals settled (pay deposit+balance, ship, confirm, release)", whole),
        ("ours: payments (journal, authorise, capture, ledger, audit)", payments_per_second),
        ("peer: stripe SDK authorise + capture, no records", raw_per_second),
    ])
    report("Settlement steps after payment", [
        ("ours: releases (row lock, pro-rata share, fee, ledger, audit)", released),
        ("ours: delivery confirmations (working-day inspection window)", confirmed),
        ("peer: release as plain INSERTs + UPDATE, no lock or checks", plain_per_second),
    ])


def _plain_releases(count):
    from marketplace.extensions import db

    keys = itertools.count(1)
    escrow_id = db.session.execute(text("SELECT min(id) FROM escrows")).scalar()

    def release():
        with transaction() as session:
            key = f"plain-release:{next(keys)}"
            transaction_id = session.execute(text(
                "INSERT INTO ledger_transactions (public_id, key, kind, escrow_id, memo, created_at) "
                "VALUES (:p, :k, 'release', :e, '', :t) RETURNING id"),
                {"p": key[-24:], "k": key, "e": escrow_id, "t": utcnow()}).scalar()
            for account, kind, amount in (("buyer:in_escrow", "in_escrow", 100), ("seller:payable", "payable", -99),
                                          ("platform:fee_income", "fee_income", -1)):
                session.execute(text(
                    "INSERT INTO ledger_entries (transaction_id, account, account_kind, escrow_id, currency, "
                    "amount_minor) VALUES (:t, :a, :k, :e, 'CNY', :m)"),
                    {"t": transaction_id, "a": account, "k": kind, "e": escrow_id, "m": amount})
            session.execute(text("UPDATE escrows SET version = version + 1 WHERE id = :e"), {"e": escrow_id})

    started = time.perf_counter()
    for _ in range(count):
        release()
    rate = count / (time.perf_counter() - started)
    with transaction() as session:  # the plain rows are not real movements: keep the books true
        session.execute(text("DELETE FROM ledger_entries WHERE transaction_id IN "
                             "(SELECT id FROM ledger_transactions WHERE key LIKE 'plain-release:%')"))
        session.execute(text("DELETE FROM ledger_transactions WHERE key LIKE 'plain-release:%'"))
    db.session.remove()
    return rate
