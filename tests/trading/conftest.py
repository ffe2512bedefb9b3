"""Fixtures of the trading tests that need the application."""
import pytest

from marketplace import create_app
from marketplace.extensions import db


@pytest.fixture
def other_process(app):
    """A second application on the same database: another server process, with its own cached books."""
    keys = ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "PASSWORD_HASH_COST", "RATE_LIMITS",
            "WTF_CSRF_ENABLED", "SERVER_NAME", "ELASTICSEARCH_URL", "SEARCH_MEDIA_TYPES")
    second = create_app({key: app.config[key] for key in keys}, instance_path=app.instance_path)
    yield second
    with second.app_context():
        db.engine.dispose()
