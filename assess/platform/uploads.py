"""Uploaded CSV files kept between their preview and its confirmation.

An import is upload → preview → confirm. The upload is answered with a redirect to the
preview (a GET), so Back and Reload never ask to send the file again; the text waits
here meanwhile, one file per upload, named by its uploader and a random token, written
whole or not at all, and gone an hour later or once imported.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from assess.platform.report_files import write_atomically

#: How long an upload waits for its confirmation.
KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def keep_upload(folder: Path, uploader_id: int, text: str) -> str:
    """Keep `text` for `uploader_id`; return the token that finds it again. Uploads
    older than an hour are removed on the way."""
    _remove_expired(folder)
    token = secrets.token_urlsafe(18)
    write_atomically(folder, _name(uploader_id, token), text.encode("utf-8"))
    return token


def read_upload(folder: Path, uploader_id: int, token: str) -> str | None:
    """The kept text, or None when the token is malformed, another user's, or expired."""
    if not _TOKEN.match(token or ""):
        return None
    path = folder / _name(uploader_id, token)
    try:
        if time.time() - path.stat().st_mtime > KEEP_SECONDS:
            return None
        return path.read_bytes().decode("utf-8")  # byte for byte: no newline translation
    except (OSError, UnicodeDecodeError):
        return None


def drop_upload(folder: Path, uploader_id: int, token: str) -> None:
    """Forget an upload once it has been imported."""
    if _TOKEN.match(token or ""):
        (folder / _name(uploader_id, token)).unlink(missing_ok=True)


def _name(uploader_id: int, token: str) -> str:
    return f"{int(uploader_id)}-{token}.csv"


def _remove_expired(folder: Path) -> None:
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
