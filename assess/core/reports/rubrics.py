"""What the round's banks say, looked up for a report: bands, coaching, titles, trust.

Reports never name a bank: whatever depends on which bank measures what (whose bands
a competency is read against, which bank carries trust) is read from the banks'
rubrics here, so a renamed or added bank changes no report code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import (
    AllOf,
    AnyOf,
    BandCount,
    Bank,
    Competency,
    CompetencyInBand,
    Not,
    ScoreTest,
    competency_owners,
)
from assess.core.i18n import DEFAULT_LANGUAGE, gettext
from assess.core.reports.chart_parts import BandZone
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.wording import fill

#: A band's order when there is no band (or no rubric to place it): after every real band.
NO_BAND_ORDER = 99


def tests_own_scores(condition: Any, own: set[str]) -> bool:
    """Whether a verdict condition reads the rep's scores on the competencies in `own`.

    A red flag alone does not count: a flag is about answers, and any bank may name
    another bank's flag. A band count or the overall score is always the rule's own
    bank's (the scoring engine counts only that bank's competencies).
    """
    if isinstance(condition, AllOf | AnyOf):
        return any(tests_own_scores(part, own) for part in condition.conditions)
    if isinstance(condition, Not):
        return tests_own_scores(condition.condition, own)
    if isinstance(condition, CompetencyInBand):
        return condition.competency in own
    if isinstance(condition, ScoreTest):
        return condition.score == "overall" or condition.score in own
    return isinstance(condition, BandCount)


def trust_bank_ids(banks: Mapping[str, Bank]) -> frozenset[str]:
    """The banks that carry trust: their rubric rates a rep a trust risk on their own scores.

    Several banks may give ``trust_risk`` (a selling bank can, when referred buyers
    raise a red flag), but only a bank whose trust-risk rule reads its own competencies
    measures trust itself; its competencies are the ones a trust risk is explained by.
    """
    found = set()
    for bank in banks.values():
        own = {competency.id for competency in bank.rubric.competencies}
        if not bank.mirrors and any(
            rule.verdict == "trust_risk" and tests_own_scores(rule.when, own)
            for rule in bank.rubric.verdicts
        ):
            found.add(bank.id)
    return frozenset(found)


class Rubrics:
    """Look-ups into the round's banks: competency owners, bands, coaching texts."""

    def __init__(self, inputs: ReportInputs):
        self.banks: Mapping[str, Bank] = inputs.banks
        self.locale = inputs.locale
        self.owners = competency_owners(dict(inputs.banks))
        self.competencies: dict[str, Competency] = {
            competency.id: competency
            for bank in self.banks.values()
            if not bank.mirrors
            for competency in bank.rubric.competencies
        }
        self.trust_bank_ids = trust_bank_ids(self.banks)
        #: competency id -> why buyers are not asked about it (their surveys' not_asked)
        self.not_asked_of_buyers = {
            competency: self.text(bank, reason)
            for bank in self.banks.values()
            if bank.is_buyer_survey
            for competency, reason in bank.not_asked
        }

    def text(self, bank: Bank, value) -> str:
        return bank.text(value, self.locale)

    def bank_title(self, bank_id: str) -> str:
        bank = self.banks.get(bank_id)
        return (
            bank_id.replace("_", " ").capitalize() if bank is None else self.text(bank, bank.title)
        )

    def subject(self, bank_id: str) -> str:
        """What a bank measures, without who answers it: "Consultative selling" for
        "Consultative selling — self-assessment". A score from the manager and buyers on
        those competencies is not the self-assessment's, so it is named by its subject."""
        title = self.bank_title(bank_id)
        subject, separator, _who = title.partition(" — ")
        if separator or self.locale == DEFAULT_LANGUAGE:
            return subject
        # a translated title may say it as "Venta consultiva: autoevaluación"
        return title.split(": ", 1)[0]

    def red_flag_label(self, red_flag_id: str) -> str:
        """The red flag's label from whichever bank defines it."""
        for bank in self.banks.values():
            rule = bank.rubric.red_flag(red_flag_id)
            if rule is not None:
                return self.text(bank, rule.label).rstrip(".")
        return red_flag_id.replace("_", " ").capitalize()

    def red_flag_min_raters(self, red_flag_id: str) -> int | None:
        """How many raters the red flag's rule needs (None when no bank defines it)."""
        for bank in self.banks.values():
            rule = bank.rubric.red_flag(red_flag_id)
            if rule is not None:
                return rule.min_raters
        return None

    def band_of(self, competency_id: str, score: float | None) -> str | None:
        """The id of the owner's band `score` falls in; None without a score or owner."""
        bank = self.owners.get(competency_id)
        if bank is None or score is None:
            return None
        band = bank.rubric.band_for(score)
        return None if band is None else band.id

    def band_label(self, competency_id: str, band: str | None) -> str:
        return self.band_label_in(self.owners.get(competency_id), band)

    def band_label_in(self, bank: Bank | None, band: str | None, missing: str | None = None) -> str:
        """`band`'s label in `bank`'s rubric; `missing` ("No band") when there is no band."""
        if bank is None or band is None:
            if band is None:
                return gettext("No band") if missing is None else missing
            return band.capitalize()
        for entry in bank.rubric.bands:
            if entry.id == band:
                return self.text(bank, entry.label)
        return band.capitalize()

    def band_label_of(self, band: str) -> str:
        """A band's label by its id alone, from the first of the round's rubrics that
        names it (banks share their band ids); the id itself when none does."""
        for bank in self.banks.values():
            for entry in bank.rubric.bands:
                if entry.id == band:
                    return self.text(bank, entry.label)
        return band

    def band_zones(self, bank_id: str) -> list[BandZone]:
        bank = self.banks.get(bank_id)
        if bank is None:
            return []
        return [
            BandZone(band.id, self.text(bank, band.label), band.min, band.max)
            for band in bank.rubric.bands
        ]

    def band_order(self, competency_id: str, band: str | None) -> int:
        """0 for the lowest band, 1 for the next…; a large number without a band."""
        bank = self.owners.get(competency_id)
        if bank is None or band is None:
            return NO_BAND_ORDER
        ids = [entry.id for entry in bank.rubric.bands]
        return ids.index(band) if band in ids else NO_BAND_ORDER

    def is_top_band(self, competency_id: str, band: str | None) -> bool:
        """Whether `band` is the competency's best band (Strength): nothing to fix there."""
        bank = self.owners.get(competency_id)
        return bool(bank is not None and bank.rubric.bands and bank.rubric.bands[-1].id == band)

    def lowest_band_label(self, competency_id: str) -> str:
        bank = self.owners.get(competency_id)
        lowest = bank.rubric.bands[0].id if bank is not None and bank.rubric.bands else None
        return self.band_label(competency_id, lowest)

    def description(self, competency_id: str) -> str:
        competency = self.competencies.get(competency_id)
        bank = self.owners.get(competency_id)
        if competency is None or bank is None:
            return ""
        return self.text(bank, competency.description)

    def coaching(
        self, competency_id: str, band: str | None, **values: Any
    ) -> dict[str, Any] | None:
        """The rubric's coaching for a competency in a band, placeholders filled."""
        return self.coaching_in(self.owners.get(competency_id), competency_id, band, **values)

    def coaching_in(
        self, bank: Bank | None, competency_id: str, band: str | None, **values: Any
    ) -> dict[str, Any] | None:
        """The coaching `bank`'s rubric gives a competency in a band, placeholders filled."""
        competency = None if bank is None else bank.rubric.competency(competency_id)
        if competency is None or bank is None or band is None:
            return None
        entry = competency.coaching_for(band)
        if entry is None:
            return None
        values.setdefault("competency", self.text(bank, competency.name))
        return {
            "actions": [fill(self.text(bank, action), **values) for action in entry.actions],
            "exercise": fill(self.text(bank, entry.exercise), **values),
            "owner_blunt": fill(self.text(bank, entry.owner_blunt), **values),
            "owner_diplomatic": fill(self.text(bank, entry.owner_diplomatic), **values),
        }

    def guide(self, competency_id: str, **values: Any) -> dict[str, list[str]] | None:
        """The competency's coaching guide for the manager (what to watch for on a
        ride-along, what to ask in the one-to-one), placeholders filled; None when its
        bank has none (banks written before guides were)."""
        bank = self.owners.get(competency_id)
        competency = None if bank is None else bank.rubric.competency(competency_id)
        if bank is None or competency is None or competency.guide is None:
            return None
        values.setdefault("competency", self.text(bank, competency.name))
        return {
            "watch_for": [
                fill(self.text(bank, text), **values) for text in competency.guide.watch_for
            ],
            "ask": [fill(self.text(bank, text), **values) for text in competency.guide.ask],
        }

    def owner_sentence(self, competency_id: str, band: str | None, tone: str, **values: Any) -> str:
        """What the rubric tells the owner about a competency in a band, in `tone`."""
        return self.owner_sentence_in(
            self.owners.get(competency_id), competency_id, band, tone, **values
        )

    def owner_sentence_in(
        self, bank: Bank | None, competency_id: str, band: str | None, tone: str, **values: Any
    ) -> str:
        coaching = self.coaching_in(bank, competency_id, band, **values)
        if coaching is None:
            return ""
        return coaching["owner_diplomatic" if tone == "diplomatic" else "owner_blunt"]
