"""An operator's typo in a setting stops the start with the setting's name, not a strange error later.

Every app here is built by the one factory, with a throw-away instance folder.
"""
import os
import stat

import pytest

from marketplace import create_app
from marketplace.config import ENVIRONMENT_SETTINGS, ConfigError


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """The machine running the tests may export real settings; start from none of them."""
    for env_name, _key, _what, _default in ENVIRONMENT_SETTINGS:
        monkeypatch.delenv(env_name, raising=False)


@pytest.fixture
def build(tmp_path):
    """Build an app in ``tmp_path`` from ``settings`` on top of a small valid base."""

    def build(**settings):
        base = {
            "TESTING": True,
            "SECRET_KEY": "config-test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'config.sqlite3'}",
            "RATE_LIMITS": False,
        }
        for key, value in settings.items():
            if value is None:
                base.pop(key, None)
            else:
                base[key] = value
        return create_app(base, instance_path=str(tmp_path))

    return build


@pytest.mark.parametrize(("env_name", "value"), [
    ("DATABASE_URL", "mysql://x/y"),
    ("DATABASE_URL", "not a url"),
    ("ELASTICSEARCH_URL", "localhost:9200"),
    ("ELASTICSEARCH_URL", "http://"),
    ("REDIS_URL", "memcached://cache:11211"),
    ("MQTT_URL", "http://broker:1883"),
    ("MAIL_URL", "mail.example.cn"),
    ("PUBLIC_URL", "binhai.example.cn"),
    ("RATELIMIT_API", "lots"),
    ("RATELIMIT_LOGIN", "10 per fortnight"),
    ("SECRET_KEY", "short"),
    ("BABEL_DEFAULT_LOCALE", "fr"),
])
def test_a_bad_setting_in_the_environment_stops_the_start_naming_it(build, monkeypatch, env_name, value):
    monkeypatch.setenv(env_name, value)

    with pytest.raises(ConfigError, match=env_name):
        build(SQLALCHEMY_DATABASE_URI=None, SECRET_KEY=None)  # nothing in the test config hides the environment


def test_a_too_short_secret_key_in_the_config_is_refused(build):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        build(SECRET_KEY="0123456789")


def test_environment_settings_override_the_defaults(build, monkeypatch):
    monkeypatch.setenv("RATELIMIT_API", "42 per minute")
    monkeypatch.setenv("PUBLIC_URL", "https://market.binhai.example.cn")
    monkeypatch.setenv("MQTT_URL", "mqtts://rfid.binhai.example.cn:8883")
    monkeypatch.setenv("BABEL_DEFAULT_LOCALE", "en")

    app = build()

    assert app.config["RATELIMIT_API"] == "42 per minute"
    assert app.config["MQTT_URL"] == "mqtts://rfid.binhai.example.cn:8883"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "en"
    # an https address is what turns on secure cookies and HSTS
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/api/v1/openapi.json", base_url="https://market.binhai.example.cn")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_an_empty_environment_variable_keeps_the_default(build, monkeypatch):
    monkeypatch.setenv("RATELIMIT_API", "")

    assert build().config["RATELIMIT_API"] == "300 per minute"


def test_the_embedded_default_is_plain_http_without_secure_cookies(build):
    app = build()

    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert "Strict-Transport-Security" not in app.test_client().get("/api/v1/openapi.json").headers


def test_without_a_database_url_the_database_lives_in_the_instance_folder(build, tmp_path):
    app = build(SQLALCHEMY_DATABASE_URI=None)

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'binhai.sqlite3'}"


def test_a_secret_key_is_generated_once_and_reused_by_the_next_start(build, tmp_path):
    """Sessions and reset links must survive a restart, so the generated key is kept, readable by us only."""
    first = build(SECRET_KEY=None).config["SECRET_KEY"]
    second = build(SECRET_KEY=None).config["SECRET_KEY"]

    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_a_secret_key_from_the_environment_is_used_and_none_is_generated(build, monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment-0123456789")

    assert build(SECRET_KEY=None).config["SECRET_KEY"] == "from-the-environment-0123456789"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://binhai:s%40cret@db.internal:5433/market",
     "postgresql+psycopg://binhai:s%40cret@db.internal:5433/market"),
    ("postgresql+psycopg2://binhai@db.internal/market", "postgresql+psycopg://binhai@db.internal/market"),
    ("postgresql+psycopg://binhai@db.internal/market?sslmode=require",
     "postgresql+psycopg://binhai@db.internal/market?sslmode=require"),
])
def test_postgresql_addresses_use_the_psycopg_driver(build, monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)

    assert build(SQLALCHEMY_DATABASE_URI=None).config["SQLALCHEMY_DATABASE_URI"] == expected
