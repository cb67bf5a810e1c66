"""Small HTTP helpers shared by the tests, ``bench/`` and ``tools/``.

One copy of each: a free loopback port for a server a test or benchmark starts, and the
CSRF token read back from a rendered page, as a browser submits it (CSRF stays on in
tests and benchmarks alike). Standard library only, so a benchmark script can import it
without pulling in pytest.
"""

from __future__ import annotations

import re
import socket

#: A form's hidden CSRF field; forms with a prefix (``rep-csrf_token``) included.
CSRF_FIELD = re.compile(r'name="(?:[\w-]+-)?csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def csrf_token(html: str) -> str | None:
    """The first CSRF token in the page ``html``, or None when it has none."""
    match = CSRF_FIELD.search(html)
    return match.group(1) if match else None


def csrf_from(page) -> str:
    """Read the CSRF token back from a test client's response, as a browser would submit it."""
    token = csrf_token(page.get_data(as_text=True))
    assert token, "the page has no CSRF token"
    return token
