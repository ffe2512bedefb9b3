"""A live site on loopback (the real factory, real CSRF) and Debian's Chromium driven by Playwright."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


class LiveSite:
    def __init__(self, app, server):
        self.app = app
        self.url = f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def live_site(app, tmp_path):
    site_app = create_app({**app.config, "SERVER_NAME": None, "WTF_CSRF_ENABLED": True, "RATE_LIMITS": False},
                          instance_path=str(tmp_path / "site"))
    server = make_server("127.0.0.1", 0, site_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveSite(site_app, server)
    server.shutdown()
    with site_app.app_context():
        db.engine.dispose()


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
