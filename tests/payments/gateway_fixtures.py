"""Gateways for the payment tests: a real localstripe, one that refuses connections, one that never answers.

Listed in ``pytest_plugins`` so every payments test module can ask for them. The stand-ins are
plain sockets: a bound port that never listens refuses every connection (the request cannot have
arrived), and a listening one that accepts and never replies makes a client time out after sending
(the request may have arrived). ``hangup_gateway_base`` reads the request and closes the connection;
``forgetful_gateway_base`` passes it to localstripe first, so the work is done and the answer lost.
"""
import socket
import threading
from contextlib import contextmanager

import pytest

from marketplace.payments.embedded import EmbeddedGateway


@pytest.fixture(scope="session")
def local_gateway():
    """One localstripe for the session (``.base_url``, ``.api_key``, ``.configure_webhook``, ``.stop``, ``.start``).

    Its store is shared by every test: tag what you create and look only at that.
    """
    gateway = EmbeddedGateway()
    gateway.start()
    yield gateway
    gateway.stop()


@pytest.fixture(scope="session")
def dead_gateway_base():
    """An address where every connection is refused; the port stays bound so nothing else takes it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}"


@pytest.fixture(scope="session")
def silent_gateway_base():
    """An address that accepts connections but never answers."""
    with _serving(_keep_open) as base:
        yield base


@pytest.fixture(scope="session")
def hangup_gateway_base():
    """An address that reads each request, then closes the connection without a word."""
    with _serving(_hang_up) as base:
        yield base


@pytest.fixture(scope="session")
def forgetful_gateway_base(local_gateway):
    """A proxy to ``local_gateway`` that passes each request on and drops the answer.

    The gateway does the work, the client sees a dropped connection: how a create whose response was
    lost looks, for the recovery tests.
    """

    def forget(connection):
        request = _read_request(connection)
        with socket.create_connection(("127.0.0.1", local_gateway.port)) as upstream:
            upstream.sendall(request)
            upstream.recv(1)  # the gateway has done the work once it starts answering
        connection.close()

    with _serving(forget) as base:
        yield base


@contextmanager
def _serving(handle):
    """A listening socket whose connections ``handle`` gets, one after another, on a daemon thread."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    threading.Thread(target=_accept, args=(listener, handle), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def _accept(listener, handle):
    held = []  # unanswered connections stay open as long as the thread lives
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:  # the listener was closed at the end of the session
            return
        held.append(connection)
        try:
            handle(connection)
        except OSError:  # this connection failed; keep serving the next
            connection.close()


def _keep_open(connection):
    """Read nothing, answer nothing."""


def _read_request(connection):
    """One HTTP/1.1 request with a ``Content-Length`` body (all the SDK sends), as raw bytes."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("the client went away before its request was complete")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def _hang_up(connection):
    connection.recv(65536)
    connection.close()
