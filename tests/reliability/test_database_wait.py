"""A process that starts while the database is away waits for it, for a while.

Gunicorn stops every worker when one fails to boot, so a worker (re)starting during a
database restart must not give up at once; a database that never comes still stops the
start with the usual one-line error, once the wait is over.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress
from urllib.parse import urlsplit

import pytest

from assess.platform.config import ConfigError
from tests.conftest import free_port, make_test_app


class Forwarder:
    """A TCP forwarder on loopback: the database "comes back" when it starts."""

    def __init__(self, port: int, target: tuple[str, int]):
        self.port, self.target = port, target
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # stopped
            upstream = socket.create_connection(self.target, timeout=10)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.close()
        for connection in self.sockets:
            connection.close()


@pytest.mark.services
def test_a_worker_starting_while_the_database_is_away_boots_once_it_is_back(
    postgres_schema, tmp_path
):
    real = urlsplit(postgres_schema.url())
    port = free_port()
    url = postgres_schema.url().replace(real.netloc, f"{real.username}@127.0.0.1:{port}")
    forwarder = Forwarder(port, (real.hostname, real.port or 5432))
    comes_back = threading.Timer(1.5, forwarder.start)
    comes_back.start()
    started = time.monotonic()
    try:
        app = make_test_app(url, tmp_path / "instance", CANDOR_DATABASE_WAIT=20)
        waited = time.monotonic() - started
        assert app.test_client().get("/healthz").status_code == 200
        app.extensions["candor.db"].dispose()
    finally:
        comes_back.cancel()
        forwarder.stop()
    assert 1.0 < waited < 20


def test_a_database_that_never_answers_still_stops_the_start_with_one_line(tmp_path):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"  # nobody listens
    started = time.monotonic()
    with pytest.raises(ConfigError) as stopped:
        make_test_app(url, tmp_path / "instance", CANDOR_DATABASE_WAIT=1.5)
    assert 1.5 <= time.monotonic() - started < 10
    message = stopped.value.format_message()
    assert "cannot connect" in message and "\n" not in message


def test_the_wait_must_be_a_number_of_seconds(tmp_path):
    with pytest.raises(ConfigError, match="CANDOR_DATABASE_WAIT"):
        make_test_app("sqlite://", tmp_path / "instance", CANDOR_DATABASE_WAIT="soon")
