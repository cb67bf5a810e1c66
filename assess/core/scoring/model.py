"""Input and output shapes of the scoring engine.

Input is one ``RaterResponse`` per submitted survey. Output dataclasses are frozen and
each has ``to_dict()`` returning plain JSON-able data with a fixed order (lists are
sorted, scores rounded to ``rules.DECIMALS``): it is stored as the round's score
snapshot and later rendered into PDFs, so the same input always gives the same dict.
Texts from the bank (competency names, red-flag labels, verdict reasons) are given as
``{locale: text}`` mappings so the report can pick its locale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from assess.core.banks import ROLES, Text
from assess.core.banks.serialize import text_to_dict
from assess.core.scoring.precision import interval
from assess.core.scoring.stats import rounded
from assess.core.scoring.verdict_results import BORDERLINE_STATUS as BORDERLINE_STATUS
from assess.core.scoring.verdict_results import Verdict

#: Group statuses: why a score is (or is not) there.
OK = "ok"
NO_RATERS = "no_raters"  # nobody in the group rated it (or every item was hidden)
NOT_ENOUGH_DATA = "not_enough_data"  # raters answered too few of its items
NOT_ENOUGH_BUYERS = "not_enough_buyer_ratings"  # fewer buyers than min_raters_per_group
#: A bank's verdict status when what a verdict rests on is missing (`Evidence`).
NOT_ENOUGH_EVIDENCE = "not_enough_evidence"
#: A bank's verdict status when a score's 90 % interval straddles a rule's cut:
#: ``BORDERLINE_STATUS``, defined with the verdict results and imported above.


@dataclass(frozen=True)
class RaterResponse:
    """One submitted survey: who answered (by role only), which bank, the answers.

    Parameters
    ----------
    response_id : str
        Opaque id, used only to point at a response in per-response quality output of
        non-anonymous raters (self, manager); never shown for buyers.
    rater_role : str
        One of ``assess.core.banks.ROLES`` and of the bank's ``rater_roles``.
    bank_id : str
        The bank answered.
    answers : Mapping[str, Any]
        item id -> the plain value documented in docs/banks.md; ``None`` or a missing
        key is unanswered.
    active_seconds : float or None
        Time spent answering, if the web layer measured it.
    language : str or None
        The language the survey was shown in (the respondent's), if known: comments are
        shown only from a language enough raters answered in (`comments_in_languages`).

    Examples
    --------
    >>> RaterResponse("r1", "self", "consultative_selling", {"cs_disc_cost": 4}).rater_role
    'self'
    """

    response_id: str
    rater_role: str
    bank_id: str
    answers: Mapping[str, Any]
    active_seconds: float | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.response_id, str) or not self.response_id:
            raise ValueError(f"response_id must be a non-empty string, got {self.response_id!r}")
        if self.rater_role not in ROLES:
            raise ValueError(
                f"response {self.response_id}: unknown rater_role {self.rater_role!r} "
                f"(expected one of {', '.join(ROLES)})"
            )
        if not isinstance(self.bank_id, str) or not self.bank_id:
            raise ValueError(f"response {self.response_id}: bank_id must be a non-empty string")
        if not isinstance(self.answers, Mapping):
            raise ValueError(
                f"response {self.response_id}: answers must be a mapping of item id to "
                f"answer, got {type(self.answers).__name__}"
            )
        seconds = self.active_seconds
        if seconds is not None and (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not math.isfinite(seconds)
            or seconds < 0
        ):
            raise ValueError(
                f"response {self.response_id}: active_seconds must be a number >= 0 or "
                f"None, got {seconds!r}"
            )


@dataclass(frozen=True)
class GroupScore:
    """A competency (or overall) score as one rater group sees it.

    ``group`` is ``self``, ``manager``, ``buyers`` (pooled), a buyer role when its
    breakdown may be shown, or ``combined`` (rater-weighted). ``score`` is ``None``
    unless ``status`` is ``"ok"``.
    """

    group: str
    score: float | None
    raters: int
    status: str
    band: str | None = None
    groups_used: tuple[str, ...] = ()  # combined only: the groups that were weighted
    #: Standard error of the score (see `precision`), and whether its whole 90 %
    #: interval lies in `band` (False: "borderline").
    error: float | None = None
    band_certain: bool | None = None
    #: How many item answers the score rests on, over all its raters (with
    #: ``raters``, the "n" every printed score carries).
    answers: int = 0
    #: The part of `error` that the manager's rating brings: one manager rates every rep
    #: of a team, so across reps this part does not average out (team changes).
    shared_error: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "score": rounded(self.score),
            "band": self.band,
            "raters": self.raters,
            "status": self.status,
        }
        if self.score is not None:
            data["answers"] = self.answers
        if self.group == "combined":
            data["groups_used"] = list(self.groups_used)
        if self.score is not None and self.error is not None:
            low, high = interval(self.score, self.error)
            data["se"] = rounded(self.error)
            data["interval"] = [rounded(low), rounded(high)]
            data["band_certain"] = self.band_certain
            if self.shared_error is not None:
                data["shared_se"] = rounded(self.shared_error)
        return data


@dataclass(frozen=True)
class CompetencyResult:
    """Everything about one competency of one rep."""

    id: str
    bank_id: str  # the bank that owns it (bands, weights, coaching)
    name: Text
    weight: float
    groups: tuple[GroupScore, ...]  # self, manager, buyers, then shown buyer roles
    combined: GroupScore
    percentile: float | None = None
    percentile_source: str | None = None  # "norm", "history" or None
    #: How many past scores the history percentile compares with (None for a norm).
    percentile_reference: int | None = None

    @property
    def score(self) -> float | None:
        return self.combined.score

    @property
    def band(self) -> str | None:
        return self.combined.band

    @cached_property
    def _by_group(self) -> dict[str, GroupScore]:
        return {entry.group: entry for entry in (*self.groups, self.combined)}

    def group(self, name: str) -> GroupScore | None:
        """The score of group ``name`` (``combined`` included), or ``None``."""
        return self._by_group.get(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "bank_id": self.bank_id,
            "name": text_to_dict(self.name),
            "weight": self.weight,
            "score": rounded(self.combined.score),
            "band": self.combined.band,
            "combined": self.combined.to_dict(),
            "groups": {entry.group: entry.to_dict() for entry in self.groups},
            "percentile": rounded(self.percentile),
            "percentile_source": self.percentile_source,
            "percentile_reference": self.percentile_reference,
        }


@dataclass(frozen=True)
class Gap:
    """Self minus ``versus`` (``buyers`` or ``manager``) on one competency."""

    competency: str
    versus: str
    self_score: float
    other_score: float
    threshold: float
    kind: str  # "blind_spot", "hidden_strength", "uncertain" or "aligned"
    statements: int = 0  # how many self statements both sides were asked about
    margin: float = 0.0  # the gap's 90 % margin of error

    @property
    def gap(self) -> float:
        return self.self_score - self.other_score

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "versus": self.versus,
            "self": rounded(self.self_score),
            "other": rounded(self.other_score),
            "gap": rounded(self.gap),
            "threshold": self.threshold,
            "kind": self.kind,
            "statements": self.statements,
            "margin": rounded(self.margin),
        }


@dataclass(frozen=True)
class RaisedFlag:
    """A red flag that was raised, with its evidence: counts only, never who."""

    id: str
    bank_id: str
    label: Text
    roles: tuple[str, ...]
    matched: int  # raters whose answers matched the rule
    out_of: int  # raters in those roles who answered the bank
    min_raters: int
    #: Whether the flag may decide a verdict on its own (`flags.decisive`): it rests on
    #: two item answers of each matching rater, or on enough raters. Otherwise a
    #: verdict rule that tests it is borderline: listed, never a verdict by itself.
    decisive: bool = True
    #: The competencies the rule's items are scored in: a verdict rule that tests the
    #: flag does not count those answers a second time (`verdict_evidence`).
    competencies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "bank_id": self.bank_id,
            "label": text_to_dict(self.label),
            "roles": list(self.roles),
            "matched": self.matched,
            "out_of": self.out_of,
            "min_raters": self.min_raters,
            "decisive": self.decisive,
            "competencies": list(self.competencies),
        }


@dataclass(frozen=True)
class QualityFlag:
    """One reason to interpret a response with care."""

    code: str  # "straight_lining", "too_fast", "inconsistent", "social_desirability"
    message: str
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": dict(self.detail)}


@dataclass(frozen=True)
class ResponseQuality:
    """Quality checks of one response. Flagged responses still count in every score."""

    response_id: str
    rater_role: str
    bank_id: str
    flags: tuple[QualityFlag, ...]

    @property
    def interpret_with_care(self) -> bool:
        return bool(self.flags)

    def to_dict(self) -> dict[str, Any]:
        return {
            "response_id": self.response_id,
            "rater_role": self.rater_role,
            "bank_id": self.bank_id,
            "interpret_with_care": self.interpret_with_care,
            "flags": [flag.to_dict() for flag in self.flags],
        }


@dataclass(frozen=True)
class QualitySummary:
    """Quality of the (anonymous) buyer responses, as counts only."""

    responses: int
    flagged: int
    by_code: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "flagged": self.flagged,
            "by_code": dict(self.by_code),
        }


@dataclass(frozen=True)
class BuyerSummary:
    """How many buyers answered and what of theirs may be shown."""

    raters: int  # buyer responses (all buyer roles, all buyer banks)
    by_role: tuple[tuple[str, int], ...]
    min_raters: int
    shown: bool  # pooled buyer scores and comments may be shown
    breakdown_roles: tuple[str, ...]  # buyer roles with a separate breakdown
    #: (buyers who answered the referral question, of them how many would recommend the
    #: rep), only when at least `min_raters` answered it; None otherwise
    referral: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        referral = None
        if self.referral is not None:
            answered, would = self.referral
            referral = {"answered": answered, "would_refer": would, "share": would / answered}
        return {
            "raters": self.raters,
            "by_role": dict(self.by_role),
            "min_raters": self.min_raters,
            "shown": self.shown,
            "status": OK if self.shown else NOT_ENOUGH_BUYERS,
            "breakdown_roles": list(self.breakdown_roles),
            "referral": referral,
        }


@dataclass(frozen=True)
class RepResult:
    """Everything the reports say about one rep in one round."""

    rep_id: str
    rep_name: str
    banks: tuple[tuple[str, str, str], ...]  # (bank id, version, content hash), sorted
    rater_counts: tuple[tuple[str, int], ...]  # role -> responses
    buyers: BuyerSummary
    competencies: tuple[CompetencyResult, ...]
    overall: tuple[GroupScore, ...]  # combined, self, manager, buyers
    bank_overall: tuple[tuple[str, GroupScore], ...]  # owner bank -> combined overall
    gaps: tuple[Gap, ...]
    red_flags: tuple[RaisedFlag, ...]
    quality: tuple[ResponseQuality, ...]  # self and manager responses only
    buyer_quality: QualitySummary | None  # None unless buyer scores are shown
    verdict: Verdict
    buyer_comments: tuple[str, ...]
    manager_comments: tuple[str, ...]
    #: Buyers' comments left out because too few buyers answered in their language
    #: (the language would tell who wrote them): `comments_in_languages`.
    buyer_comments_held_back: bool = False
    #: Competencies whose perception gaps are not drawn: the self-assessment behind
    #: them was flagged (`quality.UNRELIABLE_SELF`).
    gaps_withheld: tuple[str, ...] = ()
    #: The self-assessments' forced-choice answers, scored apart (`forced_choice.py`)
    forced_choice: Any = None

    def competency(self, competency_id: str) -> CompetencyResult | None:
        return next((entry for entry in self.competencies if entry.id == competency_id), None)

    def overall_score(self, group: str = "combined") -> float | None:
        entry = next((entry for entry in self.overall if entry.group == group), None)
        return None if entry is None else entry.score

    def to_dict(self) -> dict[str, Any]:
        return {
            "rep_id": self.rep_id,
            "rep_name": self.rep_name,
            "banks": [
                {"bank_id": bank_id, "version": version, "content_hash": content_hash}
                for bank_id, version, content_hash in self.banks
            ],
            "rater_counts": dict(self.rater_counts),
            "buyers": self.buyers.to_dict(),
            "verdict": self.verdict.to_dict(),
            "overall": {entry.group: entry.to_dict() for entry in self.overall},
            "bank_overall": {bank_id: entry.to_dict() for bank_id, entry in self.bank_overall},
            "competencies": [entry.to_dict() for entry in self.competencies],
            "gaps": [entry.to_dict() for entry in self.gaps],
            "gaps_withheld": list(self.gaps_withheld),
            "forced_choice": self.forced_choice.to_dict() if self.forced_choice else None,
            "red_flags": [entry.to_dict() for entry in self.red_flags],
            "quality": [entry.to_dict() for entry in self.quality],
            "buyer_quality": None if self.buyer_quality is None else self.buyer_quality.to_dict(),
            "buyer_comments": list(self.buyer_comments),
            "buyer_comments_held_back": self.buyer_comments_held_back,
            "manager_comments": list(self.manager_comments),
        }
