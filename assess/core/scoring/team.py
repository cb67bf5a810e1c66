"""Team rollup of one round: verdicts, ranking, competency × rep matrix, spread, trend.

Works from ``RepResult`` objects or from their stored ``to_dict()`` snapshots, so the
previous round's trend can be computed from what the database kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.core.banks import VERDICT_SEVERITY
from assess.core.scoring.model import RepResult
from assess.core.scoring.precision import reliable_change
from assess.core.scoring.stats import mean, rounded, sample_stdev
from assess.core.scoring.team_change import MatchedChange, team_change

NOT_ASSESSED = "not_assessed"
#: A rep whose scores sit across a verdict rule's cut (`verdicts.BORDERLINE`).
BORDERLINE = "borderline"


@dataclass(frozen=True)
class RepSummary:
    """What the team rollup needs of one rep."""

    rep_id: str
    rep_name: str
    overall: float | None
    verdict: str | None
    scores: Mapping[str, float | None]  # competency -> combined score
    competencies: tuple[tuple[str, str, int, Mapping[str, str]], ...]  # id, bank, position, name
    red_flags: tuple[str, ...]
    overall_error: float | None = None  # the overall's standard error (newer snapshots)
    errors: Mapping[str, float | None] = field(default_factory=dict)  # competency -> SE
    #: competency -> the manager's part of the SE; "" -> the overall's
    shared: Mapping[str, float | None] = field(default_factory=dict)
    #: competency ("" for the overall) -> the buyers' own (score, SE)
    buyers: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)


def rep_summary(rep: RepResult | Mapping[str, Any]) -> RepSummary:
    """Summarize a ``RepResult`` or its ``to_dict()`` output.

    Raises
    ------
    ValueError
        If a dict lacks the keys of ``RepResult.to_dict()``.
    """
    data = rep.to_dict() if isinstance(rep, RepResult) else rep
    if not isinstance(data, Mapping):
        raise ValueError(f"expected a RepResult or its to_dict(), got {type(rep).__name__}")
    try:
        positions: Counter[str] = Counter()
        competencies = []
        for entry in data["competencies"]:
            competencies.append(
                (entry["id"], entry["bank_id"], positions[entry["bank_id"]], dict(entry["name"]))
            )
            positions[entry["bank_id"]] += 1
        return RepSummary(
            rep_id=data["rep_id"],
            rep_name=data["rep_name"],
            overall=data["overall"]["combined"]["score"],
            verdict=data["verdict"]["verdict"]
            or (BORDERLINE if data["verdict"].get("between") else None),
            scores={entry["id"]: entry["score"] for entry in data["competencies"]},
            competencies=tuple(competencies),
            red_flags=tuple(sorted({flag["id"] for flag in data["red_flags"]})),
            overall_error=data["overall"]["combined"].get("se"),
            errors={
                entry["id"]: (entry.get("combined") or {}).get("se")
                for entry in data["competencies"]
            },
            buyers={
                "": _score_and_error(data["overall"].get("buyers")),
                **{
                    entry["id"]: _score_and_error((entry.get("groups") or {}).get("buyers"))
                    for entry in data["competencies"]
                },
            },
            shared={
                "": data["overall"]["combined"].get("shared_se"),
                **{
                    entry["id"]: (entry.get("combined") or {}).get("shared_se")
                    for entry in data["competencies"]
                },
            },
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a RepResult snapshot: missing {error}") from None


def _score_and_error(entry: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    if not entry or entry.get("status", "ok") != "ok":
        return (None, None)
    return entry.get("score"), entry.get("se")


@dataclass(frozen=True)
class Spread:
    """Team average and spread of one score."""

    n: int
    mean: float | None
    stdev: float | None  # sample standard deviation; None for fewer than two reps
    min: float | None
    max: float | None

    @classmethod
    def of(cls, values: Sequence[float | None]) -> Spread:
        present = sorted(value for value in values if value is not None)
        return cls(
            len(present),
            mean(present),
            sample_stdev(present),
            present[0] if present else None,
            present[-1] if present else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean": rounded(self.mean),
            "stdev": rounded(self.stdev),
            "min": rounded(self.min),
            "max": rounded(self.max),
        }


@dataclass(frozen=True)
class TeamCompetency:
    id: str
    bank_id: str
    name: Mapping[str, str]
    scores: tuple[tuple[str, float | None], ...]  # (rep id, combined score), by rep id
    spread: Spread
    previous_mean: float | None
    change: float | None  # mean now minus previous mean
    #: The change over the reps scored both times, beyond noise or not (None without a
    #: previous round).
    matched: MatchedChange | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched_change": self.matched.to_dict() if self.matched else None,
            "id": self.id,
            "bank_id": self.bank_id,
            "name": dict(self.name),
            "scores": {rep_id: rounded(score) for rep_id, score in self.scores},
            **self.spread.to_dict(),
            "previous_mean": rounded(self.previous_mean),
            "change": rounded(self.change),
        }


@dataclass(frozen=True)
class RankEntry:
    rank: int | None  # competition ranking (1, 2, 2, 4); None without an overall score
    rep_id: str
    rep_name: str
    overall: float | None
    verdict: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "rep_id": self.rep_id,
            "rep_name": self.rep_name,
            "overall": rounded(self.overall),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class RepTrend:
    rep_id: str
    rep_name: str
    overall: float | None
    previous_overall: float | None
    change: float | None
    verdict: str | None
    previous_verdict: str | None
    competencies: tuple[tuple[str, float | None], ...]  # competency -> change
    #: "improved", "slipped" or "steady" (Jacobson–Truax at 90 %), None when unknown
    moved: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rep_id": self.rep_id,
            "rep_name": self.rep_name,
            "overall": rounded(self.overall),
            "previous_overall": rounded(self.previous_overall),
            "change": rounded(self.change),
            "moved": self.moved,
            "verdict": self.verdict,
            "previous_verdict": self.previous_verdict,
            "competencies": {name: rounded(change) for name, change in self.competencies},
        }


@dataclass(frozen=True)
class TeamResult:
    reps: int
    verdicts: tuple[tuple[str, int], ...]  # every verdict + not_assessed, severe first
    ranking: tuple[RankEntry, ...]
    competencies: tuple[TeamCompetency, ...]
    overall: Spread
    previous_overall_mean: float | None
    red_flags: tuple[tuple[str, int], ...]  # red flag id -> reps who raised it
    trends: tuple[RepTrend, ...] | None  # None when no previous round was given
    overall_matched: MatchedChange | None = None  # the overall over reps scored both times

    def to_dict(self) -> dict[str, Any]:
        return {
            "reps": self.reps,
            "verdicts": dict(self.verdicts),
            "ranking": [entry.to_dict() for entry in self.ranking],
            "overall": {
                **self.overall.to_dict(),
                "previous_mean": rounded(self.previous_overall_mean),
                "change": rounded(_change(self.overall.mean, self.previous_overall_mean)),
                "matched_change": (
                    self.overall_matched.to_dict() if self.overall_matched else None
                ),
            },
            "competencies": [entry.to_dict() for entry in self.competencies],
            "red_flags": dict(self.red_flags),
            "trends": None if self.trends is None else [entry.to_dict() for entry in self.trends],
        }


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _summaries(results: Sequence[RepResult | Mapping[str, Any]], what: str) -> list[RepSummary]:
    summaries = [rep_summary(result) for result in results]
    counts = Counter(summary.rep_id for summary in summaries)
    duplicated = sorted(rep_id for rep_id, count in counts.items() if count > 1)
    if duplicated:
        raise ValueError(f"{what}: rep id(s) {', '.join(duplicated)} appear more than once")
    return sorted(summaries, key=lambda summary: summary.rep_id)


def _ranking(summaries: Sequence[RepSummary]) -> tuple[RankEntry, ...]:
    """Reps with a verdict (or borderline) ranked by score; a rep without the evidence
    for a verdict is listed after them, unranked — the report decides nothing about
    them, so it does not place them either."""

    def unranked(summary: RepSummary) -> bool:
        return summary.overall is None or summary.verdict is None

    ordered = sorted(
        summaries,
        key=lambda s: (unranked(s), -(rounded(s.overall) or 0), s.rep_name, s.rep_id),
    )
    entries = []
    position = 0
    for summary in ordered:
        rank = None
        if not unranked(summary):
            position += 1
            previous = entries[-1] if entries else None
            same = previous is not None and rounded(previous.overall) == rounded(summary.overall)
            rank = previous.rank if same and previous is not None else position
        entries.append(
            RankEntry(rank, summary.rep_id, summary.rep_name, summary.overall, summary.verdict)
        )
    return tuple(entries)


def score_team(
    rep_results: Sequence[RepResult | Mapping[str, Any]],
    previous: Sequence[RepResult | Mapping[str, Any]] | None = None,
) -> TeamResult:
    """Roll a round's rep results up to the team.

    Parameters
    ----------
    rep_results : sequence of RepResult (or their ``to_dict()``)
        One per rep; ``rep_id`` must be unique.
    previous : sequence, optional
        The team's previous round, for trends (matched by ``rep_id``).

    Returns
    -------
    TeamResult
        Ranking by combined overall score (ties share a rank; reps without one last),
        verdict counts, per competency the rep scores, mean, sample standard deviation,
        min and max, and the change against the previous round. The averages and
        spreads count only reps with a verdict or borderline; a rep without the
        evidence for a verdict keeps their scores in the matrix but moves no average.

    Raises
    ------
    ValueError
        On duplicate rep ids or something that is not a rep result.

    Examples
    --------
    Three reps with overall 80, 70 and 70 rank 1, 2, 2; the overall team mean is
    73.33 and its sample standard deviation 5.77.
    """
    current = _summaries(rep_results, "rep_results")
    before = _summaries(previous, "previous") if previous is not None else []
    before_by_id = {summary.rep_id: summary for summary in before}

    verdict_counts = Counter(summary.verdict or NOT_ASSESSED for summary in current)
    known: dict[str, tuple[str, int, Mapping[str, str]]] = {}
    for summary in current:
        for competency, bank_id, position, name in summary.competencies:
            if competency not in known or (bank_id, position) < known[competency][:2]:
                known[competency] = (bank_id, position, name)
    competencies = []
    # Averages and spreads read only reps with a verdict (or borderline): a rep short
    # of the evidence for one has scores resting on their own view, and the report
    # decides nothing about them — so they do not move the team's numbers either.
    judged = [summary for summary in current if summary.verdict is not None]
    judged_before = [summary for summary in before if summary.verdict is not None]
    judged_before_by_id = {summary.rep_id: summary for summary in judged_before}
    for competency, (bank_id, _, name) in sorted(known.items(), key=lambda item: item[1][:2]):
        spread = Spread.of([summary.scores.get(competency) for summary in judged])
        previous_mean = (
            Spread.of([summary.scores.get(competency) for summary in judged_before]).mean
            if before
            else None
        )
        competencies.append(
            TeamCompetency(
                id=competency,
                bank_id=bank_id,
                name=name,
                scores=tuple(
                    (summary.rep_id, summary.scores.get(competency)) for summary in current
                ),
                spread=spread,
                previous_mean=previous_mean,
                change=_change(spread.mean, previous_mean),
                matched=team_change(judged, judged_before_by_id, competency)
                if previous is not None
                else None,
            )
        )

    trends = None
    if previous is not None:
        trends = tuple(
            _trend(summary, before_by_id.get(summary.rep_id), [entry.id for entry in competencies])
            for summary in current
        )
    flag_counts = Counter(flag for summary in current for flag in summary.red_flags)
    overall = Spread.of([summary.overall for summary in judged])
    return TeamResult(
        reps=len(current),
        verdicts=tuple(
            (verdict, verdict_counts.get(verdict, 0))
            for verdict in (*VERDICT_SEVERITY, BORDERLINE, NOT_ASSESSED)
        ),
        ranking=_ranking(current),
        competencies=tuple(competencies),
        overall=overall,
        previous_overall_mean=(
            Spread.of([s.overall for s in judged_before]).mean if before else None
        ),
        red_flags=tuple(sorted(flag_counts.items())),
        trends=trends,
        overall_matched=team_change(judged, judged_before_by_id, "")
        if previous is not None
        else None,
    )


def _trend(summary: RepSummary, before: RepSummary | None, competencies: list[str]) -> RepTrend:
    return RepTrend(
        rep_id=summary.rep_id,
        rep_name=summary.rep_name,
        overall=summary.overall,
        previous_overall=before.overall if before else None,
        change=_change(summary.overall, before.overall if before else None),
        moved=reliable_change(
            before.overall if before else None,
            before.overall_error if before else None,
            summary.overall,
            summary.overall_error,
        ),
        verdict=summary.verdict,
        previous_verdict=before.verdict if before else None,
        competencies=tuple(
            (
                competency,
                _change(summary.scores.get(competency), before.scores.get(competency))
                if before
                else None,
            )
            for competency in competencies
        ),
    )
