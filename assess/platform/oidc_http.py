"""Every request Candor makes to an identity provider, bounded: one wall-clock deadline
for the whole request (connecting, the TLS handshake, the headers, the body), a cap on
the size of the answer, and a short in-process memory of what providers published.

requests' own timeout counts per read, so a provider answering one byte every few
seconds would hold the request — and the person waiting for it — as long as it liked.
Here every socket a request opens is shut down once its deadline passes, whatever the
request is doing then, and the body is read in chunks, never past `MAX_BYTES`.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress

import requests
from requests.adapters import HTTPAdapter
from urllib3 import ProxyManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

#: Seconds one request to a provider may take, from connecting to its last byte.
DEADLINE_SECONDS = 10.0
#: The largest answer read from a provider: a discovery document, a key set or a token
#: answer is a few kilobytes.
MAX_BYTES = 1_000_000
CHUNK_BYTES = 64 * 1024
#: Seconds a provider's discovery document and signing keys are reused before Candor
#: fetches them again.
CACHE_SECONDS = 300.0


class FetchFailed(Exception):
    """The provider could not be heard: its message ("did not answer within 10
    seconds") completes a sentence about the address asked."""


class Deadline:
    """Shuts down, once `seconds` have passed, every socket handed to `watch`: the
    read blocked on it ends at once, however slowly the other side was sending."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.passed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exception) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(self.ends - time.monotonic(), 0.01)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.passed:
                self._sockets.append(sock)
                return
        shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            shut(sock)

    def check(self) -> None:
        """`FetchFailed` once the deadline has passed: an answer cut short by it may
        look whole (a status line and no body) and must not be taken for one."""
        if self.passed:
            raise self.failure(TimeoutError())

    def failure(self, error: BaseException) -> FetchFailed:
        """What went wrong, in words: the deadline, or the error's kind."""
        if self.passed:
            return FetchFailed(f"did not answer within {self.seconds:g} seconds")
        if isinstance(error, FetchFailed):
            return error
        return FetchFailed(f"could not be reached ({type(error).__name__})")


def shut(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class WatchedConnection:
    """Hands each new socket to the deadline as soon as it is connected (before TLS)."""

    deadline: Deadline

    def _new_conn(self):
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


def watched_pools(deadline: Deadline) -> dict:
    """urllib3's connection pools, with connections whose sockets `deadline` watches."""
    plain = type("Connection", (WatchedConnection, HTTPConnection), {"deadline": deadline})
    secure = type("SecureConnection", (WatchedConnection, HTTPSConnection), {"deadline": deadline})
    return {
        "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("SecurePool", (HTTPSConnectionPool,), {"ConnectionCls": secure}),
    }


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter (its documented extension point) with every connection under
    one `Deadline`, each read's own timeout no longer than what is left of it."""

    def __init__(self, deadline: Deadline):
        self.deadline = deadline
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = watched_pools(self.deadline)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, ProxyManager):
            manager.pool_classes_by_scheme = watched_pools(self.deadline)
        return manager

    def send(self, request, stream=False, timeout=None, **kwargs):
        left = self.deadline.remaining()
        return super().send(request, stream=stream, timeout=(left, left), **kwargs)


def read_capped(response: requests.Response, *_args, **_kwargs) -> requests.Response:
    """A response hook: read the body now, in chunks, and give up past `MAX_BYTES`."""
    too_big = FetchFailed(f"answered with more than {MAX_BYTES // 1_000_000} MB")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        response.close()
        raise too_big
    body = bytearray()
    for chunk in response.iter_content(CHUNK_BYTES):
        body += chunk
        if len(body) > MAX_BYTES:
            response.close()
            raise too_big
    response._content = bytes(body)  # what requests' own `.content` would have read
    return response


def bound(http: requests.Session, deadline: Deadline) -> requests.Session:
    """`http` (a plain session, or Authlib's OAuth2Session) with every request under
    `deadline` and every body capped."""
    adapter = DeadlineAdapter(deadline)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.hooks["response"].append(read_capped)
    http.headers["Accept-Encoding"] = "identity"  # the cap counts what is sent
    return http


def get(url: str, *, seconds: float = DEADLINE_SECONDS) -> requests.Response:
    """GET `url` (no redirect followed) within `seconds`; `FetchFailed` whatever goes
    wrong: no answer in time, too big an answer, no connection, a URL urllib3 refuses."""
    with Deadline(seconds) as deadline, requests.Session() as http:
        bound(http, deadline)
        try:
            answer = http.get(url, allow_redirects=False)
            deadline.check()
        except Exception as error:  # every failure of a fetch is the provider's, in words
            raise deadline.failure(error) from None
        return answer


class Memory:
    """Values kept for `seconds` in this process (what providers publish: fetched once
    every few minutes, not at every sign-in a visitor starts)."""

    def __init__(self, seconds: float = CACHE_SECONDS):
        self.seconds = seconds
        self._kept: dict[object, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: object):
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept[0] < time.monotonic():
                self._kept.pop(key, None)
                return None
            return kept[1]

    def put(self, key: object, value: object) -> None:
        with self._lock:
            now = time.monotonic()
            self._kept = {k: v for k, v in self._kept.items() if v[0] >= now}
            self._kept[key] = (now + self.seconds, value)
