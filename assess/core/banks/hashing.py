"""The content hash that identifies a bank version.

Responses are tied to the exact bank they answered. The identity must therefore follow
the content and nothing else: key order, YAML quoting, comments and defaults written
out or left implicit all give the same hash, while any change a respondent or a report
could notice gives a new one. We hash canonical JSON of the normalized ``to_dict()``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same data always gives the same bytes."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(data: Any) -> str:
    """sha256 hex digest of ``canonical_json(data)``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
