"""HTML → PDF with WeasyPrint, fetching nothing but our own font files.

WeasyPrint is imported inside `render_pdf`, so web processes that never render do not
pay for it at start (the workers do). The URL fetcher refuses every scheme and path
except the fonts shipped in `static/fonts/`: a hostile name or comment that smuggled an
<img src="file:///etc/passwd"> or an http URL into the HTML could not make the
renderer read a local file or call out to the network.
"""

from __future__ import annotations

import atexit
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from assess.core.reports.fonts import EMOJI_FAMILIES, EMOJI_SUBSETS, FONT_STACK

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"


def _font_face(subset: str, weight: int) -> str:
    source = (FONTS_DIR / f"inter-{subset}-{weight}-normal.woff").as_uri()
    return (
        f"@font-face {{ font-family: 'Inter'; font-weight: {weight}; "
        f"src: url('{source}') format('woff'); }}"
    )


def _emoji_face(subset: int, family: str) -> str:
    source = (FONTS_DIR / f"noto-emoji-{subset}-400-normal.woff").as_uri()
    return f"@font-face {{ font-family: '{family}'; src: url('{source}') format('woff'); }}"


# print.css sets every text in var(--report-fonts), declared here beside the faces.
FONT_FACES = "\n".join(
    [
        *(
            _font_face(subset, weight)
            for weight in (400, 600, 700)
            for subset in ("latin", "latin-ext")
        ),
        *(_emoji_face(n, family) for n, family in zip(EMOJI_SUBSETS, EMOJI_FAMILIES, strict=True)),
        f":root {{ --report-fonts: {FONT_STACK}; }}",
    ]
)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ShippedFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"refused to fetch {url[:80]!r}: reports load nothing remote")
            path = Path(unquote(parts.path)).resolve()
            if FONTS_DIR not in path.parents:
                raise ValueError(f"refused to read {path}: only the shipped fonts are allowed")
            mime_type = mimetypes.guess_type(path.name)[0] or "font/woff"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type}, 200)

    return ShippedFontsOnly


# Parsing the stylesheet and loading the six font files costs about a quarter of a rep
# report's render time, so each process does it once per stylesheet. WeasyPrint objects
# are not meant to be shared between threads: renders in one process take turns (they
# are CPU-bound Python, so threads would not run them in parallel anyway).
_RENDER_LOCK = threading.Lock()
_PREPARED: dict[str, tuple] = {}
# Drop them while the interpreter is still whole: WeasyPrint's FontConfiguration cleans
# up in __del__, which fails (noisily) once modules are being torn down at exit.
atexit.register(_PREPARED.clear)


def _prepared(stylesheet: str):
    """(fetcher, font configuration, parsed CSS) for `stylesheet`, made once."""
    prepared = _PREPARED.get(stylesheet)
    if prepared is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher = _fetcher_class()()
        fonts = FontConfiguration()  # @font-face rules only load through one of these
        css = CSS(string=FONT_FACES + "\n" + stylesheet, url_fetcher=fetcher, font_config=fonts)
        prepared = _PREPARED[stylesheet] = (fetcher, fonts, css)
    return prepared


def render_pdf(html: str, stylesheet: str) -> bytes:
    """Render `html` with `stylesheet` (print CSS) to PDF bytes."""
    from weasyprint import HTML

    with _RENDER_LOCK:
        fetcher, fonts, css = _prepared(stylesheet)
        document = HTML(string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[css], font_config=fonts)
