"""WeasyPrint fetches nothing but our fonts, even from HTML that escaped escaping."""

from __future__ import annotations

import http.server
import threading

import pytest

from assess.platform.pdf import _fetcher_class, render_pdf
from tests.reports.conftest import PdfText


@pytest.fixture
def web_server():
    """A local HTTP server that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::after { content: "FETCHED-REMOTE"; }')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_fetcher_refuses_local_files_and_remote_urls():
    fetcher = _fetcher_class()()
    for url in ("file:///etc/passwd", "http://example.com/x.png", "data:text/css,body{}"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_rendering_hostile_html_reads_no_file_and_calls_no_server(tmp_path, web_server, caplog):
    base, hits = web_server
    leak = tmp_path / "leak.css"
    leak.write_text('body::before { content: "READ-LOCAL-FILE"; }')
    html = (
        f'<html><head><link rel="stylesheet" href="{leak.as_uri()}">'
        f'<link rel="stylesheet" href="{base}/x.css"></head>'
        f'<body><p>Hello</p><img src="file:///etc/passwd"><img src="{base}/pixel.png">'
        "</body></html>"
    )
    pdf = PdfText(render_pdf(html, "p { font-family: Inter; }"))
    assert "Hello" in pdf.text
    assert "READ-LOCAL-FILE" not in pdf.text
    assert "FETCHED-REMOTE" not in pdf.text
    assert hits == []
