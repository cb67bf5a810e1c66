"""What the validity analyses read of a rep's issued snapshot, kept beside it.

A rep's snapshot is the whole engine result (about 19 KB as JSON: every group, gap,
flag and comment). "Does it predict here?" reads a few hundred bytes of it — each
competency's combined score (what others saw) and the verdict — for every rep of an
organization at once; decoding 10,000 whole snapshots took eight seconds, nearly all of
the page. So the snapshot's row also holds this summary, made from the payload whenever
the payload is written (`models.results`), and the analyses read only the summary.

Pure: a payload in, a small dict out.

Examples
--------
>>> found = snapshot_summary({"verdict": {"verdict": "ready"}, "competencies": [
...     {"id": "listening", "bank_id": "cs", "name": {"en": "Listening"},
...      "combined": {"score": 61.5}},
...     {"id": "closing", "bank_id": "cs", "name": {"en": "Closing"},
...      "combined": {"score": None}}]})
>>> found["verdict"], found["competencies"]
('ready', [['cs/listening', 'Listening', 61.5], ['cs/closing', 'Closing', None]])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.wording import text_of


def snapshot_summary(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    """The verdict and, per competency in the snapshot's order, its key
    ("bank/competency"), its name and its combined score (None when not scored)."""
    payload = payload or {}
    competencies = []
    for entry in payload.get("competencies") or []:
        score = (entry.get("combined") or {}).get("score")
        competencies.append(
            [
                f"{entry.get('bank_id')}/{entry.get('id')}",
                text_of(entry.get("name")) or str(entry.get("id")),
                float(score) if isinstance(score, int | float) else None,
            ]
        )
    return {"verdict": (payload.get("verdict") or {}).get("verdict"), "competencies": competencies}
