"""Web tests browse in English, each request in its own application context, as in production.

The ``world`` fixture keeps an application context open for the builders; without a context of
their own, requests would share its ``g`` (the logged-in user, the chosen language) with each other.
"""
import html
import re

import pytest
from flask.testing import FlaskClient

from marketplace.extensions import db


class Browser(FlaskClient):
    """A test client whose every request starts from a fresh application context."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _browser(app):
    browser = Browser(app, app.response_class, use_cookies=True)
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
