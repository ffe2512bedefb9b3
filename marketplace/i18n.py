"""Language and time zone of each request: the person's choice, else the browser's, else zh-CN."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from marketplace.extensions import babel

SHANGHAI = ZoneInfo("Asia/Shanghai")


def select_locale():
    """Outside a request (commands, workers) the platform speaks its default language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.preferred_locale in languages:
        return current_user.preferred_locale
    browser = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if browser:
        return "en" if browser.startswith("en") else "zh_CN"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def in_reader_language(zh, en):
    """The English text for English readers, else the Chinese; the other one when that is empty."""
    return (en if str(get_locale()) == "en" else zh) or zh or en


def local_time(value, format="yyyy-MM-dd HH:mm"):
    """Show a stored UTC time in Asia/Shanghai, the time zone of every person using the site."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, format)
    return value


def html_lang():
    """The ``lang`` attribute for the page: ``zh-CN`` or ``en``."""
    return "en" if str(get_locale()) == "en" else "zh-CN"


def init_app(app):
    from marketplace import ROOT

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "marketplace" / "translations"))
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["html_lang"] = html_lang
