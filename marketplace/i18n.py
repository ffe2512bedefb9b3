"""Language and time zone of each request (the person's choice, else the browser's, else zh-CN), and
amounts and quantities written the reader's way, always with their currency or unit."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import format_currency, format_datetime, format_decimal, get_locale, gettext
from flask_login import current_user

from logistics.messages import Message
from marketplace.accounts.labels import label
from marketplace.database import utcnow
from marketplace.extensions import babel
from marketplace.money import Money, Quantity

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_day(moment=None):
    """The Asia/Shanghai calendar day of ``moment`` (now when None): deadlines and business days are
    mainland days, which begin eight hours before the UTC ones."""
    return (moment or utcnow()).astimezone(SHANGHAI).date()


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


def translated(text):
    """A pure module's :class:`~logistics.messages.Message` in the reader's language (English when the
    catalogue has no translation yet); any other text unchanged."""
    if isinstance(text, Message):
        return gettext(text.template, **text.params)
    return text


def recorded_message(entry):
    """A message stored as ``{"message", "template", "params"}`` (say, a capture job's refused field), in the
    reader's language; one stored without its template shows as it was written."""
    if entry.get("template"):
        return translated(Message(entry["template"], entry.get("params") or {}))
    return entry["message"]


def local_time(value, format="yyyy-MM-dd HH:mm"):
    """Show a stored UTC time in Asia/Shanghai, the time zone of every person using the site."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, format)
    return value


def money(value, currency=None):
    """``¥3,850.00`` / ``CN¥3,850.00``: an amount always shows its currency. Takes Money or minor units."""
    if value is None:
        return ""
    amount = value if isinstance(value, Money) else Money(value, currency)
    return format_currency(amount.amount, amount.currency)


def quantity(value, unit=None):
    """``1,200 t``: a quantity always shows its unit. Takes a Quantity or a number and a unit code."""
    if value is None:
        return ""
    if isinstance(value, Quantity):
        value, unit = value.value, value.unit
    return f"{format_decimal(value)} {label(unit, 'unit')}".strip()


def html_lang():
    """The ``lang`` attribute for the page: ``zh-CN`` or ``en``."""
    return "en" if str(get_locale()) == "en" else "zh-CN"


def init_app(app):
    from marketplace import ROOT

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "marketplace" / "translations"))
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["recorded_message"] = recorded_message
    app.jinja_env.globals["html_lang"] = html_lang
