"""Plain words for "does it predict here?": one sentence per correlation, one per
verdict group, what testing many pairs at once means, which reps the verdict groups
hold, and the standing note that a correlation is not a cause.

When a link is claimed (`link`), decided on the unrounded numbers:

* **goes with** — the 90 % interval lies wholly above 0 (``low > 0``) *and* the link
  holds after allowing for every pair of the page (its Benjamini–Hochberg adjusted
  p-value is at most `FDR`, `multiplicity`). "Goes with lower …" when the interval lies
  wholly below 0 (``high < 0``).
* **could be chance** — the interval leaves out 0 but the link does not hold among the
  pairs tested: on a page of 77 pairs about 8 intervals leave out 0 with no link at
  all. Shown in the table with its figures, never named as a link.
* **goes only weakly with** — the interval excludes 0 but ``|rho| < WEAK_RHO`` (0.10,
  Cohen's "small"): with thousands of reps a link too small to act on still clears 0.
* **no clear link** — the interval includes 0, whatever rho is: a rho of 0.30 from 25
  reps is not evidence of anything yet, and the sentence must not suggest it is.

Numbers are shown as the reader checks them: rho and its bounds to two decimals with a
true minus sign, and the count of reps with both values.
"""

from __future__ import annotations

import math

from assess.core.reports.wording import VERDICT_LABELS
from assess.core.validity.correlation import NO_VARIATION, NOT_ENOUGH_REPS, Correlation
from assess.core.validity.groups import GroupOutcome, VerdictCoverage
from assess.core.validity.multiplicity import FDR, expected_by_chance

#: Below this |rho| a link that clears 0 is called weak.
WEAK_RHO = 0.10

POSITIVE = "positive"
NEGATIVE = "negative"
WEAK_POSITIVE = "weak_positive"
WEAK_NEGATIVE = "weak_negative"
CHANCE = "chance"
UNCLEAR = "unclear"
#: Every value `link` returns (with the statuses of a result without a coefficient).
LINKS = (
    POSITIVE,
    NEGATIVE,
    WEAK_POSITIVE,
    WEAK_NEGATIVE,
    CHANCE,
    UNCLEAR,
    NOT_ENOUGH_REPS,
    NO_VARIATION,
)

#: What a table cell says before its figures, by `link` (the owner's page, the team
#: report and the bank page's items use the same words; `link_words` adds to "could
#: be chance" among how many pairs).
LINK_WORDS = {
    POSITIVE: "goes with",
    NEGATIVE: "goes with lower",
    WEAK_POSITIVE: "goes only weakly with",
    WEAK_NEGATIVE: "goes only weakly with lower",
    CHANCE: "could be chance",
    UNCLEAR: "no clear link",
    NOT_ENOUGH_REPS: "not enough reps to say",
    NO_VARIATION: "no variation",
}

CAUSATION_NOTE = (
    "A correlation is not a cause. A competency that goes with an outcome here may share "
    "a cause with it — the territory, the product, the rep's experience — so raising the "
    "score will not by itself raise the outcome. Read a link as where to look, not as proof. "
    "Competencies move together, so a link for one is not evidence that it, rather than a "
    "related one, is what matters. The manager's rating is part of every score, and the "
    "manager knows the rep's sales results, which can lend a link by itself."
)


def link(result: Correlation) -> str:
    """What `result` says, as one of `LINKS` (thresholds in the module docstring).

    Examples
    --------
    >>> link(Correlation(n=38, min_reps=20, rho=0.41, interval=(0.15, 0.62)))
    'positive'
    >>> link(Correlation(n=44, min_reps=20, rho=0.08, interval=(-0.17, 0.32)))
    'unclear'
    >>> link(Correlation(n=26, min_reps=20, rho=0.37, interval=(0.04, 0.63),
    ...                  p_value=0.067, adjusted_p=0.31, tested=77))
    'chance'
    """
    if result.status != "ok" or result.rho is None or result.interval is None:
        return result.status
    low, high = result.interval
    if not (low > 0 or high < 0):
        return UNCLEAR
    if result.adjusted_p is not None and not result.adjusted_p <= FDR:
        return CHANCE
    weak = abs(result.rho) < WEAK_RHO
    if low > 0:
        return WEAK_POSITIVE if weak else POSITIVE
    return WEAK_NEGATIVE if weak else NEGATIVE


def link_words(result: Correlation) -> str:
    """What a table cell says before its figures: `LINK_WORDS`, and for a link that
    could be chance, among how many pairs.

    Examples
    --------
    >>> link_words(Correlation(n=26, min_reps=20, rho=0.37, interval=(0.04, 0.63),
    ...            p_value=0.067, adjusted_p=0.31, tested=77))
    'could be chance among 77 pairs'
    """
    return cell_words(link(result), result.tested)


def cell_words(kind: str, tested: int) -> str:
    """`LINK_WORDS` of a `link` kind, "could be chance" said among the `tested` pairs
    (for a report that carries the kind and the count, not the result)."""
    if kind not in LINK_WORDS:
        raise ValueError(f"no words for the link {kind!r}")
    if kind == CHANCE:
        return f"{LINK_WORDS[CHANCE]} among {tested:,} pairs"
    return LINK_WORDS[kind]


def correlation_sentence(result: Correlation, competency: str, outcome: str) -> str:
    """One sentence for a competency–outcome correlation, named as the reader knows them.

    Examples
    --------
    >>> correlation_sentence(Correlation(n=38, min_reps=20, rho=0.41,
    ...                      interval=(0.12, 0.64)), "Listening", "win rate")
    'Listening goes with win rate here: ρ 0.41 (0.12 to 0.64), 38 reps.'
    >>> correlation_sentence(Correlation(n=12, min_reps=20, status="not_enough_reps"),
    ...                      "Listening", "win rate")
    'Not enough reps to say (12 of the 20 needed).'
    """
    kind = link(result)
    if kind == NOT_ENOUGH_REPS:
        return f"Not enough reps to say ({result.n:,} of the {result.min_reps:,} needed)."
    if kind == NO_VARIATION:
        same = []
        if "competency" in result.constant:
            same.append(f"the same {competency} score")
        if "outcome" in result.constant:
            same.append(f"the same {outcome}")
        return (
            f"No link can be measured between {competency} and {outcome} here: "
            f"all {result.n:,} reps have {' and '.join(same)}."
        )
    claims = {
        POSITIVE: f"{competency} goes with {outcome} here",
        NEGATIVE: f"{competency} goes with lower {outcome} here",
        WEAK_POSITIVE: f"{competency} goes only weakly with {outcome} here",
        WEAK_NEGATIVE: f"{competency} goes only weakly with lower {outcome} here",
        CHANCE: (
            f"The link between {competency} and {outcome} could be chance "
            f"among {result.tested:,} pairs tested"
        ),
        UNCLEAR: f"No clear link between {competency} and {outcome} here",
    }
    return f"{claims[kind]}: {figures(result)}."


def multiplicity_sentence(tested: int, chance: int) -> str:
    """What testing `tested` pairs at once means, for a reader of the table: how many
    would show a link by chance alone, and that the links named allow for it;
    `chance` is how many pairs are marked "could be chance".

    Examples
    --------
    >>> multiplicity_sentence(77, 3)  # doctest: +NORMALIZE_WHITESPACE
    'Of 77 pairs tested, about 8 would show a link by chance alone at this level; the
    links named below hold after allowing for that (Benjamini–Hochberg, 10 % false
    discovery rate), and the 3 other pairs whose interval leaves out 0 are marked
    “could be chance”.'
    >>> multiplicity_sentence(1, 0)
    '1 pair was tested: a link is named when its interval leaves out 0.'
    """
    if tested == 1:
        return "1 pair was tested: a link is named when its interval leaves out 0."
    expected = expected_by_chance(tested)
    about = "fewer than one" if expected < 0.5 else f"about {math.floor(expected + 0.5):,}"
    rate = f"{FDR * 100:.0f} %"
    sentence = (
        f"Of {tested:,} pairs tested, {about} would show a link by chance alone at this "
        "level; the links named below hold after allowing for that (Benjamini–Hochberg, "
        f"{rate} false discovery rate)"
    )
    if not chance:
        return sentence + "."
    others = (
        "the 1 other pair whose interval leaves out 0 is"
        if chance == 1
        else (f"the {chance:,} other pairs whose interval leaves out 0 are")
    )
    return f"{sentence}, and {others} marked “could be chance”."


def coverage_sentence(coverage: VerdictCoverage) -> str:
    """Which reps the outcome-by-verdict table holds, and why the others are not in it:
    a rep without a verdict (too close to a cut, or short of evidence) is in no group.

    Examples
    --------
    >>> coverage_sentence(VerdictCoverage(reps=26, counts=(("ready", 3), ("coach", 4),
    ...                   ("trust_risk", 2)), without=17))  # doctest: +NORMALIZE_WHITESPACE
    '9 of 26 reps have a verdict (ready 3, worth coaching 4, trust risk 2); the other 17
    had no verdict — too close to a cut, or not enough evidence yet — and are not in
    this table.'
    """
    counts = ", ".join(
        f"{VERDICT_LABELS.get(verdict, verdict).lower()} {reps:,}"
        for verdict, reps in coverage.counts
    )
    total, grouped = coverage.reps, coverage.grouped
    why = "too close to a cut, or not enough evidence yet"
    if grouped == total:
        every = "The" if total == 1 else "All"
        return f"{every} {counted(total)} {has(total)} a verdict ({counts})."
    if not coverage.elsewhere:
        if grouped == 0:
            return f"None of the {counted(total)} has a verdict yet ({why}): this table is empty."
        other = "rep" if total - grouped == 1 else f"{total - grouped:,}"
        verb = "is" if total - grouped == 1 else "are"
        return (
            f"{grouped:,} of {counted(total)} {has(total)} a verdict ({counts}); the other "
            f"{other} had no verdict — {why} — and {verb} not in this table."
        )
    reasons = [f"{coverage.without:,} had no verdict ({why})"] if coverage.without else []
    reasons += [
        f"{reps:,} {'was' if reps == 1 else 'were'} called "
        f"{VERDICT_LABELS.get(verdict, verdict).lower()}"
        for verdict, reps in coverage.elsewhere
    ]
    return (
        f"{grouped:,} of {counted(total)} {has(total)} one of these verdicts ({counts}); "
        f"the other {total - grouped:,} {'is' if total - grouped == 1 else 'are'} not in "
        f"this table: {' and '.join(reasons)}."
    )


def counted(reps: int) -> str:
    return f"{reps:,} {'rep' if reps == 1 else 'reps'}"


def has(reps: int) -> str:
    return "has" if reps == 1 else "have"


def figures(result: Correlation) -> str:
    """ "ρ 0.41 (0.12 to 0.64), 38 reps" — the numbers behind a sentence."""
    if result.rho is None or result.interval is None:
        return f"{result.n:,} reps"
    low, high = result.interval
    return f"ρ {decimal(result.rho)} ({decimal(low)} to {decimal(high)}), {result.n:,} reps"


def group_sentence(group: GroupOutcome, outcome: str, decimals: int = 2) -> str:
    """One sentence for a verdict group's outcome.

    Examples
    --------
    >>> group_sentence(GroupOutcome(verdict="ready", n=12, min_reps=5, mean=0.42,
    ...                interval=(0.35, 0.49)), "win rate")
    'Ready: win rate 0.42 on average (0.35 to 0.49), 12 reps.'
    >>> group_sentence(GroupOutcome(verdict="trust_risk", n=3, min_reps=5), "win rate")
    'Trust risk: not enough reps to say (3 of the 5 needed).'
    """
    label = VERDICT_LABELS.get(group.verdict, group.verdict)  # the reports' words
    if group.mean is None or group.interval is None:
        return f"{label}: not enough reps to say ({group.n:,} of the {group.min_reps:,} needed)."
    low, high = group.interval
    return (
        f"{label}: {outcome} {decimal(group.mean, decimals)} on average "
        f"({decimal(low, decimals)} to {decimal(high, decimals)}), {group.n:,} reps."
    )


def decimal(value: float, decimals: int = 2) -> str:
    """`value` to `decimals` places, thousands grouped, with a true minus sign ("−0.20");
    a value that rounds to zero is shown without a sign.

    Examples
    --------
    >>> decimal(-0.2), decimal(-0.001), decimal(45210.456, 0)
    ('−0.20', '0.00', '45,210')
    """
    text = f"{value:,.{decimals}f}"
    if text.startswith("-"):
        text = text[1:]
        if any(digit not in "0.," for digit in text):
            return "−" + text
    return text
