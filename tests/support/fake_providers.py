"""Identity providers that misbehave, each a tiny HTTP server on loopback: the provider
an attacker runs for their own organization (it publishes a valid discovery document,
records every request Candor makes to it and refuses every code), and a slow one that
answers some addresses one byte at a time, for as long as the test lets it."""

from __future__ import annotations

import json
import secrets
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.http import free_port


class FakeProvider:
    """What the server was asked (`requests`: (method, path under the issuer, body)), and
    how it answers: `token_answer` at its token endpoint, and, for the paths in
    `dribble`, a status line sent a byte every `dribble_every` seconds until
    `stop_dribbling` is set."""

    def __init__(self, address: str):
        # a tenant of its own in the issuer: no two tests' providers share an issuer,
        # whatever port they get (Candor keeps what an issuer published for minutes)
        self.tenant = "/tenant-" + secrets.token_hex(4)
        self.issuer = address + self.tenant
        self.requests: list[tuple[str, str, str]] = []
        self.token_answer = {"error": "invalid_grant", "error_description": "no such code"}
        self.dribble: set[str] = set()
        self.dribble_every = 0.25
        self.dribbling = threading.Event()  # set once a dribbled answer has begun
        self.stop_dribbling = threading.Event()

    @property
    def token_requests(self) -> list[str]:
        return [body for method, path, body in self.requests if path == "/token"]

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
        }


def handler_for(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            path = self.path.split("?", 1)[0].removeprefix(provider.tenant)
            provider.requests.append((method, path, body))
            if path in provider.dribble:
                return self.send_slowly()
            if path == "/.well-known/openid-configuration":
                return self.send_json(200, provider.discovery())
            if path == "/token":
                return self.send_json(400, provider.token_answer)
            if path == "/jwks":
                return self.send_json(200, {"keys": []})
            return self.send_json(404, {"error": "not_found"})

        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.answer("GET")

        def do_POST(self):  # noqa: N802
            self.answer("POST")

        def send_json(self, status: int, document: dict) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def send_slowly(self) -> None:
            provider.dribbling.set()
            line = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 10_000
            for byte in line:
                if provider.stop_dribbling.is_set():
                    break
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:  # Candor hung up: what the deadline is for
                    break
                time.sleep(provider.dribble_every)
            self.close_connection = True

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def running_fake_provider():
    """Start a `FakeProvider` on a free loopback port; stop it afterwards."""
    port = free_port()
    provider = FakeProvider(f"http://127.0.0.1:{port}")
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(provider))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        provider.stop_dribbling.set()
        server.shutdown()
        server.server_close()
