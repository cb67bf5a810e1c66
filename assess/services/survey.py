"""Saving and submitting survey answers (operations: they flush; the handler commits).

Every write for one link starts with `lock_invitation`, a row lock (``SELECT … FOR
UPDATE``; on SQLite the ``BEGIN IMMEDIATE`` every write transaction takes does the
same), so two tabs or a double click on the same link are handled one after the
other, and the second one sees what the first one committed. The unique constraints
(one response per invitation, one answer per item) are the second line of defence:
an insert that loses a race anyway is rolled back to its savepoint and becomes an
update of the row that won.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.core.banks import Bank, Page, validate_answer, visible_items
from assess.core.banks.conditions import condition_items
from assess.core.banks.display_order import option_order
from assess.core.banks.serialize import condition_to_dict
from assess.models import (
    NOT_STARTED_STATUSES,
    UNFINISHED_STATUSES,
    Answer,
    Invitation,
    Response,
    utcnow,
)
from assess.platform.settings import ServiceSettings
from assess.services.webhook_events import response_finished

#: Time counted for one page at most: a tab left open over lunch is not "work".
MAX_SECONDS_PER_PAGE = 600


@dataclass
class PageOutcome:
    """What saving one posted page did.

    ``invalid`` holds the messages for typed values that could not be saved (out of
    range, too long …); ``problems`` adds every visible required item still unanswered.
    ``answers`` are all the response's saved answers afterwards; ``shown`` what the form
    should show again: the saved answers with the typed (even invalid) values on top.
    """

    answers: dict[str, Any]
    shown: dict[str, Any]
    invalid: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def lock_invitation(session: Session, invitation_id: int) -> Invitation:
    """The invitation, re-read under a row lock held until the request commits."""
    return session.scalars(
        select(Invitation)
        .where(Invitation.id == invitation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def response_for(session: Session, invitation: Invitation) -> Response | None:
    return session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def saved_answers(session: Session, response: Response | None) -> dict[str, Any]:
    """Item id -> saved answer value of ``response`` (empty before the first save)."""
    if response is None:
        return {}
    rows = session.execute(
        select(Answer.item_id, Answer.value).where(Answer.response_id == response.id)
    )
    return {item_id: value for item_id, value in rows}


def start_response(
    session: Session, invitation: Invitation, locale: str, *, answering: bool = True
) -> Response:
    """The invitation's response, created on the first save (idempotent) — or when the
    respondent chooses a language (`answering` false), which binds the browser as a
    first save does but is not yet answering.

    Also moves the invitation to "in_progress" the first time it is answered.
    """
    response = response_for(session, invitation)
    if response is None:
        try:
            with session.begin_nested():
                response = Response(
                    organization_id=invitation.organization_id,
                    invitation_id=invitation.id,
                    locale=locale[:12],
                    current_page=0,
                )
                session.add(response)
        except IntegrityError:  # another request created it first: use that one
            response = session.scalars(
                select(Response).where(Response.invitation_id == invitation.id)
            ).one()
    if response.locale != locale[:12]:  # the language the latest answers were given in
        response.locale = locale[:12]
    if answering and invitation.status in NOT_STARTED_STATUSES:
        invitation.status = "in_progress"
    return response


def page_items(bank: Bank, page: Page, answers: dict[str, Any]) -> list:
    """The items of ``page`` shown for ``answers`` (show_if judged on the whole bank)."""
    on_page = {item.id for item in page.items}
    return [item for item in visible_items(bank, answers) if item.id in on_page]


def page_branches(page: Page, answers: dict[str, Any]) -> tuple[dict, dict]:
    """What the browser needs to show and hide the page's conditional items live: each
    one's ``show_if`` (as in the bank file), and the saved answers those conditions read
    on other pages. The server still decides on every save."""
    on_page = {item.id for item in page.items}
    branches = {item.id: condition_to_dict(item.show_if) for item in page.items if item.show_if}
    referenced: set[str] = set()
    for item in page.items:
        if item.show_if is not None:
            referenced |= condition_items(item.show_if)
    earlier = {
        key: answers[key] for key in sorted(referenced - on_page) if answers.get(key) is not None
    }
    return branches, earlier


def choice_orders(
    settings: ServiceSettings, invitation: Invitation, page: Page
) -> dict[str, tuple]:
    """Item id -> the answer choices of each item of ``page`` in the order this
    respondent sees them (``display_order.option_order``).

    The seed is HMAC(SECRET_KEY, invitation id): fixed for the life of the link, so
    every view of the page shows the same order, and unknowable without the key, so
    neither the link nor another respondent's order gives it away. (Changing the key
    would change the order, but it also ends every link: the tokens derive from it.)
    """
    message = f"choice-order:{invitation.id}".encode()
    seed = hmac.new(settings.secret_key.encode(), message, sha256).digest()
    return {item.id: option_order(seed, item) for item in page.items}


def page_problems(bank: Bank, page: Page, answers: dict[str, Any]) -> dict[str, str]:
    """Messages for the shown items of ``page`` whose saved answer is missing or invalid."""
    problems = {}
    for item in page_items(bank, page, answers):
        message = validate_answer(item, answers.get(item.id))
        if message is not None:
            problems[item.id] = message
    return problems


def save_page(
    session: Session, bank: Bank, page: Page, response: Response, posted: dict[str, Any]
) -> PageOutcome:
    """Save the valid answers of one posted page; report the rest.

    Valid answers are stored at once even when other items on the page are invalid or
    missing, so nothing typed correctly is ever lost; an invalid value is never stored
    (the saved answer, if any, stays) and comes back in ``invalid`` to be shown beside
    its item. Answers to items hidden by ``show_if`` are not stored. A text field sent
    empty clears the saved text; a choice can only be changed, not cleared (a radio
    button cannot be unticked, so a missing choice is a stale form, not a wish).
    """
    rows = {
        answer.item_id: answer
        for answer in session.scalars(select(Answer).where(Answer.response_id == response.id))
    }
    before = {item_id: answer.value for item_id, answer in rows.items()}
    candidate = dict(before)
    invalid: dict[str, str] = {}
    for item in page.items:
        value = posted.get(item.id)
        if value is None:
            continue
        message = validate_answer(item, value)
        if message is None:
            candidate[item.id] = value
        else:
            invalid[item.id] = message

    after = dict(before)
    to_store = {}
    shown_items = page_items(bank, page, candidate)
    for item in shown_items:
        if item.id not in posted or item.id in invalid:
            continue
        value = posted[item.id]
        if value is not None:
            to_store[item.id] = value
            after[item.id] = value
        elif item.type == "text" and item.id in before:
            session.execute(
                delete(Answer).where(Answer.response_id == response.id, Answer.item_id == item.id)
            )
            del after[item.id]
    store_answers(session, response, rows, to_store)
    response.updated_at = utcnow()
    session.flush()

    shown = dict(after)
    shown.update({item_id: value for item_id, value in posted.items() if value is not None})
    visible_now = {item.id for item in page_items(bank, page, after)}
    invalid = {item_id: message for item_id, message in invalid.items() if item_id in visible_now}
    problems = {**page_problems(bank, page, after), **invalid}
    return PageOutcome(answers=after, shown=shown, invalid=invalid, problems=problems)


def store_answers(
    session: Session, response: Response, rows: dict[str, Answer], values: dict[str, Any]
) -> None:
    """Save ``values`` (item id -> value) given the response's answer ``rows`` read in this
    transaction: changed rows are updated, and the new answers inserted together in one
    statement. Should that insert lose a race anyway (the unique constraint), each new
    answer is stored on its own by ``upsert_answer``.
    """
    now = utcnow()
    new_answers = []
    for item_id, value in values.items():
        answer = rows.get(item_id)
        if answer is None:
            new_answers.append(
                {"response_id": response.id, "item_id": item_id, "value": value, "saved_at": now}
            )
        elif answer.value != value or type(answer.value) is not type(value):
            answer.value = value
            answer.saved_at = now
    if not new_answers:
        return
    try:
        # One executemany: the ORM would insert row by row to read each new id back.
        with session.begin_nested():
            session.execute(insert(Answer), new_answers)
    except IntegrityError:
        for answer in new_answers:
            upsert_answer(session, response, answer["item_id"], answer["value"])


def upsert_answer(session: Session, response: Response, item_id: str, value: Any) -> None:
    """Insert or update one answer; a concurrent insert of the same item becomes an update."""
    answer = session.scalar(
        select(Answer).where(Answer.response_id == response.id, Answer.item_id == item_id)
    )
    if answer is None:
        try:
            with session.begin_nested():
                session.add(Answer(response_id=response.id, item_id=item_id, value=value))
            return
        except IntegrityError:  # lost the race: the other request's row is there now
            answer = session.scalars(
                select(Answer).where(Answer.response_id == response.id, Answer.item_id == item_id)
            ).one()
    if answer.value != value or type(answer.value) is not type(value):
        answer.value = value
        answer.saved_at = utcnow()


def add_active_seconds(response: Response, seconds: float) -> None:
    """Count time spent on a page, capped at MAX_SECONDS_PER_PAGE."""
    counted = int(min(max(seconds, 0), MAX_SECONDS_PER_PAGE))
    response.active_seconds = (response.active_seconds or 0) + counted


def has_shown_items(bank: Bank, page: Page, answers: dict[str, Any]) -> bool:
    return bool(page_items(bank, page, answers))


def next_page(bank: Bank, number: int, answers: dict[str, Any]) -> int | None:
    """The 1-based number of the next page with something to answer, or None at the end."""
    for later in range(number + 1, len(bank.pages) + 1):
        if has_shown_items(bank, bank.pages[later - 1], answers):
            return later
    return None


def previous_page(bank: Bank, number: int, answers: dict[str, Any]) -> int:
    for earlier in range(number - 1, 0, -1):
        if has_shown_items(bank, bank.pages[earlier - 1], answers):
            return earlier
    return 1


def resume_page(bank: Bank, response: Response | None, answers: dict[str, Any]) -> int:
    """Where someone opening the link again goes: the first page not yet complete.

    A page is complete when the respondent moved past it with "Next"
    (``Response.current_page`` counts those pages) and every shown item on it still has
    a valid answer (a changed answer elsewhere can reveal a new question).
    """
    passed = response.current_page if response is not None else 0
    last_shown = 1
    for number, page in enumerate(bank.pages, start=1):
        if not has_shown_items(bank, page, answers):
            continue
        last_shown = number
        if number > passed or page_problems(bank, page, answers):
            return number
    return last_shown


def first_page_with_problems(bank: Bank, answers: dict[str, Any]) -> int | None:
    for number, page in enumerate(bank.pages, start=1):
        if page_problems(bank, page, answers):
            return number
    return None


def complete(session: Session, invitation: Invitation, response: Response) -> bool:
    """Mark the response completed, exactly once. True when this call completed it
    (and then webhooks hear of it, as `webhook_events.response_finished` allows: the
    caller commits with `platform.transaction.commit`).

    The conditional UPDATE (``WHERE completed_at IS NULL``) makes the promise even
    without the row lock: of two requests submitting together only one updates a row.
    """
    now = utcnow()
    result = session.execute(
        update(Response)
        .where(Response.id == response.id, Response.completed_at.is_(None))
        .values(completed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.status.in_(UNFINISHED_STATUSES))
        .values(status="completed")
        .execution_options(synchronize_session=False)
    )
    session.refresh(response)
    session.refresh(invitation)
    if result.rowcount != 1:
        return False
    response_finished(session, invitation)
    return True
