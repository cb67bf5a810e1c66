"""Why a rep's own answers are not to be taken at face value, as page one words it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import Bank
from assess.core.i18n import N_, gettext, ngettext
from assess.core.reports.wording import either_list, whole_count
from assess.core.scoring.quality import (
    ACQUIESCENCE,
    IMPLAUSIBLY_PERFECT,
    INCONSISTENT,
    SOCIAL_DESIRABILITY,
    STRAIGHT_LINING,
    UNRELIABLE_SELF,
)

_ = gettext

#: The words of the flags page one quotes as the scoring stored them (the snapshot
#: keeps English): in another language, these are said in its words.
FLAG_WORDS = {
    ACQUIESCENCE: N_("Agreed with statements and with their opposites alike (yes-saying)."),
    IMPLAUSIBLY_PERFECT: N_(
        "The best possible answer to nearly every question: an ideal, not a self-portrait."
    ),
}


def flag_message(flag: Mapping[str, Any]) -> str:
    """A stored flag's message, in the language in force when its words are known."""
    words = FLAG_WORDS.get(flag.get("code"))
    if words is not None and _(words) != words:
        return _(words)
    return flag["message"]


def desirability_words(statements: int) -> str:
    """`quality.desirability_message` in the language in force."""
    return ngettext(
        "Agreed with %(num)s statement almost nobody can honestly agree with.",
        "Agreed with %(num)s statements almost nobody can honestly agree with.",
        statements,
        num=whole_count(statements),
    )


def inconsistent_words(pairs: int) -> str:
    """`quality.inconsistent_message` in the language in force."""
    return ngettext(
        "Contradictory answers to %(num)s pair of questions that ask the same thing.",
        "Contradictory answers to %(num)s pairs of questions that ask the same thing.",
        pairs,
        num=whole_count(pairs),
    )


def answer_label(bank: Bank | None, value: Any, locale: str = "en") -> str:
    """ "“Agree”": a raw Likert answer as the rater saw it, on every scale of `bank`
    its Likert items use ("“Agree” or “Often”"); "" when it cannot be told."""
    if bank is None or type(value) is not int:
        return ""
    scales = {
        item.scale.id: item.scale for item in bank.items if item.type == "likert" and item.scale
    }
    labels = [
        bank.text(scale.anchors[value - 1], locale)
        for scale in scales.values()
        if 1 <= value <= scale.points
    ]
    return either_list([_("“%(answer)s”", answer=label) for label in dict.fromkeys(labels)])


def straight_lining_words(flag: Mapping[str, Any], bank: Bank | None, locale: str) -> str:
    """The same-answer flag with the answer's label, never its raw number on the scale."""
    detail = flag.get("detail") or {}
    run, answered = detail.get("run"), detail.get("likert_answered")
    if not run or not answered:
        return _("The same answer to almost every statement.")
    label = answer_label(bank, detail.get("value"), locale)
    values = {"answer": label, "num": whole_count(run), "answered": answered}
    if label:
        return ngettext(
            "The same answer, %(answer)s, to %(num)s statement in a row, of %(answered)s answered.",
            "The same answer, %(answer)s, to %(num)s statements in a row, of %(answered)s "
            "answered.",
            run,
            **values,
        )
    return ngettext(
        "The same answer to %(num)s statement in a row, of %(answered)s answered.",
        "The same answer to %(num)s statements in a row, of %(answered)s answered.",
        run,
        **values,
    )


def self_flags(
    payload: Mapping[str, Any], banks: Mapping[str, Bank] | None = None, locale: str = "en"
) -> list[str]:
    """Why the self-assessment is not to be taken at face value (page one says so):
    one sentence per kind of flag, counted over all of the rep's own surveys, so two
    flagged surveys never read as the same sentence twice with different numbers. A
    same-answer run names the answer by its label in `banks` ("Agree"), not "(4)"."""
    flags: dict[str, list[Mapping[str, Any]]] = {}
    runs: list[str] = []
    for entry in payload.get("quality", []):
        if entry.get("rater_role") != "self":
            continue
        for flag in entry.get("flags", []):
            if flag.get("code") == STRAIGHT_LINING:
                bank = (banks or {}).get(entry.get("bank_id", ""))
                runs.append(straight_lining_words(flag, bank, locale))
                flags.setdefault(STRAIGHT_LINING, [])
            elif flag.get("code") in UNRELIABLE_SELF:
                flags.setdefault(flag["code"], []).append(flag)
    sentences = []
    for code, found in flags.items():
        detail = [
            item
            for flag in found
            for item in (flag.get("detail") or {}).get(
                "items" if code == SOCIAL_DESIRABILITY else "pairs", []
            )
        ]
        if code == STRAIGHT_LINING:
            sentences.extend(dict.fromkeys(runs))
        elif code == SOCIAL_DESIRABILITY and detail:
            sentences.append(desirability_words(len(detail)))
        elif code == INCONSISTENT and detail:
            sentences.append(inconsistent_words(len(detail)))
        else:
            sentences.extend(dict.fromkeys(flag_message(flag) for flag in found))
    return sentences
