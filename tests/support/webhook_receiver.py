"""A real webhook receiver on loopback: `http.server` in a thread, checking every
message's Standard Webhooks signature as a listener's own code would
(`standardwebhooks.Webhook(secret).verify(body, headers)`).

It answers each request with the next status of `answers` (the last one repeats), so
a test can make the first try fail and watch the retry arrive.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    """One request as it arrived, and whether its signature checked out."""

    headers: dict[str, str]
    body: str
    verified: bool

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str | None = None
    answers: list[int] = field(default_factory=lambda: [200])
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer_for(self, number: int) -> int:
        return self.answers[min(number, len(self.answers) - 1)]

    def events(self, event_type: str | None = None) -> list[dict]:
        """The verified payloads, in arrival order (of one type, if given)."""
        return [
            message.payload
            for message in self.received
            if message.verified and (event_type is None or message.payload["type"] == event_type)
        ]


def checks_out(secret: str, body: str, headers: dict[str, str]) -> bool:
    """Whether the message's signature is valid for `secret` (and recent)."""
    try:
        Webhook(secret).verify(body, headers)
    except (WebhookVerificationError, ValueError):
        return False
    return True


def handler_for(receiver: Receiver):
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            headers = {name.lower(): value for name, value in self.headers.items()}
            verified = receiver.secret is not None and checks_out(receiver.secret, body, headers)
            with lock:
                status = receiver.answer_for(len(receiver.received))
                receiver.received.append(Received(headers, body, verified))
            reply = b"ok" if status < 300 else b"<h1>Busy</h1>\n<p>try later</p>"
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format, *args):  # noqa: A002 (http.server's name)
            """Quiet: the test reads `received` instead."""

    return Handler


@contextmanager
def running_receiver(
    answers: list[int] | None = None, tls: ssl.SSLContext | None = None
) -> Iterator[Receiver]:
    """A receiver listening on 127.0.0.1 for the `with` block (HTTPS with `tls`, a
    server context holding its certificate)."""
    receiver = Receiver(answers=answers or [200])
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(receiver))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    receiver.url = f"{scheme}://127.0.0.1:{server.server_address[1]}/candor-hook"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
