"""Without ELASTICSEARCH_URL the serving app starts its own engine and rebuilds it from the database."""
from marketplace import create_app, search
from marketplace.search import services
from tests.search.conftest import search as find
from tests.search.conftest import titles


def test_the_embedded_engine_is_rebuilt_from_the_database_and_follows_changes(app, world, catalog, ctx):
    supplier = world.enterprise()
    catalog.listing(supplier, "chemicals.basic", "甲醇 MTO 级", "Methanol MTO grade")
    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "SERVER_NAME")}
    embedded = create_app(config | {"TESTING": True, "ELASTICSEARCH_URL": None, "SEARCH_MEDIA_TYPES": None,
                                    "SEARCH_EMBEDDED": True, "SEARCH_INDEX_PREFIX": "embedded"},
                          instance_path=app.instance_path)
    try:
        _engine, indexer = embedded.extensions["search_embedded"]
        with embedded.test_request_context():
            assert embedded.extensions["search"].url != app.config["ELASTICSEARCH_URL"]
            found = _poll(lambda: titles(find("甲醇")), indexer)
            assert found == ["甲醇 MTO 级"]
            added = catalog.listing(supplier, "chemicals.basic", "甲醇 国标优等品", "Methanol, premium grade")
            assert added.title_zh in _poll(lambda: titles(find("国标")), indexer)
    finally:
        search.shutdown(embedded)
    assert not indexer.thread.is_alive()
    assert services.backend() is app.extensions["search"]


def _poll(look, indexer, attempts=300):
    """The indexer thread works on its own clock; look until it has caught up (bounded, no timing asserted)."""
    for _ in range(attempts):
        try:
            found = look()
        except services.SearchUnavailable:
            found = []
        if found:
            return found
        indexer.stopped.wait(0.05)
    return []


def test_commands_start_no_engine_and_say_where_search_lives(app):
    from flask.cli import ScriptInfo

    from marketplace.cli import main

    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY")}
    command_app = create_app(config | {"ELASTICSEARCH_URL": None, "SEARCH_EMBEDDED": False},
                             instance_path=app.instance_path)

    result = command_app.test_cli_runner().invoke(main, ["search", "reindex"],
                                                  obj=ScriptInfo(create_app=lambda: command_app))

    assert command_app.extensions["search"] is None
    assert result.exit_code == 1
    assert "ELASTICSEARCH_URL is not set" in result.output
