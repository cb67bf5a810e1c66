"""The respondent's side: a link, a landing page, the paged form, thanks, nominations.

URL map (``<token>`` is the invitation token; pages are numbered from 1):

=============================  =========  ==========================================
``/s/<token>``                 GET        landing (or resume: redirect to the page)
``/s/<token>/p/<n>``           GET        page n with saved answers filled in
``/s/<token>/p/<n>``           POST       save page n; then next / back / submit;
                                          with ``X-Candor-Autosave: 1``: save, 204
``/s/<token>/done``            GET        thank-you page
``/s/<token>/nominate``        GET, POST  after a self-assessment: suggest buyers
                                          (``nominating``)
=============================  =========  ==========================================

Every write locks the invitation row first (see ``operations``), and every handler
commits once, at the end: one request, one transaction.
"""

from __future__ import annotations

import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from sqlalchemy import update

from assess.core.i18n import gettext as _
from assess.models import Invitation, utcnow
from assess.platform.db import begin_read_only, db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import nominations, respondent_browser
from assess.services.bank_versions import bank_for_version
from assess.services.invitations import invitation_link
from assess.services.journeys import journey_place, next_survey, own_surveys
from assess.services.survey import (
    add_active_seconds,
    choice_orders,
    complete,
    first_page_with_problems,
    next_page,
    page_branches,
    page_items,
    page_problems,
    previous_page,
    response_for,
    resume_page,
    save_page,
    saved_answers,
    start_response,
)
from assess.web.scoping import public
from assess.web.survey import blueprint
from assess.web.survey.fields import count_fields, form_value, max_fields, parse_page
from assess.web.survey.links import (
    Link,
    elsewhere_page,
    link_in_state,
    remember_browser,
    status_page,
)

AUTOSAVE_HEADER = "X-Candor-Autosave"
#: The signed session cookie remembers when each survey page was shown (for active time).
CLOCK_KEY = "survey_clock"


# --- the link itself -------------------------------------------------------------------


@blueprint.get("/<token>")
@public
def landing(token: str):
    """Who asks, why, how long, who sees what — or straight back to where they stopped."""
    link = link_in_state(token)
    offer_browser_key(link)
    database = db_session()
    mark_opened(database, link.invitation)
    saved = saved_answers(database, response := response_for(database, link.invitation))
    if saved or (response is not None and response.current_page):  # not a bare binding
        target = resume_page(link.bank, response, saved)
        database.commit()
        flash(
            _("Welcome back. Your earlier answers are saved; carry on where you stopped."), "info"
        )
        return redirect(url_for(".page", token=token, number=target))
    database.commit()
    return render_template(
        "survey/landing.html",
        link=link,
        t=link.t,
        start_url=url_for(".page", token=token, number=1),
        pages=len(link.bank.pages),
        journey=journey_place(database, link.invitation),
    )


@blueprint.post("/<token>/language")
@public
def choose_language(token: str):
    """The respondent reads the survey in another of its languages: the link remembers
    (the invitation's language), and its emails from now on are in it too."""
    link = link_in_state(token, lock=True)
    chosen = request.form.get("language", "")
    if chosen not in link.languages:
        database = db_session()
        database.rollback()
        flash(_("Choose one of the languages listed."), "error")
        return redirect(url_for(".landing", token=token))
    database = db_session()
    if chosen != link.invitation.language:
        # the choice makes this browser the response's own, as a first answer would:
        # from here on only it may answer, or choose again
        response = start_response(database, link.invitation, chosen, answering=False)
        if response.browser_key_hash is None:
            browser_key = request.cookies.get(respondent_browser.COOKIE)
            key = respondent_browser.bind(response, browser_key)
            if key != browser_key:
                remember_browser(token, key, link.invitation.expires_at)
        if link.invitation.status == "pending":  # opened, as the landing page marks it
            link.invitation.status = "opened"
        # a rep's surveys of the round are one journey: all of them change, but for one
        # another browser has already started (that browser's respondent decides there)
        for own in own_surveys(database, link.invitation) or [link.invitation]:
            started = response_for(database, own)
            if (
                started is None
                or respondent_browser.opens(
                    started.browser_key_hash, request.cookies.get(respondent_browser.COOKIE)
                )
                or own.id == link.invitation.id
            ):
                own.language = chosen
        commit(database)
    return redirect(url_for(".landing", token=token))


@blueprint.get("/<token>/p/<int:number>")
@public
def page(token: str, number: int):
    """One page of the form with the saved answers filled in."""
    link = link_in_state(token)
    if not 1 <= number <= len(link.bank.pages):
        abort(404)
    offer_browser_key(link)
    database = db_session()
    mark_opened(database, link.invitation)
    response = response_for(database, link.invitation)
    answers = saved_answers(database, response)
    target = resume_page(link.bank, response, answers)
    database.commit()
    if number > target:  # no skipping ahead past an unfinished page
        return redirect(url_for(".page", token=token, number=target))
    start_clock(link.invitation.id)
    problems = {}
    if request.args.get("check"):
        problems = page_problems(link.bank, link.bank.pages[number - 1], answers)
    return render_page(link, number, answers, answers, problems)


@blueprint.post("/<token>/p/<int:number>")
@public
def save(token: str, number: int):
    """Save the page at once, then go back, forward, or submit the whole survey.

    Valid answers are saved even when others on the page are not (see
    ``operations.save_page``); the page then comes back with the messages and with
    everything typed still in place. "Back" saves too, and only stops for values that
    cannot be saved (so nothing typed is silently dropped); unanswered items never
    stop it.
    """
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    link = link_in_state(token, lock=True, autosave=autosave)
    bank = link.bank
    if not 1 <= number <= len(bank.pages):
        abort(404)
    bank_page = bank.pages[number - 1]
    if count_fields(request.form, request.files) > max_fields(bank_page):
        return status_page("bad_request", 400)

    database = db_session()
    invitation = link.invitation
    response = start_response(database, invitation, link.language)
    browser_key = request.cookies.get(respondent_browser.COOKIE)
    if not respondent_browser.opens(response.browser_key_hash, browser_key):
        database.rollback()  # another browser bound it since this request read the link
        return ("", 403) if autosave else elsewhere_page(link)
    if response.browser_key_hash is None:  # the first save: this browser's from now on
        key = respondent_browser.bind(response, browser_key)
        if key != browser_key:
            remember_browser(token, key, invitation.expires_at)
    outcome = save_page(
        database, bank, bank_page, response, parse_page(bank_page.items, request.form)
    )
    add_active_seconds(response, seconds_on_page(invitation.id))
    start_clock(invitation.id)
    action = "autosave" if autosave else request.form.get("action", "next")

    if action == "autosave":
        database.commit()
        # 422: the valid answers are saved, one could not be (the page says so)
        return "", 422 if outcome.invalid else 204
    if action == "back":
        database.commit()
        if outcome.invalid:
            return render_page(link, number, outcome.answers, outcome.shown, outcome.invalid, 422)
        target = previous_page(bank, number, outcome.answers)
        return redirect(url_for(".page", token=token, number=target))
    if outcome.problems:
        database.commit()
        return render_page(link, number, outcome.answers, outcome.shown, outcome.problems, 422)
    response.current_page = max(response.current_page or 0, number)
    following = next_page(bank, number, outcome.answers)
    if following is not None:
        database.commit()
        return redirect(url_for(".page", token=token, number=following))

    unfinished = first_page_with_problems(bank, outcome.answers)
    if unfinished is not None:
        database.commit()
        flash(
            _("A few questions still need an answer before you can send. They are marked."),
            "error",
        )
        return redirect(url_for(".page", token=token, number=unfinished, check=1))
    complete(database, invitation, response)
    commit(database)  # then the webhooks, if the finish may be told (services.webhook_events)
    begin_read_only(database)
    if nomination_target(link) is not None:
        return redirect(url_for(".nominate_buyers", token=token))
    return redirect(url_for(".done", token=token))


@blueprint.get("/<token>/done")
@public
def done(token: str):
    """Thank you. A completed link shows this page and never the form again."""
    link = link_in_state(token, "completed", own=False)  # a thank-you shows no answer
    target = nomination_target(link)
    can_nominate = target is not None and nominations.places_left(
        db_session(), link.invitation, target[0]
    )
    return render_template(
        "survey/done.html", link=link, can_nominate=can_nominate, onward=onward_of(link)
    )


def onward_of(link) -> dict | None:
    """The rep's next survey of the round (one journey), for the pages after a survey:
    its title (in this page's language), link and how many are done; None when there
    is none."""
    following, finished, total = next_survey(db_session(), link.invitation)
    if following is None:
        return None
    bank = bank_for_version(following.bank_version)
    return {
        "title": bank.text(bank.title, link.language),
        "url": invitation_link(get_settings(), following),
        "finished": finished,
        "total": total,
    }


# --- helpers ---------------------------------------------------------------------------


def render_page(link: Link, number, answers, shown, problems, status=200):
    """Page ``number`` with the items ``answers`` show, ``shown`` values filled in and
    ``problems`` (item id -> message) beside their items."""
    bank = link.bank
    bank_page = bank.pages[number - 1]
    items = page_items(bank, bank_page, answers)
    branches, earlier = page_branches(bank_page, answers)
    html = render_template(
        "survey/page.html",
        link=link,
        bank_page=bank_page,
        number=number,
        total=len(bank.pages),
        items=items,
        all_items=bank_page.items,
        choice_order=choice_orders(get_settings(), link.invitation, bank_page),
        numbers={item.id: position for position, item in enumerate(items, 1)},
        show_if=branches,
        earlier_answers=earlier,
        values={item.id: form_value(shown.get(item.id)) for item in bank_page.items},
        problems={item.id: problems[item.id] for item in items if item.id in problems},
        is_last=next_page(bank, number, answers) is None,
        has_back=number > 1,
        t=link.t,
        journey=journey_place(db_session(), link.invitation),
    )
    return html, status


def offer_browser_key(link: Link) -> None:
    """Give a browser that opens the link its key (`respondent_browser`) if it has none."""
    if not request.cookies.get(respondent_browser.COOKIE):
        remember_browser(link.token, respondent_browser.new_key(), link.invitation.expires_at)


def mark_opened(database, invitation: Invitation) -> None:
    """Note the first opening of a link, in a short write transaction of its own.

    The page itself is read in a read-only transaction (see ``open_link``); the
    conditional UPDATE never moves a link that a second tab has meanwhile started back
    to "opened".
    """
    if invitation.status != "pending":
        return
    database.commit()
    database.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.status == "pending")
        .values(status="opened")
        .execution_options(synchronize_session=False)
    )
    database.commit()
    begin_read_only(database)


def nomination_target(link: Link):
    """(BankVersion, Bank) to nominate buyers for, when this link may nominate now:
    a finished self-assessment of a rep's selling, in an open round with a buyer bank."""
    if link.invitation.rater_role != "self" or "self" not in link.bank.rater_roles:
        return None
    if link.bank.is_org_wide:  # the alignment survey is not about their selling
        return None
    if link.round.status != "open" or link.invitation.expires_at <= utcnow():
        return None
    return nominations.buyer_bank_for(db_session(), link.round, link.bank)


def start_clock(invitation_id: int) -> None:
    """Remember when a page of this survey was shown (last few surveys only)."""
    clocks = dict(cookie_session.get(CLOCK_KEY) or {})
    clocks.pop(str(invitation_id), None)
    clocks[str(invitation_id)] = time.time()
    cookie_session[CLOCK_KEY] = dict(list(clocks.items())[-5:])


def seconds_on_page(invitation_id: int) -> float:
    """Seconds since the page was shown (or last saved); 0 when unknown."""
    started = (cookie_session.get(CLOCK_KEY) or {}).get(str(invitation_id))
    if not isinstance(started, int | float):
        return 0
    return time.time() - started
