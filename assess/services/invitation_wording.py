"""What an invitation email says, and in which language.

The subject and opening sentence of each kind of invitation (a rep's self-assessments,
the manager's review, a buyer's view, a coaching pulse; the alignment survey's are in
`survey_staff`), written in the language in force, and the language each respondent's
email is written in: the invitation's (`invitation_language`), or for an email to a rep
about their round, the rep's (`reading_language`). Managers' mail stays English.
"""

from __future__ import annotations

from assess.core.banks import Bank
from assess.core.i18n import (
    DEFAULT_LANGUAGE,
    best_language,
    current_locale,
    ngettext,
)
from assess.core.i18n import gettext as _
from assess.core.i18n.formatting import format_minutes
from assess.core.i18n.lists import and_list
from assess.models import Invitation, Rep
from assess.platform.settings import ServiceSettings
from assess.services.survey_staff import survey_wording


def invitation_language(settings: ServiceSettings, invitation: Invitation, bank: Bank) -> str:
    """The language of `invitation`'s emails: its own (the rep's, the buyer's or the
    team's, or the one the respondent chose on the landing page) where the bank and the
    catalogues both have it, as its survey pages are; English for a link from before
    languages (no language), whose pages follow the browser."""
    if invitation.language is None:
        return DEFAULT_LANGUAGE
    offered = [code for code in settings.catalogs.languages() if code in bank.locales]
    return best_language(invitation.language, offered, DEFAULT_LANGUAGE)


def reading_language(settings: ServiceSettings, rep: Rep) -> str:
    """The language of the emails to `rep` (their own, else their team's), if the
    catalogues have it; else English."""
    return best_language(rep.reading_language, settings.catalogs.languages(), DEFAULT_LANGUAGE)


def minutes_wording(value: float) -> tuple[str, int]:
    """A time estimate in minutes as the language in force writes it ("3½" in English,
    "3,5" in Spanish), and the count its sentence agrees with (1 only for one minute)."""
    halves = round(float(value) * 2)
    return format_minutes(value), (2 if halves % 2 else halves // 2)


def _quoted(title: str) -> str:
    return _("“%(title)s”", title=title)


def _listed(names: list[str]) -> str:
    """The names as one list ("a, b and c") in the language in force."""
    return and_list(names)


def pulse_wording(invitation: Invitation, days: int) -> tuple[str, str]:
    """A coaching pulse's invitation: a few questions again, and why (in the language
    in force)."""
    org = invitation.round.organization.name
    if invitation.rater_role == "self":
        return (
            _("%(org)s: your %(days)s-day coaching check-in", org=org, days=days),
            _(
                "%(org)s asks you a few questions again about what your coaching plan works "
                "on, %(days)s days after it was agreed. Your manager sees how it has moved "
                "since the plan started.",
                org=org,
                days=days,
            ),
        )
    if invitation.rep is None:  # a pulse is about a rep: not expected
        return (
            _("%(org)s asks for your view again", org=org),
            _("%(org)s asks a few of the same questions again, to see what has changed.", org=org),
        )
    rep = invitation.rep.name
    if invitation.rater_role == "manager":
        return (
            _("%(org)s: a %(days)s-day check-in on %(rep)s", org=org, days=days, rep=rep),
            _(
                "%(org)s asks you a few questions again about the competencies of %(rep)s's "
                "coaching plan, %(days)s days after it was agreed, to see how they have moved.",
                org=org,
                rep=rep,
                days=days,
            ),
        )
    return (
        _("%(org)s asks for your view of %(rep)s again", org=org, rep=rep),
        _(
            "You answered about %(rep)s before. %(org)s asks a few of the same questions "
            "again, to see what has changed. %(rep)s only ever sees answers combined with "
            "those of other people, never who said what, and nothing of buyers' answers "
            "when too few answer.",
            org=org,
            rep=rep,
        ),
    )


def invitation_wording(
    invitation: Invitation,
    bank: Bank,
    journey: list[str] | None = None,
    pulse_days: int = 0,
    language: str | None = None,
) -> tuple[str, str]:
    """The subject and the opening sentence of an invitation, worded for who is asked
    and which survey: a rep's self-assessments (one email for all of them: `journey`
    names them in order), their manager's review, a buyer's view and the alignment
    survey (for the group they answer in) each say what they are; a coaching pulse's
    (`pulse_days` after the plan) says it is one. Written in the language in force,
    the bank's title in `language` (default: that language)."""
    if pulse_days:
        return pulse_wording(invitation, pulse_days)
    org = invitation.round.organization.name
    title = bank.text(bank.title, language or current_locale())
    rep = invitation.rep.name if invitation.rep is not None else None
    if journey and len(journey) > 1:
        listed = _listed([_quoted(name) for name in journey])
        return (
            ngettext(
                "%(org)s: your %(num)s self-assessment",
                "%(org)s: your %(num)s self-assessments",
                len(journey),
                org=org,
            ),
            ngettext(
                "%(org)s asks you to take %(num)s short self-assessment through this one "
                "link: %(listed)s. Your manager uses it to coach you; the owner sees each "
                "rep's readiness on the team's page.",
                "%(org)s asks you to take %(num)s short self-assessments, one after the "
                "other, through this one link: %(listed)s. Your manager uses them to coach "
                "you; the owner sees each rep's readiness on the team's page.",
                len(journey),
                org=org,
                listed=listed,
            ),
        )
    if bank.is_org_wide:
        return survey_wording(org, bank, invitation.rater_role)
    if invitation.rater_role == "self":
        return (
            f"{org}: {title}",
            _(
                "%(org)s asks you to take “%(title)s”, a self-assessment of how you work "
                "today. Your manager uses it to coach you; the owner sees each rep's "
                "readiness.",
                org=org,
                title=title,
            ),
        )
    if invitation.rater_role == "manager" and rep:
        return (
            _("%(org)s: your review of %(rep)s", org=org, rep=rep),
            _(
                "%(org)s asks for your review of %(rep)s (“%(title)s”): how you see them work "
                "with buyers. It appears in their coaching report as the manager's view.",
                org=org,
                rep=rep,
                title=title,
            ),
        )
    if rep:
        return (
            _("%(org)s asks for your view of %(rep)s", org=org, rep=rep),
            _(
                "%(org)s asks how it was to deal with %(rep)s. Your honest answers help coach "
                "them; %(rep)s only ever sees answers combined with those of other people, "
                "never who said what.",
                org=org,
                rep=rep,
            ),
        )
    return (
        _("%(org)s asks for your view", org=org),
        _("%(org)s asks for your view (“%(title)s”).", org=org, title=title),
    )
