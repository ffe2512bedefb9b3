"""One app for the session, built by the same factory as production, on SQLite or PostgreSQL.

``TEST_DATABASE_URL`` picks PostgreSQL (``.ci/run`` sets it); otherwise a SQLite file. The schema
is built by the migrations, never ``create_all``; every test starts from empty tables.
"""
import os
import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from marketplace import create_app
from marketplace.extensions import db
from tests.builders import World

pytest_plugins = ["tests.commerce", "tests.payments.gateway_fixtures", "tests.settlement.fixtures"]

IN_CI = os.environ.get("CI") == "true"
# Seeded by the migrations and kept between tests: categories are never written by tests; floors are
# put back as seeded after each test (operator tests change them), and floors a test added are removed.
REFERENCE_TABLES = {"categories", "floors"}
# Per-process state that describes table contents (cached order books, reference prices).
TABLE_CACHES = ("trading_books", "trading_reference_prices")


# Tests read messages in English unless they ask for Chinese; the site's own default is zh-CN.
TEST_LANGUAGE = {"Accept-Language": "en"}


class FreshContextClient(FlaskClient):
    """Each request gets its own application context, as in production.

    The ``world`` fixture keeps a context open for the builders; sharing it, requests would also
    share ``g`` (the caller, the chosen language) with each other.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = TEST_LANGUAGE["Accept-Language"]

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are deselected (not skipped) on SQLite; the PostgreSQL run covers them."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        return
    kept = [item for item in items if "postgres_only" not in item.keywords]
    dropped = [item for item in items if "postgres_only" in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: what needs a service must find it there."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


@pytest.fixture(scope="session")
def search_engine():
    """One in-memory search engine (osmem-server) for the whole session; tests/search resets its indexes."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture(scope="session")
def app(tmp_path_factory, search_engine, local_gateway):
    instance = tmp_path_factory.mktemp("instance")
    url = _database_of_this_worker(os.environ.get("TEST_DATABASE_URL")) or f"sqlite:///{instance / 'test.sqlite3'}"
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "PASSWORD_HASH_COST": "fast",
        "RATE_LIMITS": False,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "binhai.test",
        "ELASTICSEARCH_URL": search_engine.url,
        "SEARCH_MEDIA_TYPES": "plain-json",
        "STRIPE_API_KEY": local_gateway.api_key,
        "STRIPE_API_BASE": local_gateway.base_url,
        "STRIPE_WEBHOOK_SECRET": "whsec_test_secret",
        "GATEWAY_TIMEOUT_SECONDS": 5,
    }, instance_path=str(instance))
    app.test_client_class = FreshContextClient
    with app.app_context():
        _drop_everything()
        upgrade(revision="heads")
        with db.engine.connect() as connection:
            floors = db.metadata.tables["floors"]
            app.config["SEEDED_FLOORS"] = [dict(row) for row in connection.execute(
                floors.select().order_by(floors.c.id)).mappings()]
    yield app
    with app.app_context():
        db.engine.dispose()


def _database_of_this_worker(url):
    """Under pytest-xdist each worker gets its own PostgreSQL database (``<name>_gw0``…), made if missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker or not url.startswith("postgres"):
        return url
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname="postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


def _drop_everything():
    """A PostgreSQL test database may hold an earlier run's tables; start from nothing."""
    with db.engine.begin() as connection:
        cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}"{cascade}'))


@pytest.fixture(autouse=True)
def _empty_tables(app):
    """Each test starts with empty tables (but the seeded reference data) and a fresh audit chain."""
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, :genesis)"),
                               {"genesis": "0" * 64})
            _restore_floors(connection, app.config["SEEDED_FLOORS"])
    for cache in TABLE_CACHES:
        app.extensions.pop(cache, None)
    shutil.rmtree(Path(app.instance_path) / "mail-outbox", ignore_errors=True)


def _restore_floors(connection, seeded):
    floors = db.metadata.tables["floors"]
    connection.execute(floors.delete().where(floors.c.id > seeded[-1]["id"]))
    for row in seeded:
        connection.execute(floors.update().where(floors.c.id == row["id"]).values(row))


@pytest.fixture
def ctx(app):
    """An application context with a request context, as services expect inside a request."""
    with app.test_request_context(headers=TEST_LANGUAGE):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    from marketplace.cli import main

    class Runner:
        def invoke(self, *args):
            return app.test_cli_runner().invoke(main, list(args), obj=_script_info(app))

    return Runner()


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


@pytest.fixture
def world(app, ctx):
    """Builders for people and enterprises, made through the same services the site uses."""
    return World(app)


def csrf_token_from(html):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else None
