"""Web tests browse in English (the suite's client gives each request its own application context)."""
import html
import re

import pytest

from marketplace.extensions import db


def _browser(app):
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


@pytest.fixture
def client(app):
    return _browser(app)


@pytest.fixture
def other_browser(app):
    """A second browser with cookies of its own (another device of the same person, say)."""
    return _browser(app)


def reload(*instances):
    """Read ``instances`` again from the database, as the requests left them."""
    for instance in instances:
        db.session.refresh(instance)


def text_of(response):
    """The page's visible text, tags removed and spaces collapsed, as a person reads it."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
