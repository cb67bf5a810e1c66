"""Report files on disk: written whole or not at all, and checked before serving.

A PDF is written to a temporary name in the destination folder, flushed to disk, then
renamed over its final name (an atomic step on POSIX): a worker killed mid-write leaves
at most a stray temporary file, never a half PDF under the real name. The SHA-256 of
the bytes is stored with the report, and downloads re-check it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class ReportFileError(OSError):
    """The report folder cannot take the file; the message says what to do."""


def write_atomically(folder: Path, name: str, data: bytes) -> tuple[Path, str]:
    """Write `data` to `folder/name` atomically; return (path, sha256 hex)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise ReportFileError(
            f"cannot write reports to {folder} ({error.strerror}) — make the folder writable "
            "or free some disk space, then render again."
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        final = folder / name
        os.replace(temporary, final)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ReportFileError(
            f"cannot write {name} to {folder} ({error.strerror}) — free some disk space or "
            "fix the folder's permissions, then render again."
        ) from None
    return final, hashlib.sha256(data).hexdigest()


def read_verified(path: str | Path, checksum: str) -> bytes | None:
    """The file's bytes if they still match `checksum`, else None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == checksum else None
