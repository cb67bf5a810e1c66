"""From the token in a survey link to what the respondent may do with it.

Unknown tokens are counted per client address; after MAX_MISSES within WINDOW each
further unknown token from that address makes the next one wait longer (up to WINDOW),
so scanners cannot hammer the database (tokens are 256-bit: guessing is hopeless
anyway). A valid link always opens: a scanner on the same address — everyone behind
one office proxy — never locks out a respondent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import (
    abort,
    after_this_request,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import defer

from assess.core.banks import BUYER_ROLES, Bank
from assess.core.i18n import DEFAULT_LANGUAGE, gettext
from assess.models import BankVersion, Invitation, Organization, Rep, Response, Round, utcnow
from assess.platform.db import begin_read_only, db_session
from assess.platform.security import hash_token
from assess.platform.settings import get_settings
from assess.services import respondent_browser, throttle
from assess.services.bank_versions import bank_for_version
from assess.services.invitations import link_state
from assess.services.survey import lock_invitation
from assess.services.survey_staff import group_name, group_of
from assess.web.languages import speak
from assess.web.survey.language import link_language, offered_languages

THROTTLE_SCOPE = "token-ip"
WINDOW = timedelta(minutes=10)
MAX_MISSES = 30

#: Status code and page for each state in which a link shows no form.
UNAVAILABLE = {
    "expired": 410,
    "revoked": 410,
    "closed": 410,
    "awaiting_approval": 404,
    "not_open": 403,
}


@dataclass
class Link:
    """An invitation found by its token, with everything the survey pages show."""

    token: str
    invitation: Invitation
    round: Round
    bank_version: BankVersion
    bank: Bank
    organization: Organization
    rep: Rep | None  # None for an organization-wide survey (the alignment survey)
    state: str
    #: The language its pages are in (`language.link_language`).
    language: str = "en"
    #: False when the response was started in another browser (`respondent_browser`).
    owned: bool = True

    @property
    def is_buyer(self) -> bool:
        return self.invitation.rater_role in BUYER_ROLES

    @property
    def group(self) -> str:
        """In an alignment survey, the group this rater answers in, as the page names it
        ("delivery"; `group_name`)."""
        return group_name(group_of(self.bank, self.invitation.rater_role))

    @property
    def groups(self) -> list[str]:
        """Every group an alignment survey compares, this rater's included (named as
        `group`)."""
        return [group_name(group) for group, _roles in self.bank.rubric.compare_groups]

    @property
    def about_rep(self) -> Rep | None:
        """The rep someone else is asked about (None for a self-assessment or an
        organization-wide survey)."""
        return None if self.invitation.rater_role == "self" else self.rep

    @property
    def languages(self) -> list[str]:
        """The languages the respondent may switch to (one: no choice to offer)."""
        return offered_languages(self.bank)

    def t(self, value) -> str:
        """A bank text in the page's language."""
        return self.bank.text(value, self.language)


def client_address() -> str:
    return request.remote_addr or "unknown"


#: Status pages shown before any link is known: no link says their language.
LINKLESS = ("unknown", "throttled")


def status_page(kind: str, status: int, **context):
    """A rendered link-status page (unknown, expired, …) as a response object: in the
    link's language, or — when no link was found — the browser's (Accept-Language)."""
    if kind in LINKLESS:
        wanted = request.accept_languages.best_match(get_settings().catalogs.languages())
        speak(wanted or DEFAULT_LANGUAGE)
    answer = make_response(render_template("survey/status.html", kind=kind, **context), status)
    if status == 429:
        answer.headers["Retry-After"] = str(context.get("retry_after", 60))
    return answer


def open_link(token: str, *, lock: bool = False) -> Link:
    """The link for ``token``, or abort with the unknown-link (404) or throttled (429) page.

    Everything is read in a read-only transaction (on SQLite it takes no write lock, so
    page views and the slow part of a save never queue behind other respondents' saves).
    ``lock`` then ends that transaction and re-reads the invitation and its round in a
    write transaction, under the invitation's row lock (for requests that write): the
    state is judged on what is current under the lock.
    """
    database = db_session()
    begin_read_only(database)
    found = find_link(database, token)
    if found is None:
        address = client_address()
        wait = throttle.wait_seconds(
            database, THROTTLE_SCOPE, address, WINDOW, free=MAX_MISSES, cap=WINDOW
        )
        if wait:  # a scanner: slowed down; its tries while waiting are not even looked up
            abort(status_page("throttled", 429, retry_after=wait))
        database.commit()  # end the read; the miss is written in a transaction of its own
        throttle.record(database, THROTTLE_SCOPE, address, WINDOW)
        database.commit()  # the miss counts even though the answer is an error page
        abort(status_page("unknown", 404))
    invitation, assessment_round, version, organization, rep, key_hash, started_in = found
    # only the pages asked of this rater: delivery staff see the delivery pages
    bank = bank_for_version(version).for_role(invitation.rater_role)
    if lock:
        database.commit()
        invitation = lock_invitation(database, invitation.id)
        database.refresh(assessment_round)
    language = link_language(invitation, bank, started_in)
    speak(language)  # the rest of the request: the pages, their messages, status pages
    state = link_state(invitation, assessment_round.status)
    if state == "open" and (
        assessment_round.status == "draft" or assessment_round.opens_at > utcnow()
    ):
        state = "not_open"
    return Link(
        token=token,
        invitation=invitation,
        round=assessment_round,
        bank_version=version,
        bank=bank,
        organization=organization,
        rep=rep,
        state=state,
        language=language,
        owned=respondent_browser.opens(key_hash, request.cookies.get(respondent_browser.COOKIE)),
    )


def link_in_state(
    token: str,
    serves: str = "open",
    *,
    lock: bool = False,
    autosave: bool = False,
    own: bool = True,
):
    """The link for ``token`` when it is in the state this page `serves` ("open" for
    the form, "completed" for the thanks and nomination pages); otherwise stop the
    request and send the respondent where they belong: a finished survey to its thanks
    page, an unfinished one to its landing page, anything else to its status page. An
    autosave gets only the status code (409 when finished).

    With `own` (every page that shows or takes answers) the response must also belong
    to this browser; another browser gets the "started elsewhere" page (403)."""
    link = open_link(token, lock=lock)
    if link.state == serves:
        if own and not link.owned:
            abort(make_response("", 403) if autosave else elsewhere_page(link))
        return link
    if autosave:
        abort(make_response("", 409 if link.state == "completed" else UNAVAILABLE[link.state]))
    if link.state == "completed":
        if request.method == "POST" and serves == "open":  # an older tab or window
            flash(
                gettext(
                    "Your answers had already been sent (from this page or another tab), so "
                    "what this page held was not added."
                ),
                "info",
            )
        abort(redirect(url_for("survey.done", token=token)))
    if link.state == "open":
        abort(redirect(url_for("survey.landing", token=token)))
    abort(unavailable_page(link))


def speak_as_the_link(path: str) -> None:
    """On an error page under a survey link (a form sent too late for its CSRF token, a
    file too large), speak the link's language, as its own pages do. Found read-only,
    without counting a miss (an unknown token stays in English); a database that does not
    answer leaves the page in English."""
    parts = path.split("/")
    if len(parts) < 3 or parts[1] != "s":
        return
    database = db_session()
    try:
        found = find_link(database, parts[2])
        if found is not None:
            invitation, _round, version, _org, _rep, _key, started_in = found
            bank = bank_for_version(version).for_role(invitation.rater_role)
            speak(link_language(invitation, bank, started_in))
    except SQLAlchemyError:
        database.rollback()


def find_link(database, token: str):
    """(invitation, round, bank version, organization, rep or None) for ``token``, in one
    query, or None. Found by the token's hash (indexed; the compared value is a hash, so
    timing tells nothing about the token); the bank's content is only read when this
    process has not parsed that version yet (``bank_for_version`` caches by content
    hash)."""
    if not token or len(token) > 100:
        return None
    return database.execute(FIND_LINK, {"token_hash": hash_token(token)}).first()


#: Built once: every survey request runs it, and building the statement (not running
#: it) was a fair share of a page view's time.
FIND_LINK = (
    select(
        Invitation,
        Round,
        BankVersion,
        Organization,
        Rep,
        Response.browser_key_hash,
        Response.locale,
    )
    .join(Round, Round.id == Invitation.round_id)
    .join(BankVersion, BankVersion.id == Invitation.bank_version_id)
    .join(Organization, Organization.id == Invitation.organization_id)
    .outerjoin(Rep, Rep.id == Invitation.rep_id)
    .outerjoin(Response, Response.invitation_id == Invitation.id)
    .where(Invitation.token_hash == bindparam("token_hash"))
    .options(defer(BankVersion.content))
)


def elsewhere_page(link: Link, status: int = 403):
    """The page for a response that another browser started: it opens there only."""
    return status_page(
        "elsewhere",
        status,
        organization=link.organization,
        may_move=respondent_browser.may_move(get_settings(), link.invitation),
        token=link.token,
    )


def remember_browser(token: str, key: str, expires_at) -> None:
    """Set the cookie that makes this browser the response's own (on the answer to
    the current request), kept for the link's life and sent only on its pages."""
    lifetime = max(int((expires_at - utcnow()).total_seconds()), 0) + 86400

    @after_this_request
    def set_cookie(answer):
        answer.set_cookie(
            respondent_browser.COOKIE,
            key,
            max_age=lifetime,
            path=url_for("survey.landing", token=token),
            secure=request.is_secure,
            httponly=True,
            samesite="Lax",
        )
        return answer


def unavailable_page(link: Link):
    """The page for a link that shows no form (expired, revoked, closed …)."""
    return status_page(
        link.state,
        UNAVAILABLE[link.state],
        organization=link.organization,
        opens_at=link.round.opens_at,
    )
