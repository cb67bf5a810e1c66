"""The validated, immutable shape of a question bank.

Everything here is a frozen dataclass holding plain values, so the scoring engine, the
report builders and the web layer can share one ``Bank`` without copying it and
without fear that one of them mutates it. Collections are tuples (ordered, immutable);
small lookups that would naturally be dicts are tuples of pairs with accessor methods.

Numbers that are whole are stored as ``int`` (``100`` and ``100.0`` in YAML are the
same value, and must hash the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

ROLES = ("self", "manager", "prospect", "referral", "customer", "marketing")
BUYER_ROLES = ("prospect", "referral", "customer")
#: Rater groups the rubric weights: buyer roles are pooled into ``buyers``.
RATER_GROUPS = ("self", "manager", "buyers", "marketing")
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


@dataclass(frozen=True)
class Text:
    """A respondent- or reader-facing text in one or more locales.

    ``translations`` is sorted by locale so that equal texts compare (and hash) equal
    whatever order the author wrote them in.
    """

    translations: tuple[tuple[str, str], ...]

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(locale for locale, _ in self.translations)

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
    """A labelled Likert scale; its number of points is the number of anchors."""

    id: str
    kind: str  # "agreement" or "frequency"
    anchors: tuple[Text, ...]

    @property
    def points(self) -> int:
        return len(self.anchors)


@dataclass(frozen=True)
class Option:
    """One answer of a situational or choice item; ``score`` is on the 0–100 scale."""

    id: str
    text: Text
    score: int | float


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

    @property
    def is_scale(self) -> bool:
        return self.type in SCALE_TYPES

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
    """A page (section) of the survey; the web layer saves answers page by page."""

    id: str
    title: Text
    intro: Text | None
    items: tuple[Item, ...]


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

    def coaching_for(self, band: str) -> Coaching | None:
        return next((entry for entry in self.coaching if entry.band == band), None)


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

    def competency(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)

    def band_for(self, score: float) -> Band | None:
        return next((band for band in self.bands if band.contains(score)), None)

    def norm_for(self, competency_id: str) -> Norm | None:
        return next((norm for norm in self.norms if norm.competency == competency_id), None)

    def red_flag(self, red_flag_id: str) -> RedFlagRule | None:
        return next((rule for rule in self.red_flags if rule.id == red_flag_id), None)


@dataclass(frozen=True)
class Bank:
    id: str
    version: str
    title: Text
    instructions: Text
    rater_roles: tuple[str, ...]
    default_locale: str
    locales: tuple[str, ...]
    expected_minutes: int | float
    pages: tuple[Page, ...]
    rubric: Rubric
    mirrors: tuple[str, ...] = ()
    scales: tuple[Scale, ...] = ()

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items in survey order."""
        return tuple(item for page in self.pages for item in page.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @property
    def is_buyer_survey(self) -> bool:
        """Buyers answer it about a rep: it mirrors self-assessments and is answered by
        prospects, referrals or customers (the one rule for which bank that is)."""
        return bool(self.mirrors) and any(role in BUYER_ROLES for role in self.rater_roles)

    @property
    def is_org_wide(self) -> bool:
        """Its rubric compares rater groups (the sales–marketing alignment survey): it is
        answered about nobody in particular, not about a rep."""
        return bool(self.rubric.compare_groups)

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)

    @cached_property
    def scored_competencies(self) -> tuple[str, ...]:
        """Competency ids this bank's items feed, in first-use order."""
        seen: dict[str, None] = {}
        for item in self.items:
            for competency_id in item.competencies:
                seen.setdefault(competency_id, None)
        return tuple(seen)

    def items_for(self, competency_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if competency_id in item.competencies)

    def text(self, value: Text | None, locale: str | None = None) -> str:
        """``value`` in ``locale``, falling back to the bank's default locale."""
        return "" if value is None else value.get(locale, self.default_locale)

    @cached_property
    def content_hash(self) -> str:
        """sha256 hex of the normalized content: the bank version's identity."""
        from assess.core.banks.hashing import content_hash

        return content_hash(self.to_dict())

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-able normalized content; ``bank_from_dict`` rebuilds the bank."""
        from assess.core.banks.serialize import bank_to_dict

        return bank_to_dict(self)
