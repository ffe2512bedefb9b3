"""The embedded payment gateway: localstripe, a Stripe-compatible server, as a child process on loopback.

localstripe is GPL-3.0, so it is only ever run (``<venv>/bin/localstripe``), never imported. It
starts empty (``--from-scratch``) and keeps its state in memory; it also pickles the whole store to
the fixed path ``/tmp/localstripe.pickle`` after every write (it reads it back only without
``--from-scratch``, which we never use, so parallel instances overwrite each other's copy
harmlessly). It listens on all interfaces and its ``/_config`` routes need no key: for development,
demos and tests, never for real money.

With ``GATEWAY_EMBEDDED_PORT`` set (the installation's gateway, 8420 by default), a gateway already
answering there is used as it is; otherwise it is started in a session of its own and outlives the
command that started it, so ``binhai demo``, the site and the other commands all see the same payments
until the machine restarts (the gateway keeps them in memory only).
"""
import json
import os
import shutil
import socket
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

API_KEY = "sk_test_embedded"  # localstripe accepts any key starting sk_
WEBHOOK_ID = "binhai"
PICKLE_PATH = Path("/tmp/localstripe.pickle")  # fixed in localstripe's Store.dump_to_disk
START_SECONDS = 20
PROBE_SECONDS = 2
PORT_ATTEMPTS = 3


class EmbeddedGatewayError(RuntimeError):
    """localstripe could not be started or configured; the message says what to look at."""


class EmbeddedGateway:
    """One localstripe process; ``start`` again after ``stop`` comes back on the same port, empty."""

    api_key = API_KEY

    def __init__(self):
        self.base_url = None
        self.port = None
        self._process = None
        self._directory = None
        self._webhook = None
        self._detached = False

    def start(self, app_config=None) -> str:
        """Start (or, on a configured port, find) the gateway and wait until it answers; :return: its base URL."""
        configured = (app_config or {}).get("GATEWAY_EMBEDDED_PORT")
        if self.port is None and configured:
            self.port, self._detached = int(configured), True
        if self.port and _answers(_base_url(self.port)):
            self.base_url = _base_url(self.port)
            return self.base_url
        _check_pickle_writable()
        executable = _executable()
        self._directory = self._directory or tempfile.mkdtemp(prefix="binhai-gateway-")
        for _ in range(PORT_ATTEMPTS):
            port = self.port or _free_port()
            if self._spawn(executable, port):
                self.port, self.base_url = port, _base_url(port)
                if self._webhook:
                    self.configure_webhook(*self._webhook)
                return self.base_url
            if self.port:  # a chosen port is not retried elsewhere: clients already point at it
                break
        raise EmbeddedGatewayError(f"localstripe did not start; its log ({self._log_path()}) ends with:\n"
                                   f"{self._log_tail()}")

    def configure_webhook(self, url: str, secret: str) -> None:
        """Have the gateway sign every event with ``secret`` and POST it to ``url`` (again after a restart)."""
        body = urllib.parse.urlencode({"url": url, "secret": secret}).encode()
        try:
            with urllib.request.urlopen(f"{self.base_url}/_config/webhooks/{WEBHOOK_ID}", data=body,
                                        timeout=PROBE_SECONDS):
                pass
        except (urllib.error.URLError, OSError) as error:
            raise EmbeddedGatewayError(f"could not register the webhook with localstripe: {error}") from error
        self._webhook = (url, secret)

    def stop(self) -> None:
        """Terminate the process we started (a gateway we only found is left running) and drop its log."""
        self._terminate()
        if self._directory:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def _terminate(self):
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _spawn(self, executable, port) -> bool:
        with open(self._log_path(), "ab") as log:
            self._process = subprocess.Popen(
                [str(executable), "--port", str(port), "--from-scratch"],
                cwd=self._directory, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=self._detached,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:  # e.g. the port was taken meanwhile
                self._process = None
                return False
            if _answers(_base_url(port)):
                return True
            time.sleep(0.05)
        self._terminate()
        return False

    def _log_path(self):
        return Path(self._directory) / "localstripe.log"

    def _log_tail(self):
        try:
            return "\n".join(self._log_path().read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no log)"


def _executable():
    """localstripe's script, installed beside our own interpreter's (the virtualenv's ``bin``)."""
    installed = Path(sysconfig.get_path("scripts")) / "localstripe"
    found = str(installed) if installed.exists() else shutil.which("localstripe")
    if not found:
        raise EmbeddedGatewayError(f"localstripe is not installed (looked in {installed.parent} and on PATH)")
    return found


def _base_url(port):
    return f"http://127.0.0.1:{port}"


def _answers(base_url) -> bool:
    """Whether a Stripe-like API answers there; a list call, since GET /v1/balance creates the balance
    and sends a ``balance.available`` event to the webhook."""
    request = urllib.request.Request(f"{base_url}/v1/payment_intents?limit=1",
                                     headers={"Authorization": f"Bearer {API_KEY}"})
    try:
        with urllib.request.urlopen(request, timeout=PROBE_SECONDS) as response:
            return json.load(response).get("object") == "list"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _check_pickle_writable():
    """localstripe answers every write with a 500 when it cannot write its pickle (say, another
    user's file in /tmp): say so now rather than on the first payment."""
    if PICKLE_PATH.exists() and not os.access(PICKLE_PATH, os.W_OK):
        raise EmbeddedGatewayError(f"{PICKLE_PATH} belongs to someone else and localstripe must overwrite it: "
                                   "remove it, or set STRIPE_API_KEY and STRIPE_API_BASE to another gateway")
