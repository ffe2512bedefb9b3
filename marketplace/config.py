"""Settings: embedded defaults, overridden by the instance folder's config.py, then the environment.

Every setting a deployment may change is read here and checked once at start, so a typo fails
loudly with the setting's name instead of surfacing as a strange error in the middle of a request.
"""
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from credit.terms.table import TermsTableError, read_table


class ConfigError(RuntimeError):
    """A setting has a value the platform cannot run with; the message names the setting."""


# (environment variable, config key, description) — the README table is generated from this list.
ENVIRONMENT_SETTINGS = [
    ("DATABASE_URL", "SQLALCHEMY_DATABASE_URI",
     "PostgreSQL (`postgresql://…`) or SQLite (`sqlite:///…`) database", "SQLite file `instance/binhai.sqlite3`"),
    ("SECRET_KEY", "SECRET_KEY", "signs sessions, CSRF tokens and reset links",
     "generated once into `instance/secret_key`"),
    ("PUBLIC_URL", "PUBLIC_URL", "the address people use; `https://` turns on secure cookies and HSTS",
     "`http://127.0.0.1:5000`"),
    ("ELASTICSEARCH_URL", "ELASTICSEARCH_URL", "search cluster (Elasticsearch 8/9 or OpenSearch)",
     "in-memory engine (osmem-server) started by `binhai serve`, rebuilt from the database at start"),
    ("SEARCH_MEDIA_TYPES", "SEARCH_MEDIA_TYPES",
     "`elasticsearch` (Elasticsearch 8/9) or `plain-json` (OpenSearch and the in-memory engine)",
     "`plain-json` for the in-memory engine, else `elasticsearch`"),
    ("SEARCH_INDEX_PREFIX", "SEARCH_INDEX_PREFIX", "prefix of the index and alias names, so installations can share a cluster",
     "`binhai`"),
    ("STRIPE_API_KEY", "STRIPE_API_KEY", "payment gateway secret key",
     "embedded gateway (localstripe on loopback) started by `binhai serve`"),
    ("STRIPE_API_BASE", "STRIPE_API_BASE", "payment gateway address", "Stripe's own when a key is set"),
    ("STRIPE_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET", "signing secret of the gateway's webhooks",
     "generated once into `instance/stripe_webhook_secret`"),
    ("PAYOUT_METHOD", "PAYOUT_METHOD",
     "`bank_batch` (settlement files the operator exports) or `gateway_transfer` (Stripe Connect)", "`bank_batch`"),
    ("MQTT_URL", "MQTT_URL", "broker for RFID reads (`mqtt://host:1883`)", "`mqtt://127.0.0.1:1883`"),
    ("REDIS_URL", "REDIS_URL", "rate-limit counters shared by all web processes", "in-process memory"),
    ("MAIL_URL", "MAIL_URL", "outgoing mail (`smtp://user:pass@host:587`)",
     "files in `instance/mail-outbox/` and the log"),
    ("RATELIMIT_LOGIN", "RATELIMIT_LOGIN", "login attempts per client address", "`10 per minute`"),
    ("RATELIMIT_API", "RATELIMIT_API", "API calls per token (or address)", "`300 per minute`"),
    ("BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_LOCALE", "language when the browser states none", "`zh_CN`"),
]

URL_SCHEMES = {
    "ELASTICSEARCH_URL": {"http", "https"},
    "STRIPE_API_BASE": {"http", "https"},
    "MQTT_URL": {"mqtt", "mqtts", "tcp"},
    "REDIS_URL": {"redis", "rediss"},
    "MAIL_URL": {"smtp", "smtps"},
    "PUBLIC_URL": {"http", "https"},
}


class DefaultConfig:
    """Embedded defaults: everything a newcomer needs runs on this machine with no setup."""

    PUBLIC_URL = "http://127.0.0.1:5000"
    SQLALCHEMY_DATABASE_URI = None  # filled from the instance folder when unset
    ELASTICSEARCH_URL = None
    SEARCH_MEDIA_TYPES = None  # chosen from ELASTICSEARCH_URL when unset (see _check)
    SEARCH_INDEX_PREFIX = "binhai"
    # Whether this process starts the in-memory engine when ELASTICSEARCH_URL is unset: the serving
    # process does, commands do not (their engine would die with them); tests ask for it explicitly.
    SEARCH_EMBEDDED = None
    STRIPE_API_KEY = None
    STRIPE_API_BASE = None
    STRIPE_WEBHOOK_SECRET = None  # generated into the instance folder when unset
    # Whether this process starts the embedded gateway when STRIPE_API_KEY is unset (as SEARCH_EMBEDDED).
    GATEWAY_EMBEDDED = None
    GATEWAY_EMBEDDED_PORT = 8420  # the installation's embedded gateway, shared by the site and the commands
    GATEWAY_TIMEOUT_SECONDS = 10
    PAYOUT_METHOD = "bank_batch"
    ORDER_SELLER_FEE_BP = 30  # the platform's fee on catalog orders, basis points of the goods amount
    ORDER_INSPECTION_DAYS = 3  # mainland working days after delivery
    # Seconds after which a payment or refund with no answer from the gateway is looked up there.
    GATEWAY_RECOVERY_AFTER_SECONDS = 30
    MQTT_URL = "mqtt://127.0.0.1:1883"
    # Whether this process subscribes to readers' MQTT topics (``binhai serve`` and ``binhai worker`` do).
    MQTT_SUBSCRIBE = None
    # RFID smoothing: reads of one EPC at one antenna closer than this are one sighting; a sighting
    # of fewer reads than the minimum is a stray.
    RFID_SMOOTHING_WINDOW_SECONDS = 10
    RFID_MIN_READS = 2
    # EPCIS capture limits, advertised in GS1-EPCIS-Capture-Limit and -File-Size-Limit (413 above).
    EPCIS_CAPTURE_LIMIT = 1000
    EPCIS_CAPTURE_FILE_SIZE_LIMIT = 4 * 1024 * 1024
    # Credit. Publicity windows of official entries by severity, in months: an entry stops being
    # public and stops counting at its maximum; repair may be applied for from its minimum.
    CREDIT_PUBLICITY_MONTHS = {"minor": (0, 3), "general": (3, 12), "serious": (12, 36)}
    CREDIT_OBJECTION_WORKING_DAYS = 20  # the operator answers an objection within this many working days
    CREDIT_REPAIR_WORKING_DAYS = 20  # and decides a repair application within this many
    CREDIT_PAYMENT_TERMS_DAYS = 5  # a deal is paid on time within this many days of awaiting payment
    CREDIT_ORDER_DELIVERY_DAYS = 7  # a catalog order is delivered on time within this many days of payment
    CREDIT_AUTHORISATION_MAX_DAYS = 365  # the longest a report authorisation may run
    # Trading terms by grade, one table: the deposit share of floor contracts and auction awards
    # (per cent), the maximum value of open floor orders and the open-account (deferred payment)
    # limit, in CNY minor units. Grade C may not place orders, bids or listings.
    CREDIT_TERMS = {
        "AAA": {"deposit_percent": "0", "max_open_order_minor": 5_000_000_000, "open_account_minor": 500_000_000},
        "AA": {"deposit_percent": "5", "max_open_order_minor": 3_000_000_000, "open_account_minor": 300_000_000},
        "A": {"deposit_percent": "10", "max_open_order_minor": 2_000_000_000, "open_account_minor": 100_000_000},
        "BBB": {"deposit_percent": "10", "max_open_order_minor": 1_000_000_000, "open_account_minor": 0},
        "BB": {"deposit_percent": "20", "max_open_order_minor": 500_000_000, "open_account_minor": 0},
        "B": {"deposit_percent": "30", "max_open_order_minor": 200_000_000, "open_account_minor": 0},
        "CCC": {"deposit_percent": "50", "max_open_order_minor": 100_000_000, "open_account_minor": 0},
        "CC": {"deposit_percent": "100", "max_open_order_minor": 50_000_000, "open_account_minor": 0},
        "C": {"deposit_percent": "100", "max_open_order_minor": 0, "open_account_minor": 0, "may_trade": False},
    }
    CREDIT_WEBHOOK_TIMEOUT_SECONDS = 5
    # The hour (Asia/Shanghai) after which the credit jobs re-score everyone once a day; None: never.
    CREDIT_DAILY_RESCORE_HOUR = 2
    # Oversight. Statutory clocks of complaints and reports, in mainland working days: accept or
    # refuse; mediation without agreement ends; both parties told; a violation checked (and the one
    # extension, with a reason); a named reporter told whether a case was opened.
    OVERSIGHT_COMPLAINT_CLOCKS = {"accept": 7, "mediation": 45, "tell_parties": 7, "verify": 15,
                                  "verify_extension": 15, "tell_reporter": 5}
    OVERSIGHT_CASE_WORKING_DAYS = 15  # a new case's deadline
    OVERSIGHT_CONTROLLING_SHARE_PERCENT = 50  # a shareholder holding at least this much controls
    OVERSIGHT_RETENTION_YEARS = 3  # nothing younger is ever purged (alerts, cases, complaints, access log)
    # How often (seconds) the surveillance jobs read new market events and evaluate the active rules.
    OVERSIGHT_SURVEILLANCE_INTERVAL_SECONDS = 2
    REDIS_URL = None
    MAIL_URL = None
    MAIL_SENDER = "Binhai Marketplace <no-reply@binhai-marketplace.cn>"
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_API = "300 per minute"
    RATE_LIMITS = True  # our switch; Flask-Limiter itself stays enabled (see ratelimit.limits_switched_off)
    RATELIMIT_ENABLED = True
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    PASSWORD_HASH_COST = "standard"
    PASSWORD_RESET_HOURS = 2
    INVITATION_DAYS = 7
    API_TITLE = "Binhai Marketplace API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}


def load(app, test_config=None):
    """Layer the settings onto ``app.config`` and check them; raise ConfigError naming a bad one."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key, _, _ in ENVIRONMENT_SETTINGS:
        value = os.environ.get(env_name)
        if value:
            app.config[key] = value
    if test_config:
        app.config.update(test_config)
    _fill_instance_defaults(app)
    _check(app.config)
    # Flask already defines SESSION_COOKIE_SECURE = False, so ``setdefault`` would never turn it on.
    secure = app.config["PUBLIC_URL"].startswith("https://")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        app.config[key] = bool(app.config.get(key)) or secure
    app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"


def _fill_instance_defaults(app):
    """Keep one installation's state (database file, secret) in its instance folder, made on first start."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'binhai.sqlite3'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Request threads and the background jobs share one file: wait for the writer ahead (up to 30 s)
        # rather than fail a page with "database is locked" after the driver's default 5 s.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"],
                                                   "connect_args": {"timeout": 30}}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    if not app.config.get("STRIPE_WEBHOOK_SECRET"):
        app.config["STRIPE_WEBHOOK_SECRET"] = _instance_secret(instance / "stripe_webhook_secret", "whsec_")


def _instance_secret(path, prefix=""):
    """A random secret kept in the instance folder, made (readable by the owner only) on first use."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as secret:
            secret.write(prefix + secrets.token_hex(32))
    return path.read_text().strip()


def _check(config):
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    for key, schemes in URL_SCHEMES.items():
        value = config.get(key)
        if value is None:
            continue
        parsed = urlparse(value)
        if parsed.scheme not in schemes or not (parsed.hostname or parsed.netloc):
            raise ConfigError(
                f"{key}={value!r} is not a valid address: expected {' or '.join(sorted(schemes))}://host"
            )
    if config["SEARCH_MEDIA_TYPES"] is None:
        config["SEARCH_MEDIA_TYPES"] = "elasticsearch" if config["ELASTICSEARCH_URL"] else "plain-json"
    if config["SEARCH_MEDIA_TYPES"] not in ("elasticsearch", "plain-json"):
        raise ConfigError(f"SEARCH_MEDIA_TYPES={config['SEARCH_MEDIA_TYPES']!r} is not elasticsearch or plain-json")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,30}", config["SEARCH_INDEX_PREFIX"]):
        raise ConfigError(f"SEARCH_INDEX_PREFIX={config['SEARCH_INDEX_PREFIX']!r} must be lower-case letters, "
                          "digits, - or _ (an index name)")
    if config["SEARCH_EMBEDDED"] is None:
        config["SEARCH_EMBEDDED"] = not config.get("TESTING")
    if config["GATEWAY_EMBEDDED"] is None:
        config["GATEWAY_EMBEDDED"] = not config.get("TESTING") and not config["STRIPE_API_KEY"]
    if config["PAYOUT_METHOD"] not in ("bank_batch", "gateway_transfer"):
        raise ConfigError(f"PAYOUT_METHOD={config['PAYOUT_METHOD']!r} is not bank_batch or gateway_transfer")
    if len(config["SECRET_KEY"]) < 16:
        raise ConfigError("SECRET_KEY is too short: use at least 16 random characters")
    if config["BABEL_DEFAULT_LOCALE"] not in config["LANGUAGES"]:
        raise ConfigError(
            f"BABEL_DEFAULT_LOCALE={config['BABEL_DEFAULT_LOCALE']!r} is not one of {', '.join(config['LANGUAGES'])}"
        )
    from limits import parse_many

    for key in ("RATELIMIT_LOGIN", "RATELIMIT_API"):
        try:
            parse_many(config[key])
        except ValueError:
            raise ConfigError(f"{key}={config[key]!r} is not a rate such as '10 per minute'") from None
    try:
        read_table(config["CREDIT_TERMS"])
    except TermsTableError as error:
        raise ConfigError(str(error)) from None


def normalise_database_url(url):
    """Accept the usual ``postgresql://`` spelling and pin the psycopg 3 driver; refuse other engines."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL={url!r} is not a database address") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        return url
    raise ConfigError(f"DATABASE_URL uses {backend!r}; only postgresql and sqlite are supported")
