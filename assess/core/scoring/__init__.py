"""Pure scoring: answers -> competency scores, gaps, red flags, quality, verdicts.

No Flask, no database (a test enforces it): plain data in, plain data out, and every
result has ``to_dict()`` giving JSON-able data. The rules are documented in
``docs/scoring.md``.

Public API::

    score_rep(banks, responses, *, rep_name, rep_id=None, history=None) -> RepResult
    score_team(rep_results, previous=None) -> TeamResult
    score_alignment(bank, responses) -> AlignmentResult
    item_analysis(bank, responses) -> ItemAnalysis
    response_quality(bank, response) -> ResponseQuality
    item_scores(item, value) -> {competency: score};  cronbach_alpha(rows) -> float | None
"""

from __future__ import annotations

from assess.core.scoring.alignment import AlignmentResult, score_alignment
from assess.core.scoring.items import item_scores, reverse_key
from assess.core.scoring.model import (
    CompetencyResult,
    Gap,
    GroupScore,
    QualityFlag,
    RaisedFlag,
    RaterResponse,
    RepResult,
    ResponseQuality,
)
from assess.core.scoring.quality import response_quality
from assess.core.scoring.reliability import (
    ItemAnalysis,
    cronbach_alpha,
    item_analysis,
)
from assess.core.scoring.rep import score_rep
from assess.core.scoring.team import TeamResult, score_team
from assess.core.scoring.verdict_results import BankVerdict, Verdict

__all__ = [
    "AlignmentResult",
    "BankVerdict",
    "CompetencyResult",
    "Gap",
    "GroupScore",
    "ItemAnalysis",
    "QualityFlag",
    "RaisedFlag",
    "RaterResponse",
    "RepResult",
    "ResponseQuality",
    "TeamResult",
    "Verdict",
    "cronbach_alpha",
    "item_analysis",
    "item_scores",
    "response_quality",
    "reverse_key",
    "score_alignment",
    "score_rep",
    "score_team",
]
