"""The vocabulary of the bank format, and the frozen values a ``Bank`` is made of.

Everything here is a frozen dataclass holding plain values, so the scoring engine, the
report builders and the web layer can share one ``Bank`` without copying it and
without fear that one of them mutates it. Collections are tuples (ordered, immutable);
small lookups that would naturally be dicts are tuples of pairs with accessor methods.

The ``Bank`` itself lives in ``bank.py``: it turns itself into plain data and hashes it,
so it sits above ``serialize.py``, which turns these parts into plain data. Keeping the
parts here, importing nothing of ours, is what lets every other module of the package
import them without a cycle.

Whole numbers are stored as ``int`` (``100`` and ``100.0`` in YAML must hash the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: ``operations``: the people who deliver what sales sells (alignment survey, page_roles.py)
ROLES = ("self", "manager", "prospect", "referral", "customer", "marketing", "operations")
BUYER_ROLES = ("prospect", "referral", "customer")
#: Rater groups the rubric weights: buyer roles are pooled into ``buyers``.
RATER_GROUPS = ("self", "manager", "buyers", "marketing", "operations")
ITEM_TYPES = ("likert", "likelihood", "situational", "choice", "forced_choice", "yes_no", "text")
#: Item types whose answer is a point on an ordered scale (the only ones reverse-keyable).
SCALE_TYPES = ("likert", "likelihood")
SCALE_KINDS = ("agreement", "frequency")
VERDICTS = ("ready", "coach", "trust_risk", "not_a_fit")
#: When a rep took several banks with verdict rules, the most severe verdict wins.
VERDICT_SEVERITY = ("trust_risk", "not_a_fit", "coach", "ready")
#: Placeholders allowed in coaching and owner-report texts.
PLACEHOLDERS = ("rep", "team", "competency", "score")
LIKELIHOOD_MIN, LIKELIHOOD_MAX = 0, 10
#: The answer "I have not seen this / it does not apply", offered by the items of a scale
#: that declares ``not_observed``. It answers the question (a required item is done)
#: and is left out of every score, count and quality check.
NOT_OBSERVED = "not_observed"
#: Outcomes a likelihood item may measure instead of a competency: "referral" is "how
#: likely are you to recommend this rep", the thing the product grew from.
OUTCOMES = ("referral",)
#: On the 0–10 likelihood scale, the answers that count as "would recommend".
WOULD_REFER_FROM = 9


@dataclass(frozen=True)
class Text:
    """A respondent- or reader-facing text in one or more locales.

    ``translations`` is sorted by locale so that equal texts compare (and hash) equal
    whatever order the author wrote them in.
    """

    translations: tuple[tuple[str, str], ...]

    def get(self, locale: str | None, fallback_locale: str) -> str:
        """The text in ``locale``, else its language (``de`` for ``de-AT``), else the
        fallback locale, else any translation (a validated bank never gets there)."""
        by_locale = dict(self.translations)
        if locale:
            if locale in by_locale:
                return by_locale[locale]
            language = locale.split("-", 1)[0]
            if language in by_locale:
                return by_locale[language]
        if fallback_locale in by_locale:
            return by_locale[fallback_locale]
        return self.translations[0][1] if self.translations else ""


@dataclass(frozen=True)
class Scale:
    """A labelled Likert scale; its number of points is the number of anchors.

    ``not_observed`` labels an extra answer beside the points ("Not seen / doesn't
    apply"): for raters who can only judge what they saw, so a buyer who never stated a
    preference is not forced to invent a rating."""

    id: str
    kind: str  # "agreement" or "frequency"
    anchors: tuple[Text, ...]
    not_observed: Text | None = None

    @property
    def points(self) -> int:
        return len(self.anchors)


@dataclass(frozen=True)
class Option:
    """One answer of a situational or choice item; ``score`` is on the 0–100 scale.

    ``why`` says why the option scores what it does (required on a situational item): a
    key nobody can explain is a key nobody can check against the coaching it leads to."""

    id: str
    text: Text
    score: int | float
    why: Text | None = None


@dataclass(frozen=True)
class Statement:
    """One statement of a forced-choice block, keyed to the competency it expresses."""

    id: str
    text: Text
    competency: str


# --- conditions on answers (show_if, red-flag rules) ---------------------------------


@dataclass(frozen=True)
class AnswerTest:
    """``op`` is ``equals``, ``in``, ``at_least`` or ``at_most``; ``value`` is a tuple
    for ``in``. An unanswered item never satisfies a test."""

    item: str
    op: str
    value: Any


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Any, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    condition: Any


# --- conditions on a rep's results (verdict rules) -----------------------------------


@dataclass(frozen=True)
class RedFlagRaised:
    red_flag: str


@dataclass(frozen=True)
class CompetencyInBand:
    """The competency's score for ``group`` (``combined`` = rater-weighted) is in ``band``.
    A competency without enough data is in no band."""

    competency: str
    band: str
    group: str = "combined"


@dataclass(frozen=True)
class ScoreTest:
    """``score`` is ``overall`` or a competency id; ``op`` is ``at_least`` or ``below``."""

    score: str
    op: str
    value: int | float
    group: str = "combined"


@dataclass(frozen=True)
class BandCount:
    """At least ``at_least`` competencies are in ``band`` for ``group``."""

    band: str
    at_least: int
    group: str = "combined"


# --- items and pages -----------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One question. Fields that do not apply to ``type`` keep their empty default."""

    id: str
    type: str
    text: Text
    page: str
    required: bool
    competency: str | None = None
    reverse_keyed: bool = False
    show_if: Any = None  # AnswerTest | AllOf | AnyOf | Not | None
    scale: Scale | None = None  # likert
    low_label: Text | None = None  # likelihood
    high_label: Text | None = None  # likelihood
    scenario: Text | None = None  # situational
    options: tuple[Option, ...] = ()  # situational, choice
    statements: tuple[Statement, ...] = ()  # forced_choice
    yes_score: int | float | None = None  # yes_no
    no_score: int | float | None = None  # yes_no
    max_length: int | None = None  # text
    outcome: str | None = None  # likelihood: an outcome it measures (OUTCOMES)
    pairs_with: str | None = None  # likert in a mirroring bank: the self item it mirrors

    @property
    def is_scale(self) -> bool:
        return self.type in SCALE_TYPES

    @property
    def offers_not_observed(self) -> bool:
        """Whether "not observed" (`NOT_OBSERVED`) is an answer to this item."""
        return self.type == "likert" and self.scale is not None and bool(self.scale.not_observed)

    @property
    def min_value(self) -> int | None:
        """Lowest answer of a scale item (1 for Likert, 0 for likelihood)."""
        if self.type == "likert":
            return 1
        return LIKELIHOOD_MIN if self.type == "likelihood" else None

    @property
    def max_value(self) -> int | None:
        if self.type == "likert" and self.scale is not None:
            return self.scale.points
        return LIKELIHOOD_MAX if self.type == "likelihood" else None

    @property
    def competencies(self) -> tuple[str, ...]:
        """Competencies this item feeds (a forced-choice block feeds several)."""
        if self.statements:
            return tuple(statement.competency for statement in self.statements)
        return (self.competency,) if self.competency else ()

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


@dataclass(frozen=True)
class Page:
    """A page (section) of the survey; the web layer saves answers page by page.
    ``rater_roles``: who is asked it, when not everyone is (page_roles.py)."""

    id: str
    title: Text
    intro: Text | None
    items: tuple[Item, ...]
    rater_roles: tuple[str, ...] = ()  # empty: every role of the bank

    def asks(self, role: str) -> bool:
        return not self.rater_roles or role in self.rater_roles


# --- rubric ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Coaching:
    """What to tell and ask of a rep whose competency lands in ``band``."""

    band: str
    actions: tuple[Text, ...]
    exercise: Text  # a 30-day practice exercise
    owner_blunt: Text
    owner_diplomatic: Text


@dataclass(frozen=True)
class Competency:
    id: str
    name: Text
    description: Text
    weight: int | float
    coaching: tuple[Coaching, ...]
    guide: CoachingGuide | None = None  # optional: banks written before it have none

    def coaching_for(self, band: str) -> Coaching | None:
        return next((entry for entry in self.coaching if entry.band == band), None)


@dataclass(frozen=True)
class CoachingGuide:
    """What a manager watches for on a ride-along (observable behaviours) and asks in
    the one-to-one when the competency is one of the rep's focus areas."""

    watch_for: tuple[Text, ...]
    ask: tuple[Text, ...]


@dataclass(frozen=True)
class Band:
    """Scores ``min <= s < max`` fall in the band; the top band also holds 100."""

    id: str
    label: Text
    min: int | float
    max: int | float

    def contains(self, score: float) -> bool:
        return self.min <= score < self.max or (self.max == 100 and score == 100)


@dataclass(frozen=True)
class RedFlagRule:
    """Raised when at least ``min_raters`` raters in ``raters`` roles each match ``when``."""

    id: str
    label: Text
    raters: tuple[str, ...]
    min_raters: int
    when: Any  # answer condition, evaluated per rater


@dataclass(frozen=True)
class VerdictRule:
    """Rules are tried in order; the first whose ``when`` holds gives the verdict.
    The last rule has ``when=None`` and always applies."""

    verdict: str
    reason: Text
    when: Any = None


@dataclass(frozen=True)
class Norm:
    """Percentile breakpoints for one competency: ``(percentile, score)`` ascending."""

    competency: str
    points: tuple[tuple[int, int | float], ...]


@dataclass(frozen=True)
class ConsistencyPair:
    """Two Likert items that say the same thing; keyed answers (reverse keys applied)
    further apart than ``max_difference`` scale points mark the response as careless."""

    first: str
    second: str
    max_difference: int


@dataclass(frozen=True)
class Validity:
    consistency_pairs: tuple[ConsistencyPair, ...] = ()
    #: Items only a saint could agree with; agreeing with them flags the response.
    social_desirability: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What a verdict rests on: without it a rep gets "not enough evidence yet", never a
    verdict. Self-ratings run high, so by default a verdict needs the manager's review
    and at least the anonymity minimum of buyers."""

    manager_review: bool = True
    #: Buyers who answered a survey about the rep; None: the rubric's
    #: ``min_raters_per_group``. 0 lets a bank decide without buyers.
    min_buyers: int | None = None


@dataclass(frozen=True)
class Rubric:
    """How a bank is scored. A mirroring bank's rubric holds only red flags and
    validity checks: its competencies, bands, weights and coaching come from the banks
    it mirrors."""

    competencies: tuple[Competency, ...] = ()
    bands: tuple[Band, ...] = ()  # ascending, tiling 0–100
    rater_weights: tuple[tuple[str, int | float], ...] = ()
    buyer_weights: tuple[tuple[str, int | float], ...] = ()
    min_raters_per_group: int = 3
    gap_threshold: int | float = 33.3
    red_flags: tuple[RedFlagRule, ...] = ()
    verdicts: tuple[VerdictRule, ...] = ()
    norms: tuple[Norm, ...] = ()
    validity: Validity = Validity()
    compare_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    evidence: Evidence = Evidence()
    #: Fewest past scores of other reps a percentile against the organization's
    #: history compares with; fewer, and no percentile is shown.
    min_reference: int = 20
    #: The reliability of one rater's competency score (Cronbach's alpha, or a
    #: test–retest figure): it sets one rater's measurement error.
    reliability: float = 0.75

    @property
    def buyers_needed(self) -> int:
        """How many buyers a verdict needs (`Evidence.min_buyers`, defaulted)."""
        needed = self.evidence.min_buyers
        return self.min_raters_per_group if needed is None else needed

    def competency(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)

    def band_for(self, score: float) -> Band | None:
        return next((band for band in self.bands if band.contains(score)), None)

    def norm_for(self, competency_id: str) -> Norm | None:
        return next((norm for norm in self.norms if norm.competency == competency_id), None)

    def red_flag(self, red_flag_id: str) -> RedFlagRule | None:
        return next((rule for rule in self.red_flags if rule.id == red_flag_id), None)
