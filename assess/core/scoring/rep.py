"""Score one rep: every response about them -> ``RepResult``.

This module only wires the others together: ``responses`` (answers -> rater scores),
``competencies`` (groups, combined, bands), ``percentiles``, ``gaps``, ``flags``,
``quality`` and ``verdicts``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from assess.core.banks import BUYER_ROLES, WOULD_REFER_FROM, Bank, competency_owners
from assess.core.scoring.competencies import breakdown_roles, competency_result, overall_score
from assess.core.scoring.flags import raised_flags
from assess.core.scoring.forced_choice import forced_choice_profile
from assess.core.scoring.gaps import perception_gaps
from assess.core.scoring.model import BuyerSummary, RaterResponse, RepResult
from assess.core.scoring.quality import check_quality, discredits_self, summarize
from assess.core.scoring.responses import (
    ScoredResponse,
    comments_in_languages,
    plan_for,
    score_response,
)
from assess.core.scoring.verdict_results import combine_verdicts
from assess.core.scoring.verdicts import VerdictContext, bank_verdict, missing_evidence

OVERALL_GROUPS = ("combined", "self", "manager", "buyers")


def score_rep(
    banks: Mapping[str, Bank],
    responses: Sequence[RaterResponse],
    *,
    rep_name: str,
    rep_id: str | None = None,
    history: Mapping[str, Sequence[float]] | None = None,
    own_history: Mapping[str, Sequence[float]] | None = None,
) -> RepResult:
    """Score every response about one rep in one round.

    Parameters
    ----------
    banks : mapping
        bank id -> Bank; must hold every bank answered and the banks they mirror.
    responses : sequence of RaterResponse
        The rep's self-assessments and the manager's and buyers' surveys about them.
        Order does not matter.
    rep_name : str
        Display name, for the reports.
    rep_id : str, optional
        Stable id for team rollups and trends; defaults to ``rep_name``.
    history : mapping, optional
        competency id -> the organization's past combined scores on it (earlier
        rounds only, so a closed round's percentiles never move), used for
        percentiles when the owning bank ships no norm.
    own_history : mapping, optional
        competency id -> this rep's own scores among them: a rep is not compared with
        their own past.

    Returns
    -------
    RepResult

    Raises
    ------
    ValueError
        On an unknown bank, a role the bank is not for, an alignment bank (use
        ``score_alignment``), duplicate response ids or an invalid answer.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> banks = load_banks("question_banks")
    >>> answers = {"cs_disc_cost": 5, "cs_disc_why_now": 4, "cs_disc_pitch_early": 2,
    ...            "cs_disc_beyond_stated": 3, "cs_disc_implication": 4,
    ...            "cs_disc_need_payoff": 4}   # 6 of discovery's 11 items: enough
    >>> response = RaterResponse("r1", "self", "consultative_selling", answers)
    >>> result = score_rep(banks, [response], rep_name="Dana")
    >>> result.competency("discovery").group("self").score   # (100 + 75 + 75 + 50 + 75 + 75) / 6
    75.0
    >>> result.competency("listening").group("self").status
    'not_enough_data'
    """
    if not isinstance(rep_name, str) or not rep_name.strip():
        raise ValueError("rep_name must be a non-empty string")
    rep_id = rep_name if rep_id is None else rep_id
    if not isinstance(rep_id, str) or not rep_id:
        raise ValueError("rep_id must be a non-empty string")
    _check_inputs(banks, responses)
    history = {key: sorted(values) for key, values in _checked_history(history).items()}
    own_history = _checked_history(own_history)
    owners = competency_owners(dict(banks))
    scored = [score_response(plan_for(banks[entry.bank_id]), entry) for entry in responses]

    owner_ids = sorted({owner for entry in responses for owner in _owners_of(banks[entry.bank_id])})
    rated: dict[str, list[tuple[str, float, int]]] = {}
    short: dict[str, list[str]] = {}
    for entry in scored:
        role = entry.response.rater_role
        for competency, score in entry.scores.items():
            rated.setdefault(competency, []).append((role, score, entry.answered[competency]))
        for competency in entry.short:
            short.setdefault(competency, []).append(role)
    for values in rated.values():
        values.sort()  # raters' order must not matter, down to the last digit
    competencies = [
        competency_result(
            competency,
            banks[owner_id],
            rated.get(competency.id, []),
            sorted(short.get(competency.id, [])),
            history=history.get(competency.id),
            own_history=own_history.get(competency.id, ()),
        )
        for owner_id in owner_ids
        for competency in banks[owner_id].rubric.competencies
    ]
    by_bank = {
        owner_id: [entry for entry in competencies if entry.bank_id == owner_id]
        for owner_id in owner_ids
    }
    bank_overall = {
        owner_id: {
            group: overall_score(by_bank[owner_id], group, banks[owner_id])
            for group in OVERALL_GROUPS
        }
        for owner_id in owner_ids
    }
    if len(owner_ids) == 1:
        overall = tuple(bank_overall[owner_ids[0]].values())
    else:
        # One band scale for the rep's overall only if every owning bank uses the same.
        same_bands = len({banks[owner_id].rubric.bands for owner_id in owner_ids}) == 1
        band_bank = banks[owner_ids[0]] if owner_ids and same_bands else None
        overall = tuple(overall_score(competencies, group, band_bank) for group in OVERALL_GROUPS)

    flags = raised_flags(banks, scored)
    verdicts = [
        _verdict_on_evidence(
            banks[owner_id],
            VerdictContext(
                flags={flag.id: flag for flag in flags},
                competencies={entry.id: entry for entry in competencies},
                bank_competencies=tuple(entry.id for entry in by_bank[owner_id]),
                overall=bank_overall[owner_id],
                bands={band.id: band for band in banks[owner_id].rubric.bands},
            ),
            _missing_evidence(banks, owner_id, scored),
        )
        for owner_id in owner_ids
        if banks[owner_id].rubric.verdicts
    ]

    buyers = _buyer_summary(banks, owners, scored)
    buyer_comments, held_back = comments_in_languages(
        [entry for entry in scored if entry.response.rater_role in BUYER_ROLES], buyers.min_raters
    )
    qualities = [check_quality(banks[entry.response.bank_id], entry) for entry in scored]
    named = sorted(
        (quality for quality in qualities if quality.rater_role not in BUYER_ROLES),
        key=lambda quality: (quality.bank_id, quality.rater_role, quality.response_id),
    )
    buyer_qualities = [quality for quality in qualities if quality.rater_role in BUYER_ROLES]
    withheld = {
        competency.id
        for quality in qualities
        if quality.rater_role == "self" and discredits_self(quality)
        for owner_id in _owners_of(banks[quality.bank_id])
        for competency in banks[owner_id].rubric.competencies
    }

    return RepResult(
        rep_id=rep_id,
        rep_name=rep_name,
        banks=tuple(
            sorted(
                (bank.id, bank.version, bank.content_hash)
                for bank in {
                    banks[entry.bank_id].id: banks[entry.bank_id] for entry in responses
                }.values()
            )
        ),
        rater_counts=tuple(sorted(Counter(entry.rater_role for entry in responses).items())),
        buyers=buyers,
        competencies=tuple(competencies),
        overall=overall,
        bank_overall=tuple(
            (owner_id, bank_overall[owner_id]["combined"]) for owner_id in owner_ids
        ),
        gaps=tuple(
            gap
            for gap in perception_gaps(competencies, owners, banks, scored)
            if gap.competency not in withheld
        ),
        gaps_withheld=tuple(sorted(withheld)),
        forced_choice=forced_choice_profile(
            [entry.forced for entry in scored if entry.response.rater_role == "self"],
            {
                entry.id: score
                for entry in competencies
                if (score := entry.group("self").score if entry.group("self") else None) is not None
            },
        ),
        red_flags=flags,
        quality=tuple(named),
        buyer_quality=summarize(buyer_qualities) if buyers.shown else None,
        verdict=combine_verdicts(verdicts),
        buyer_comments=buyer_comments if buyers.shown else (),
        buyer_comments_held_back=buyers.shown and held_back,
        manager_comments=_comments(scored, ("manager",)),
    )


def _missing_evidence(banks: Mapping[str, Bank], owner_id: str, scored) -> tuple:
    """What the owning bank's verdict still needs, from the responses that scored any
    of its competencies (a survey left too thin to score anything is no evidence)."""
    about = [
        entry
        for entry in scored
        if entry.scores and owner_id in _owners_of(banks[entry.response.bank_id])
    ]
    return missing_evidence(
        banks[owner_id],
        manager_reviewed=any(entry.response.rater_role == "manager" for entry in about),
        buyers=sum(1 for entry in about if entry.response.rater_role in BUYER_ROLES),
    )


def _verdict_on_evidence(bank: Bank, context: VerdictContext, missing: tuple):
    """The bank's verdict; a favourable one ("ready", or "ready" still open) also needs
    the buyers' own score on the bank as a whole: "buyers can rely on this rep" cannot
    rest on the manager alone for most of what the bank measures. (A warning verdict
    — a raised red flag — stands on the evidence it has.)"""
    verdict = bank_verdict(bank, context, missing)
    buyers = context.overall.get("buyers")
    covered = buyers is not None and buyers.score is not None
    hopeful = verdict.verdict == "ready" or "ready" in verdict.between
    if hopeful and bank.rubric.buyers_needed and not covered and not missing:
        return bank_verdict(bank, context, (("buyer_coverage", None),))
    return verdict


def _owners_of(bank: Bank) -> tuple[str, ...]:
    return bank.mirrors if bank.mirrors else ((bank.id,) if bank.rubric.competencies else ())


def _check_inputs(banks: Mapping[str, Bank], responses: Sequence[RaterResponse]) -> None:
    if not isinstance(banks, Mapping) or not all(isinstance(b, Bank) for b in banks.values()):
        raise ValueError(
            "banks must map bank ids to Bank objects (see assess.core.banks.load_banks)"
        )
    seen: set[str] = set()
    for entry in responses:
        if not isinstance(entry, RaterResponse):
            raise ValueError(f"responses must be RaterResponse objects, got {type(entry).__name__}")
        if entry.response_id in seen:
            raise ValueError(f"response id {entry.response_id} appears twice")
        seen.add(entry.response_id)
        bank = banks.get(entry.bank_id)
        if bank is None:
            raise ValueError(f"response {entry.response_id}: unknown bank {entry.bank_id!r}")
        if entry.rater_role not in bank.rater_roles:
            raise ValueError(
                f"response {entry.response_id}: bank {bank.id} is not answered by "
                f"{entry.rater_role!r} (only {', '.join(bank.rater_roles)})"
            )
        if bank.rubric.compare_groups:
            raise ValueError(
                f"response {entry.response_id}: {bank.id} is an alignment bank; score it "
                "for the whole team with score_alignment"
            )
        missing = [mirrored for mirrored in bank.mirrors if mirrored not in banks]
        if missing:
            raise ValueError(f"bank {bank.id} mirrors {', '.join(missing)}, which is not given")


def _checked_history(
    history: Mapping[str, Sequence[float]] | None,
) -> Mapping[str, Sequence[float]]:
    if history is None:
        return {}
    if not isinstance(history, Mapping):
        raise ValueError("history must map competency ids to sequences of past scores")
    for competency, values in history.items():
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            raise ValueError(f"history of {competency!r} must be a sequence of scores")
        for value in values:
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or not 0 <= value <= 100
            ):
                raise ValueError(
                    f"history of {competency!r} holds {value!r}; scores run from 0 to 100"
                )
    return history


def _buyer_summary(
    banks: Mapping[str, Bank], owners: Mapping[str, Bank], scored: Sequence[ScoredResponse]
) -> BuyerSummary:
    """Buyer counts and the strictest minimum of the buyer banks and their owners."""
    buyer_entries = [entry for entry in scored if entry.response.rater_role in BUYER_ROLES]
    counts = Counter(entry.response.rater_role for entry in buyer_entries)
    minimum = 0
    for bank_id in {entry.response.bank_id for entry in buyer_entries}:
        bank = banks[bank_id]
        minimum = max(minimum, bank.rubric.min_raters_per_group)
        for mirrored in bank.mirrors:
            minimum = max(minimum, banks[mirrored].rubric.min_raters_per_group)
    if not minimum:  # no buyer answered: the owners' minimum, for the report to quote
        minimum = max((bank.rubric.min_raters_per_group for bank in owners.values()), default=3)
    shown = len(buyer_entries) >= minimum
    referral = _referral(banks, buyer_entries)
    return BuyerSummary(
        raters=len(buyer_entries),
        by_role=tuple((role, counts.get(role, 0)) for role in BUYER_ROLES),
        min_raters=minimum,
        shown=shown,
        breakdown_roles=breakdown_roles(counts, minimum) if shown else (),
        referral=referral if shown and referral and referral[0] >= minimum else None,
    )


def _referral(
    banks: Mapping[str, Bank], buyer_entries: Sequence[ScoredResponse]
) -> tuple[int, int] | None:
    """(buyers who answered the referral question, of them those who would recommend the
    rep: WOULD_REFER_FROM or more on 0–10); None when no buyer bank asks it."""
    questions = {
        bank_id: [item.id for item in banks[bank_id].items if item.outcome == "referral"]
        for bank_id in {entry.response.bank_id for entry in buyer_entries}
    }
    if not any(questions.values()):
        return None
    answered = would = 0
    for entry in buyer_entries:
        for item_id in questions[entry.response.bank_id]:
            value = entry.visible_answers.get(item_id)
            if type(value) is int:
                answered += 1
                would += value >= WOULD_REFER_FROM
    return answered, would


def _comments(scored: Sequence[ScoredResponse], roles: Sequence[str]) -> tuple[str, ...]:
    """Free-text answers of ``roles``, sorted: no order, role or response id to trace."""
    return tuple(
        sorted(
            text
            for entry in scored
            if entry.response.rater_role in roles
            for _, text in entry.texts
        )
    )
