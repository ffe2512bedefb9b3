"""Cost of the hash-chained audit log: one recorded change against the same row inserted plainly.

Ours: ``audit.services.record`` (locks the head row, hashes the canonical entry, inserts, moves the
head) in its own transaction. Peer: the same values inserted with one plain INSERT per transaction,
no chain. Both commit once per record, as a real use case does.
"""
from sqlalchemy import text

from bench.app_setup import build
from bench.measure import per_second, report
from marketplace.audit import services as audit
from marketplace.database import transaction, utcnow
from marketplace.extensions import db

RECORDS = 300


def run(database_url, instance):
    app = build(database_url, instance)
    next_plain = iter(range(10_000_000, 20_000_000))

    def chained(count):
        for n in range(count):
            with transaction():
                audit.record("bench.changed", actor="usr_bench", target=f"ent_{n}", before={"n": n},
                             after={"n": n + 1})

    def plain(count):
        for n in range(count):
            with transaction() as session:
                session.execute(text(
                    "INSERT INTO audit_records (sequence, occurred_at, actor, action, target, before, after, "
                    "previous_hash, hash) VALUES (:s, :t, 'usr_bench', 'bench.changed', :g, :b, :a, '', '')"),
                    {"s": next(next_plain), "t": utcnow().replace(tzinfo=None), "g": f"ent_{n}",
                     "b": f'{{"n": {n}}}', "a": f'{{"n": {n + 1}}}'})

    with app.test_request_context():
        rows = [
            ("ours: audit record with hash chain + head row lock", per_second(chained, RECORDS)),
            ("peer: plain INSERT of the same values, no chain", per_second(plain, RECORDS)),
        ]
        db.session.remove()
    report(f"audit append, {RECORDS} records, one commit each", rows)
