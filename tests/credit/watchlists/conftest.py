"""Credit news as the grading and file areas announce it, and a receiving system that checks signatures."""
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from credit.watchlists import signing
from marketplace import outbox
from marketplace.database import transaction

REASONS = [
    {"code": "PAYMENTS_LATE", "polarity": "negative",
     "text_en": "payments late by 12 days on average (payment index 64)", "text_zh": "付款平均逾期 12 天（付款指数 64）",
     "references": ["ctr_1"]},
    {"code": "DISPUTES_LOST", "polarity": "negative", "text_en": "2 disputes lost", "text_zh": "败诉争议 2 起",
     "references": []},
]


def announce_grade_change(enterprise, grade_from="A", grade_to="BB", reasons=REASONS):
    """Emit ``credit.grade_changed`` as ``credit.grading.services.rescore`` does."""
    with transaction():
        outbox.emit("credit.grade_changed", "enterprise", enterprise.public_id, 1, {
            "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code, "from": grade_from,
            "to": grade_to, "score": 598, "model_version": "2026.1", "reasons": reasons})


def announce_entry(enterprise, title="虚假宣传", severity="general"):
    """Emit ``credit.entry_recorded`` as the credit file does for a new official entry."""
    with transaction():
        outbox.emit("credit.entry_recorded", "official_entry", "oen_test", 1, {
            "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code, "entry": "oen_test",
            "kind": "penalty", "severity": severity, "title": title, "decided_on": "2026-03-02"})


@dataclass
class Received:
    headers: dict
    body: bytes
    verified: bool

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """A receiving system on loopback: answers each POST with the next of ``answers`` (then 200)."""

    url: str
    secret: str = ""
    answers: list = field(default_factory=list)
    received: list = field(default_factory=list)


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            verified = signing.verify(state.secret, body, self.headers.get(signing.SIGNATURE_HEADER, ""))
            state.received.append(Received(dict(self.headers), body, verified))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status if verified else 400)
            self.end_headers()
            self.wfile.write(b"thanks" if status < 300 else b"try later")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/credit-news"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
