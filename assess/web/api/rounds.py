"""Rounds: list, create (a draft), launch, close; and who has answered.

A draft fixes the team, the banks and the days without asking anyone, so an HRIS sync
can bring the team up to date before the launch; launching asks exactly whom the
page's launch asks, and emails the same messages.
"""

from __future__ import annotations

from datetime import date

from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assess.core.round_dates import round_dates_problem
from assess.core.text import text_problem
from assess.models import Invitation, Pulse, Round, RoundBank, Team
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.services import round_launch
from assess.services import rounds as ops
from assess.services.access import visible_to
from assess.services.accounts import AccountError, normalize_email
from assess.services.bank_versions import shipped_banks
from assess.services.invitations import shown_link
from assess.services.journeys import journey_places, journey_start
from assess.services.round_kinds import is_pulse, pulse_round_ids
from assess.web.api.access import caller
from assess.web.api.paging import next_link, page_of
from assess.web.api.people import visible_row
from assess.web.api.problems import ApiError
from assess.web.api.schemas import (
    InvitationPage,
    LaunchIn,
    LaunchOut,
    PageArgs,
    RoundArgs,
    RoundIn,
    RoundOut,
    RoundPage,
)
from assess.web.api.spec import documented
from assess.web.scoping import api_scope

blueprint = Blueprint("api_rounds", __name__, description="Rounds and invitations")


def round_view(assessment_round: Round, pulse: bool | None = None) -> dict:
    if pulse is None:
        pulse = is_pulse(db_session(), assessment_round.id)
    banks = db_session().scalars(
        select(RoundBank)
        .where(RoundBank.round_id == assessment_round.id)
        .options(selectinload(RoundBank.bank_version))
    )
    return {
        "id": assessment_round.id,
        "kind": "pulse" if pulse else "assessment",
        "team_id": assessment_round.team_id,
        "name": assessment_round.name,
        "status": assessment_round.status,
        "opens_on": assessment_round.opens_at.date(),
        "closes_on": assessment_round.closes_at.date(),
        "banks": sorted(entry.bank_version.bank_key for entry in banks),
        "closed_at": assessment_round.closed_at,
        "created_at": assessment_round.created_at,
    }


@blueprint.get("/rounds")
@blueprint.arguments(RoundArgs, location="query")
@blueprint.response(200, RoundPage)
@documented("read")
@api_scope("read")
def list_rounds(args):
    """The organization's rounds; filter by team or status."""
    query = rounds_query(args)
    page = page_of(query, Round, args)
    ids = [r.id for r in page["data"]]
    pulses = set(db_session().scalars(pulse_round_ids().where(Pulse.round_id.in_(ids))))
    data = [round_view(r, r.id in pulses) for r in page["data"]]
    return {**page, "data": data}, next_link(page["next_cursor"])


def rounds_query(args):
    query = visible_query(Round)
    if args.get("team_id"):
        query = query.where(Round.team_id == args["team_id"])
    if args.get("status"):
        query = query.where(Round.status == args["status"])
    if args.get("kind"):
        pulses = Round.id.in_(pulse_round_ids())
        query = query.where(pulses if args["kind"] == "pulse" else ~pulses)
    return query


def visible_query(model):
    """Rows of `model` the token may see: the pages' own rule (`services.access`)."""
    return visible_to(caller(), model)


@blueprint.get("/rounds/<int:round_id>")
@blueprint.response(200, RoundOut)
@documented("read", found=True)
@api_scope("read")
def get_round(round_id: int):
    """One round."""
    return round_view(visible_row(Round, round_id))


@blueprint.post("/rounds")
@blueprint.arguments(RoundIn)
@blueprint.response(201, RoundOut)
@documented("write", conflict=True)
@api_scope("write")
def create_round(body):
    """A draft round: its team, banks and days; nobody is asked until it is launched."""
    team = db_session().scalar(
        visible_query(Team).where(Team.id == body["team_id"], Team.archived_at.is_(None))
    )
    if team is None:
        raise ApiError(
            422, "No such active team.", errors=[field("team_id", "no active team with this id")]
        )
    banks = shipped_banks()
    bank_ids = body.get("banks") or round_launch.default_bank_ids()
    unknown = [bank_id for bank_id in bank_ids if bank_id not in banks]
    if unknown or len(set(bank_ids)) != len(bank_ids):
        raise ApiError(
            422,
            "Name each bank once, from: " + ", ".join(sorted(banks)) + ".",
            errors=[field("banks", f"unknown or repeated bank: {', '.join(unknown) or 'repeat'}")],
        )
    found = round_dates_problem(body["opens_on"], body["closes_on"], date.today())
    if found:
        raise ApiError(422, found[1], errors=[field(*found)])
    name = body["name"].strip()
    problem = text_problem(body["name"]) or (None if name else "is empty")
    if problem:
        raise ApiError(422, f"The round's name {problem}.", errors=[field("name", problem)])
    draft = round_launch.draft_round(
        db_session(), team=team, name=name, bank_ids=bank_ids,
        opens_on=body["opens_on"], closes_on=body["closes_on"], created_by=None,
    )  # fmt: skip
    return round_view(draft)


def field(name: str, message: str) -> dict:
    return {"field": name, "message": message}


def staff_from(body: dict) -> dict:
    """The marketing and delivery staff to ask, each address once across both lists
    (one person answers the alignment survey once), by the page's input rule."""
    staff, errors, seen = {}, [], {}
    for role in ("marketing", "operations"):
        staff[role] = []
        for index, person in enumerate(body[role]):
            where = f"{role}[{index}]"
            problem = text_problem(person["name"])
            if problem:
                errors.append(field(f"{where}.name", f"the name {problem}"))
            try:
                email = normalize_email(person["email"])
            except AccountError as error:
                errors.append(field(f"{where}.email", str(error)))
                continue
            if email in seen:
                errors.append(field(f"{where}.email", f"{email} is listed at {seen[email]} too"))
                continue
            seen[email] = where
            staff[role].append((person["name"].strip()[:200] or email, email))
    if errors:
        raise ApiError(422, "Some people are not valid or listed twice; nothing changed.", errors)
    return staff


@blueprint.post("/rounds/<int:round_id>/launch")
@blueprint.arguments(LaunchIn)
@blueprint.response(200, LaunchOut)
@documented("write", found=True, conflict=True)
@api_scope("write")
def launch(body, round_id: int):
    """Launch a draft: invite the team's active reps and its manager, and the marketing
    and delivery staff named here when the round has the alignment survey. Buyers are
    added per rep afterwards, as on the page."""
    assessment_round = visible_row(Round, round_id)
    if assessment_round.status != "draft":
        raise ApiError(409, f"The round is {assessment_round.status}: only a draft launches.")
    staff = staff_from(body)
    team = assessment_round.team
    bank_ids = round_view(assessment_round)["banks"]
    blocking, warnings = round_launch.launch_check(team, bank_ids, staff)
    if blocking:
        raise ApiError(409, " ".join(blocking))
    database, settings = db_session(), get_settings()
    outcome = round_launch.launch_draft(database, settings, assessment_round, staff)
    for invitation in outcome.invitations:
        if journey_start(database, invitation):  # a rep: one email, one link
            ops.compose_invitation(database, settings, invitation)
    return {
        "round": round_view(assessment_round),
        "invitations": len(outcome.invitations),
        "warnings": warnings + outcome.warnings,
    }


@blueprint.post("/rounds/<int:round_id>/close")
@blueprint.response(200, RoundOut)
@documented("write", found=True, conflict=True)
@api_scope("write")
def close(round_id: int):
    """Close an open round: unfinished links stop, it is scored, the reports render
    (`report.ready` webhooks say when each is done)."""
    assessment_round = visible_row(Round, round_id)
    if assessment_round.status != "open":
        raise ApiError(409, f"The round is {assessment_round.status}: only an open round closes.")
    ops.close_round(db_session(), assessment_round)
    return round_view(assessment_round)


@blueprint.get("/rounds/<int:round_id>/invitations")
@blueprint.arguments(PageArgs, location="query")
@blueprint.response(200, InvitationPage)
@documented("read", found=True)
@api_scope("read")
def invitations(args, round_id: int):
    """Who is asked in the round and how far each has got, as the round board shows it
    (a buyer by the name the manager gave). The link only to a write token, and only
    while the board would show it."""
    assessment_round = visible_row(Round, round_id)
    query = select(Invitation).where(
        Invitation.organization_id == caller().organization_id, Invitation.round_id == round_id
    )
    page = page_of(query.options(selectinload(Invitation.bank_version)), Invitation, args)
    settings = get_settings()
    # the board shows no link once the round is closed, nor one of a rep's surveys that
    # waits for an earlier one (it opens from that one's thank-you page)
    writes = caller().scope == "write" and assessment_round.status != "closed"
    waiting = waiting_surveys(round_id, {i.rep_id for i in page["data"]}) if writes else set()
    data = [
        {
            "id": invitation.id,
            "rep_id": invitation.rep_id,
            "bank": invitation.bank_version.bank_key,
            "role": invitation.rater_role,
            "name": invitation.rater_name,
            "status": invitation.status,
            "link": shown_link(settings, invitation)
            if writes and invitation.id not in waiting
            else None,
        }
        for invitation in page["data"]
    ]
    return {**page, "data": data}, next_link(page["next_cursor"])


def waiting_surveys(round_id: int, rep_ids: set) -> set[int]:
    """The ids of reps' own surveys that still wait for an earlier one in their journey
    (`services.journeys.journey_places`, as the round board reads it)."""
    own = db_session().scalars(
        select(Invitation)
        .where(
            Invitation.round_id == round_id,
            Invitation.rep_id.in_(rep_ids - {None}),
            Invitation.rater_role == "self",
        )
        .options(selectinload(Invitation.bank_version))
    )
    per_rep: dict[int, list[Invitation]] = {}
    for invitation in own:
        per_rep.setdefault(invitation.rep_id, []).append(invitation)
    return {
        invitation_id
        for invitations in per_rep.values()
        for invitation_id, place in journey_places(invitations).items()
        if place["waits"]
    }
