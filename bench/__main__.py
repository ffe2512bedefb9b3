"""``make bench``: run every benchmark and print a table per benchmark.

``BENCH_DATABASE_URL`` selects PostgreSQL (default: a SQLite file in a temporary folder).
"""
import os
import sys
import tempfile

from bench import (
    api_request, audit_append, credit_rescore, logistics_ingest, password_hashing, search_listings, settlement,
    surveillance_eval, trading_api, trading_engine,
)


def main():
    database_url = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as instance:
        url = database_url or f"sqlite:///{instance}/bench.sqlite3"
        print(f"# database: {url.split('@')[-1]}  python {sys.version.split()[0]}  cores {os.cpu_count()}")
        for bench in (api_request, audit_append, password_hashing, search_listings, settlement, trading_api,
                      trading_engine, logistics_ingest, credit_rescore, surveillance_eval):
            bench.run(url, instance)


if __name__ == "__main__":
    main()
