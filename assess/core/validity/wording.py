"""Plain words for "does it predict here?": one sentence per correlation, one per
verdict group, and the standing note that a correlation is not a cause.

When a link is claimed (`link`), decided on the unrounded numbers:

* **goes with** — the 90 % interval lies wholly above 0 (``low > 0``): chance alone
  would rarely give such a sample if there were no link. "Goes with lower …" when it
  lies wholly below 0 (``high < 0``).
* **goes only weakly with** — the interval excludes 0 but ``|rho| < WEAK_RHO`` (0.10,
  Cohen's "small"): with thousands of reps a link too small to act on still clears 0.
* **no clear link** — the interval includes 0, whatever rho is: a rho of 0.30 from 25
  reps is not evidence of anything yet, and the sentence must not suggest it is.

Numbers are shown as the reader checks them: rho and its bounds to two decimals with a
true minus sign, and the count of reps with both values.
"""

from __future__ import annotations

from assess.core.reports.wording import VERDICT_LABELS
from assess.core.validity.correlation import NO_VARIATION, NOT_ENOUGH_REPS, Correlation
from assess.core.validity.groups import GroupOutcome

#: Below this |rho| a link that clears 0 is called weak.
WEAK_RHO = 0.10

POSITIVE = "positive"
NEGATIVE = "negative"
WEAK_POSITIVE = "weak_positive"
WEAK_NEGATIVE = "weak_negative"
UNCLEAR = "unclear"
#: Every value `link` returns (with the statuses of a result without a coefficient).
LINKS = (
    POSITIVE,
    NEGATIVE,
    WEAK_POSITIVE,
    WEAK_NEGATIVE,
    UNCLEAR,
    NOT_ENOUGH_REPS,
    NO_VARIATION,
)

#: What a table cell says before its figures, by `link` (the owner's page, the team
#: report and the bank page's items use the same words).
LINK_WORDS = {
    POSITIVE: "goes with",
    NEGATIVE: "goes with lower",
    WEAK_POSITIVE: "goes only weakly with",
    WEAK_NEGATIVE: "goes only weakly with lower",
    UNCLEAR: "no clear link",
    NOT_ENOUGH_REPS: "not enough reps to say",
    NO_VARIATION: "no variation",
}

CAUSATION_NOTE = (
    "A correlation is not a cause. A competency that goes with an outcome here may share "
    "a cause with it — the territory, the product, the rep's experience — so raising the "
    "score will not by itself raise the outcome. Read a link as where to look, not as proof."
)


def link(result: Correlation) -> str:
    """What `result` says, as one of `LINKS` (thresholds in the module docstring).

    Examples
    --------
    >>> link(Correlation(n=38, min_reps=20, rho=0.41, interval=(0.15, 0.62)))
    'positive'
    >>> link(Correlation(n=44, min_reps=20, rho=0.08, interval=(-0.17, 0.32)))
    'unclear'
    """
    if result.status != "ok" or result.rho is None or result.interval is None:
        return result.status
    low, high = result.interval
    weak = abs(result.rho) < WEAK_RHO
    if low > 0:
        return WEAK_POSITIVE if weak else POSITIVE
    if high < 0:
        return WEAK_NEGATIVE if weak else NEGATIVE
    return UNCLEAR


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
        UNCLEAR: f"No clear link between {competency} and {outcome} here",
    }
    return f"{claims[kind]}: {figures(result)}."


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
