"""Teams and reps, and the nightly sync of reps from an HRIS (bulk upsert by email)."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from assess.models import Rep, Team
from assess.platform.db import db_session
from assess.services.access import visible_to
from assess.services.rep_sync import check_entries, sync_reps
from assess.web.api.access import caller
from assess.web.api.paging import next_link, page_of
from assess.web.api.problems import ApiError
from assess.web.api.schemas import (
    PageArgs,
    RepArgs,
    RepOut,
    RepPage,
    RepSyncIn,
    RepSyncOut,
    TeamOut,
    TeamPage,
)
from assess.web.api.spec import documented
from assess.web.scoping import api_scope

blueprint = Blueprint("api_people", __name__, description="Teams and reps")

#: A sync of the most reps one call takes (10,000, with long names and addresses); the
#: app's own limit is sized for a survey page.
SYNC_BODY_LIMIT = 4 * 1024 * 1024


@blueprint.before_request
def room_for_a_sync():
    """Before the body is read: the sync's own, larger limit."""
    if request.endpoint == "api_people.sync":
        request.max_content_length = SYNC_BODY_LIMIT


def team_view(team: Team) -> dict:
    return {
        "id": team.id,
        "name": team.name,
        "archived": team.archived_at is not None,
        "created_at": team.created_at,
    }


def rep_view(rep: Rep) -> dict:
    return {
        "id": rep.id,
        "name": rep.name,
        "email": rep.email,
        "team_id": rep.team_id,
        "archived": rep.archived_at is not None,
        "created_at": rep.created_at,
    }


def visible_row(model, row_id: int):
    """The row if the token's organization may see it; 404 as the pages answer."""
    row = db_session().scalar(visible_to(caller(), model).where(model.id == row_id))
    if row is None:
        raise ApiError(404, f"No {model.__name__.lower()} {row_id} in your organization.")
    return row


@blueprint.get("/teams")
@blueprint.arguments(PageArgs, location="query")
@blueprint.response(200, TeamPage)
@documented("read")
@api_scope("read")
def list_teams(args):
    """The organization's teams, archived ones included."""
    page = page_of(visible_to(caller(), Team), Team, args)
    return {**page, "data": [team_view(team) for team in page["data"]]}, next_link(
        page["next_cursor"]
    )


@blueprint.get("/teams/<int:team_id>")
@blueprint.response(200, TeamOut)
@documented("read", found=True)
@api_scope("read")
def get_team(team_id: int):
    """One team."""
    return team_view(visible_row(Team, team_id))


@blueprint.get("/reps")
@blueprint.arguments(RepArgs, location="query")
@blueprint.response(200, RepPage)
@documented("read")
@api_scope("read")
def list_reps(args):
    """The organization's reps, archived ones included; filter by team or email."""
    query = visible_to(caller(), Rep)
    if args.get("team_id"):
        query = query.where(Rep.team_id == args["team_id"])
    if args.get("email"):
        query = query.where(Rep.email == args["email"].strip().lower())
    page = page_of(query, Rep, args)
    return {**page, "data": [rep_view(rep) for rep in page["data"]]}, next_link(page["next_cursor"])


@blueprint.get("/reps/<int:rep_id>")
@blueprint.response(200, RepOut)
@documented("read", found=True)
@api_scope("read")
def get_rep(rep_id: int):
    """One rep."""
    return rep_view(visible_row(Rep, rep_id))


@blueprint.post("/reps/sync")
@blueprint.arguments(RepSyncIn)
@blueprint.response(200, RepSyncOut)
@documented("write")
@api_scope("write")
def sync(body):
    """Create or update every rep listed, matched by email (an HRIS export, nightly).

    A rep is renamed, moved to the team named (created if missing) and brought back
    from the archive when listed again. With `archive_missing`, active reps the list
    does not name are archived. All or nothing: one bad entry and nothing is saved,
    every problem named by its place (`reps[3].email`). Send an `Idempotency-Key` so
    a retry after a timeout does not sync twice."""
    entries, problems = check_entries(body["reps"])
    if problems:
        raise ApiError(
            422,
            f"{len(problems)} problem(s) in the list; nothing was saved. Fix them and "
            "send the whole list again.",
            errors=[{"field": p.field, "message": p.message} for p in problems],
        )
    counts = sync_reps(db_session(), caller(), entries, body["archive_missing"])
    return {
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "archived": counts.archived,
        "teams_created": counts.teams_created,
    }
