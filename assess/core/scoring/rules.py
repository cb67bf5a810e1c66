"""The engine's own thresholds, in one place so that docs/scoring.md and the code agree.

Everything a bank author can tune (bands, weights, ``min_raters_per_group``,
``gap_threshold``, norms, verdict rules) lives in the bank's rubric. These are the few
rules the engine adds on top; each is explained in ``docs/scoring.md``.
"""

from __future__ import annotations

#: A rater's competency score needs at least this share of the competency's *shown*
#: items answered (and at least one): half, rounded up. Hidden items are not missing.
MIN_ANSWERED_SHARE = 0.5

#: An overall score (competency-weighted) needs at least this share of the
#: competencies to have a score; otherwise it is "not enough data".
MIN_SCORED_COMPETENCY_SHARE = 0.5

#: Straight-lining: among the answered Likert items of a response, in survey order, a
#: run of identical answers at least ``min(STRAIGHT_LINE_RUN, answered)`` long, when at
#: least ``STRAIGHT_LINE_MIN_ITEMS`` Likert items were answered.
STRAIGHT_LINE_MIN_ITEMS = 5
STRAIGHT_LINE_RUN = 10

#: Too fast: active time below this share of the bank's ``expected_minutes``.
TOO_FAST_SHARE = 1 / 3

#: Social desirability: a Likert answer in the top this-many points of the scale
#: (keyed), or "yes", agrees with an item only a saint could agree with.
DESIRABILITY_TOP_POINTS = 2

#: The faking indicator of the forced-choice blocks (`forced_choice`) needs at least
#: this many blocks answered. Each block ranks three or four statements, so with two
#: blocks every competency's profile score is 0, 50 or 100 and one changed choice swings
#: the rank correlation from agreeing to disagreeing: below this, no indicator at all.
MIN_FORCED_CHOICE_BLOCKS = 4

#: Percentiles against the organization's history need at least this many past scores
#: of other reps from earlier rounds, unless the owning rubric says (`min_reference`).
MIN_HISTORY = 20

#: Item analysis needs at least this many complete responses per competency.
MIN_ANALYSIS_RESPONSES = 10

#: Agreement among the buyers of each rep (ICC(1), `agreement.py`) needs, besides
#: ``MIN_ANALYSIS_RESPONSES`` buyer scores, this many reps with two buyers or more: with
#: fewer, the spread between reps is measured on too few reps to mean anything.
MIN_AGREEMENT_GROUPS = 5

#: Scores in ``to_dict()`` output are rounded to this many decimals (computation keeps
#: full precision; bands and verdicts are decided on unrounded scores).
DECIMALS = 2

#: The spread of competency scores assumed for one rater's measurement error (see
#: `precision`); with a rubric's reliability of 0.75 it makes one rater's error 10.
SCORE_SD = 20.0

#: The number of items a rubric's ``reliability`` describes: a rater who answered k
#: items of a competency has the Spearman–Brown reliability for k / REFERENCE_ITEMS
#: times that length. One item answer is far less reliable than a four-item scale, so
#: a manager's single rating cannot make a "reliable change" by one step of the scale.
REFERENCE_ITEMS = 4

#: How strongly one rater's errors on different competencies go together (halo: a
#: rater who is generous on one competency tends to be on the next). An overall score
#: averages competencies rated by the same people, so its error shrinks less than if
#: the errors were independent: see `precision.composite_error`.
ERROR_CORRELATION = 0.5
