"""The rep's answer to the buyers their manager would like to ask.

``/s/<token>/buyers``  GET, POST  on any of the rep's own survey links, finished or not

A buyer the manager adds is written to only after the rep says they dealt with them
(`services.buyer_confirmation` says why). The page takes one answer per buyer; the
answer is final, and nothing on it tells the rep who has answered since.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from assess.core.i18n import N_
from assess.core.i18n import gettext as _
from assess.core.i18n.lists import and_list
from assess.models import Response, utcnow
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import buyer_confirmation, respondent_browser
from assess.services.survey import response_for
from assess.web.scoping import public
from assess.web.survey import blueprint
from assess.web.survey.fields import count_fields
from assess.web.survey.links import (
    Link,
    elsewhere_page,
    open_link,
    remember_browser,
    status_page,
    unavailable_page,
)

ASK, DECLINE = "ask", "decline"
#: What the page says after a buyer's address: how the manager knows them (translated
#: where shown).
KNOWN_AS = {
    "prospect": N_("your manager knows them as a prospect"),
    "referral": N_("your manager knows them as a referral"),
    "customer": N_("your manager knows them as a customer"),
}


def confirming_link(token: str, *, lock: bool = False) -> Link:
    """The rep's link when it may answer: a rep's own survey in an open round, from the
    browser that holds it (a started survey is bound to one browser)."""
    link = open_link(token, lock=lock)
    if link.invitation.rater_role != "self" or link.rep is None:
        abort(404)
    if link.state not in ("open", "completed"):
        abort(unavailable_page(link))
    if not taking_answers(link):  # a finished survey of a round that has closed since
        abort(status_page("closed", 410, organization=link.organization))
    if not link.owned:
        abort(elsewhere_page(link))
    return link


def taking_answers(link: Link) -> bool:
    """Whether the round still asks buyers: open, and the rep's link not expired."""
    return link.round.status == "open" and link.invitation.expires_at > utcnow()


@blueprint.app_template_global()
def buyers_waiting(link: Link) -> int:
    """How many buyers wait for this rep's answer: every page of their survey says so
    (0 for anyone else's link, or once the round no longer takes answers)."""
    if link.invitation.rater_role != "self" or link.rep is None:
        return 0
    if link.state not in ("open", "completed") or not taking_answers(link):
        return 0
    return len(buyer_confirmation.waiting(db_session(), link.round.id, link.rep.id))


def keep_in_this_browser(database, link: Link) -> None:
    """Whoever answers for the rep makes the rep's link theirs: from now on it opens
    only in this browser (`respondent_browser`), so a rep whose link someone else used
    to vouch for buyers finds their survey "started in another browser" — never a
    silent yes in their name. The response is made empty if there is none yet; the
    link's status stays as it was."""
    response = response_for(database, link.invitation)
    if response is None:
        response = Response(
            organization_id=link.invitation.organization_id,
            invitation_id=link.invitation.id,
            current_page=0,
        )
        database.add(response)
    if response.browser_key_hash is None:
        browser_key = request.cookies.get(respondent_browser.COOKIE)
        key = respondent_browser.bind(response, browser_key)
        if key != browser_key:
            remember_browser(link.token, key, link.invitation.expires_at)


@blueprint.app_template_global()
def buyers_asked(link: Link) -> list[str]:
    """The names of the buyers asked about this rep in the round, for the rep's landing
    page: whoever said yes for them, the rep sees who is asked — a trace a yes given
    in their name cannot avoid."""
    if link.invitation.rater_role != "self" or link.rep is None or link.bank.is_org_wide:
        return []
    return buyer_confirmation.asked_names(db_session(), link.round.id, link.rep.id)


def thanks(yes: list[str], no: list[str]) -> str:
    """The message after the rep's answers: whom we ask, whom we leave alone."""
    if yes and no:
        return _(
            "Thank you: we will ask %(yes)s; we will not write to %(no)s.",
            yes=and_list(yes),
            no=and_list(no),
        )
    if yes:
        return _("Thank you: we will ask %(yes)s.", yes=and_list(yes))
    return _("Thank you: we will not write to %(no)s.", no=and_list(no))


def back_to(link: Link) -> str:
    endpoint = "survey.done" if link.state == "completed" else "survey.landing"
    return url_for(endpoint, token=link.token)


@blueprint.route("/<token>/buyers", methods=["GET", "POST"])
@public
def confirm_buyers(token: str):
    """One question per waiting buyer: "did you deal with them?"."""
    link = confirming_link(token, lock=request.method == "POST")
    database = db_session()
    waiting = buyer_confirmation.waiting(database, link.round.id, link.rep.id)
    problem, chosen, status = None, {}, 200
    if request.method == "POST" and waiting:
        if count_fields(request.form, request.files) > 1 + len(waiting):
            abort(400)
        chosen = {buyer.id: request.form.get(f"buyer-{buyer.id}", "") for buyer in waiting}
        unanswered = [buyer for buyer in waiting if chosen[buyer.id] not in (ASK, DECLINE)]
        if unanswered:
            problem = _(
                "Answer for every person: %(name)s has no answer yet.",
                name=buyer_confirmation.named(unanswered[0]),
            )
            status = 422
        else:
            asked = {buyer.id for buyer in waiting if chosen[buyer.id] == ASK}
            yes, no = buyer_confirmation.decide(database, get_settings(), waiting, asked)
            keep_in_this_browser(database, link)
            commit(database)
            flash(thanks(yes, no), "success")
            return redirect(back_to(link))
    elif request.method == "POST":
        return redirect(back_to(link))
    return (
        render_template(
            "survey/confirm_buyers.html",
            link=link,
            waiting=waiting,
            declined=buyer_confirmation.declined(database, link.round.id, link.rep.id),
            chosen=chosen,
            problem=problem,
            role_words={role: _(words) for role, words in KNOWN_AS.items()},
            back=back_to(link),
            confirming=True,
        ),
        status,
    )
