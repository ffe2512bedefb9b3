"""Credit scoring: a full re-score of 100,000 enterprises with their facts, and a late payment's way to a grade.

Data: 100,000 verified enterprises, each with a credit file of about six platform facts (two
contracts owed and paid, early, on time or 5 to 45 days late, or not at all; a delivery owed and
made, some RFID-confirmed; settled volume) and, for a few per cent, an official entry (penalties of
each severity, abnormal operations, the serious-dishonesty list), bulk-inserted into a scratch
database so building it takes seconds, not the hours the use cases would.

Ours: ``credit.grading.runs.start_run`` + ``execute_run`` as ``binhai credit rescore`` runs it,
500 enterprises per batch (facts read with ``facts_for_many``: two queries per batch; standings
locked; snapshots, standings and grade-change events written; one commit per batch). Measured twice:
the first run (everyone new, most change grade) and a second run with the same model (no changes).
Peer, in the same run on the same data: the naive per-enterprise ORM path, ``rescore`` called for
one enterprise after another in its own transaction (facts read per enterprise, a commit each), on
a sample of the enterprises (all 100,000 would take too long).
Latency: from a payment 35 days late (its ``payment.captured`` event committed to the outbox; the
day the payment fell due is set back 35 days in the scratch database) to the new grade in the standing, through ``CreditJobs.run_once`` (facts recorded by the credit file's
reaction, the enterprise re-scored, watchers told), measured before the big data is loaded.
"""
import statistics
import time
from datetime import date, timedelta

from sqlalchemy import insert, text
from stdnum.cn import uscc

from bench.app_setup import build
from bench.measure import report
from marketplace.database import transaction, utcnow

ENTERPRISES = 100_000
PEER_SAMPLE = 2_000
CHUNK = 10_000
LATE_PAYMENTS = 5
REBAR = {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"}
LATENESS = (-20, 0, 0, 3, 8, 20, 45, None)  # days a contract was paid after its due day; None: unpaid


def run(database_url, instance):
    app = build(database_url, instance, {"SEARCH_EMBEDDED": False})
    with app.test_request_context():
        latencies = _late_payment_latencies(app)
        started = time.perf_counter()
        _bulk_load()
        loaded = time.perf_counter() - started
        first, second, peer = _full_runs()
    report(f"Credit: full re-score of {ENTERPRISES:,} enterprises with their facts (data loaded in {loaded:.0f} s)", [
        ("ours: binhai credit rescore, first run (most grades change)", first),
        ("ours: second run, same model (no grade changes)", second),
        (f"peer: rescore() per enterprise, one commit each ({PEER_SAMPLE:,} sampled)", peer),
    ])
    print(f"  late payment -> new grade in the standing (CreditJobs.run_once): median "
          f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
          f"over {len(latencies)} payments")


def _full_runs():
    from credit.grading import runs, services
    from marketplace.accounts.models import Enterprise
    from marketplace.extensions import db

    rates = []
    for _round in range(2):
        started = time.perf_counter()
        run = runs.start_run()
        finished = runs.execute_run(run.id)
        assert finished.done >= ENTERPRISES, finished.done
        rates.append(ENTERPRISES / (time.perf_counter() - started))
    sample = db.session.scalars(db.select(Enterprise).where(Enterprise.credit_code.like("91120116MB%"))
                                .order_by(Enterprise.id).limit(PEER_SAMPLE)).all()
    started = time.perf_counter()
    for enterprise in sample:
        with transaction():
            services.rescore(enterprise, "rescore")
    peer = len(sample) / (time.perf_counter() - started)
    db.session.remove()
    return rates[0], rates[1], peer


def _bulk_load():
    """100,000 verified enterprises and their credit files, as plain multi-row INSERTs."""
    from credit.file.models import OfficialEntry, PlatformFact
    from marketplace.accounts.models import Enterprise
    from marketplace.extensions import db

    now = utcnow()
    today = date.today()
    for start in range(0, ENTERPRISES, CHUNK):
        numbers = range(start, min(start + CHUNK, ENTERPRISES))
        with transaction() as session:
            session.execute(insert(Enterprise.__table__), [{
                "public_id": f"ent_bench{n:015d}", "credit_code": f"91120116MB{n:08d}",
                "name_zh": f"滨海信用基准{n}", "name_en": f"Binhai Credit Bench {n}",
                "region": ("teda", "tanggu", "hangu", "dagang", "lingang")[n % 5], "address": "天津市滨海新区",
                "contact_name": "王芳", "contact_phone": "022-0000", "contact_email": f"c{n}@bench.local",
                "status": "verified", "created_at": now, "verified_at": now - timedelta(days=30 + n % 1800),
                "version": 1} for n in numbers])
            ids = dict(session.execute(text("SELECT credit_code, id FROM enterprises WHERE credit_code >= :a "
                                            "AND credit_code <= :b"),
                                       {"a": f"91120116MB{numbers[0]:08d}", "b": f"91120116MB{numbers[-1]:08d}"}).all())
            facts, entries = [], []
            for n in numbers:
                code = f"91120116MB{n:08d}"
                facts.extend(_facts_of(n, ids[code], code, today, now))
                entry = _entry_of(n, ids[code], code, today, now)
                if entry:
                    entries.append(entry)
            session.execute(insert(PlatformFact.__table__), facts)
            if entries:
                session.execute(insert(OfficialEntry.__table__), entries)
    db.session.remove()


def _fact(n, part, enterprise_id, code, kind, day, now, reference, amount=None, detail=None):
    return {"public_id": f"cpf_b{n:012d}{part:02d}", "enterprise_id": enterprise_id, "credit_code": code,
            "kind": kind, "occurred_on": day, "amount_minor": amount, "currency": "CNY" if amount else None,
            "reference": reference, "detail": detail or {}, "corrects_id": None, "source_event_id": None,
            "recorded_at": now}


def _facts_of(n, enterprise_id, code, today, now):
    rows = []
    for contract in range(2):
        reference = f"ct_bench{n:09d}{contract}"
        owed_on = today - timedelta(days=40 + 30 * contract + n % 13)
        due = owed_on + timedelta(days=5)
        amount = 1_000_000 * (1 + (n + contract) % 9)
        rows.append(_fact(n, contract * 2, enterprise_id, code, "payment_due", owed_on, now, reference, amount,
                          {"due": due.isoformat(), "type": "contract"}))
        late = LATENESS[(n * 7 + contract * 3) % len(LATENESS)]
        if late is not None and due + timedelta(days=late) <= today:
            rows.append(_fact(n, contract * 2 + 1, enterprise_id, code, "payment_made",
                              max(owed_on, due + timedelta(days=late)), now, reference, amount))
    delivery = f"ct_benchd{n:08d}"
    agreed = today - timedelta(days=20 + n % 11)
    rows.append(_fact(n, 10, enterprise_id, code, "delivery_due", agreed - timedelta(days=30), now, delivery,
                      detail={"agreed": agreed.isoformat(), "quantity": "100"}))
    rows.append(_fact(n, 11, enterprise_id, code, "delivery_made", agreed + timedelta(days=(n % 5) * 2 - 2), now,
                      delivery, detail={"quantity": "100", "rfid_confirmed": n % 3 != 0}))
    rows.append(_fact(n, 12, enterprise_id, code, "settled", agreed, now, delivery, 40_000_000 * (1 + n % 40)))
    return rows


def _entry_of(n, enterprise_id, code, today, now):
    """A few per cent carry an official entry: penalties of each severity, abnormal operations, a blacklisting."""
    kinds = {3: ("penalty", "minor"), 7: ("penalty", "general"), 11: ("penalty", "serious"),
             13: ("abnormal_operations", "general"), 97: ("serious_dishonesty", "serious")}
    found = kinds.get(n % 100)
    if found is None:
        return None
    kind, severity = found
    decided = today - timedelta(days=60 + n % 200)
    return {"public_id": f"coe_bench{n:015d}", "enterprise_id": enterprise_id, "credit_code": code, "kind": kind,
            "severity": severity, "decided_on": decided, "authority": "天津市滨海新区市场监督管理局",
            "decision_number": f"津滨市监罚〔2026〕{n}号", "title": "bench", "content": "", "valid_until": None,
            "removed_on": None, "tax_grade": None, "tax_year": None, "customs_category": None,
            "publicity_min_until": decided + timedelta(days=90), "publicity_max_until": decided + timedelta(days=1095),
            "source": "import", "corrects_id": None, "recorded_by_id": None, "recorded_at": now,
            "contested": False, "ended_on": None, "repaired_on": None}


def _late_payment_latencies(app):
    """For each of a few buyers: a contract whose payment fell due 35 days ago is paid now."""
    from credit.file.models import PlatformFact
    from credit.grading import services as grading
    from credit.jobs import CreditJobs
    from marketplace import outbox
    from marketplace.accounts import services
    from marketplace.escrow import services as escrow
    from marketplace.extensions import db
    from trading.listings import services as listings

    operator = services.sign_up("credit-operator@bench.local", "Bench Operator", "bench password 123")
    services.grant_platform_role(operator.email, "operator")
    seller_owner, seller = _party(services, operator, 0, ["supplier"])
    lot = listings.create_listing(seller_owner, seller, "steel", "HRB400E 螺纹钢 信用基准", REBAR,
                                  str(100 * LATE_PAYMENTS), "10", "4000.00", "天津港", "2026-12")
    jobs = CreditJobs(app)
    latencies = []
    for number in range(1, LATE_PAYMENTS + 1):
        buyer_owner, buyer = _party(services, operator, number, ["buyer"])
        contract = listings.purchase(buyer_owner, buyer, lot.public_id, "100")
        while any(jobs.run_once()):
            pass
        with transaction() as session:  # the scratch database's one fudge: the payment fell due 35 days ago
            owed_fact = session.scalar(db.select(PlatformFact).where(PlatformFact.reference == contract.public_id,
                                                                     PlatformFact.kind == "payment_due"))
            owed_fact.occurred_on = date.today() - timedelta(days=40)
            owed_fact.detail = {**owed_fact.detail, "due": (date.today() - timedelta(days=35)).isoformat()}
        before = grading.grade_of(buyer)
        owed = escrow.escrow_of(contract.public_id)
        with transaction():
            outbox.emit("payment.captured", "payment", f"pay_bench{number}", 1, {
                "payable": contract.public_id, "amount_minor": owed.due_minor, "currency": owed.currency,
                "part": "full"})
        started = time.perf_counter()
        while grading.grade_of(buyer) == before:
            jobs.run_once()
            db.session.expire_all()
        latencies.append(time.perf_counter() - started)
    db.session.remove()
    return latencies


def _party(services, operator, n, kinds):
    owner = services.sign_up(f"credit{n}@bench.local", f"Credit Party {n}", "bench password 123")
    body = f"9112011{n % 10}MA200{n:04d}"
    enterprise = services.register_enterprise(
        owner, body + uscc.calc_check_digit(body), kinds, name_zh=f"滨海信用{n}", name_en=f"Binhai Credit {n}",
        region="teda", address="天津市滨海新区", contact_name="王芳", contact_phone="022-0000",
        contact_email=f"credit{n}@bench.local")
    services.change_enterprise_status(operator, enterprise.public_id, "verified")
    return owner, enterprise
