"""Reps kept in step with an HRIS export: a bulk upsert by email.

An HRIS is the record of who works where, so a nightly sync may create reps, rename
them, move them between teams, bring back an archived rep who is listed again, and,
when asked, archive the active reps it no longer lists. It is all or nothing like the
page's CSV import: one bad entry and nothing is saved, with every problem said by its
place in the list.

Teams are matched by name as the pages compare them (case and spaces aside) and created
when missing, as the CSV import does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.team_names import team_key, team_shown
from assess.core.text import text_problem
from assess.models import Rep, Team, utcnow
from assess.services.accounts import AccountError, normalize_email
from assess.services.teams import create_team

#: The most reps one request may carry (an HRIS export of a large sales force).
MAX_ENTRIES = 10_000
NAME_LENGTH = 200


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``reps[3].email``."""

    field: str
    message: str


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    teams_created: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    name: str
    email: str
    team: str


def check_entries(raw: list[dict]) -> tuple[list[Entry], list[Problem]]:
    """The entries as they will be saved, and every problem with them."""
    entries, problems, seen = [], [], {}
    if len(raw) > MAX_ENTRIES:
        return [], [Problem("reps", f"more than {MAX_ENTRIES} reps: send them in parts")]
    for index, item in enumerate(raw):
        where = f"reps[{index}]"
        found = []
        name, team = item["name"].strip(), team_shown(item["team"])
        # the input rule on what was sent, before the team name is tidied
        for column in ("name", "team", "email"):
            problem = text_problem(item[column])
            if problem:
                found.append(Problem(f"{where}.{column}", f"the {column} {problem}"))
        if not name:
            found.append(Problem(f"{where}.name", "the name is empty"))
        elif len(name) > NAME_LENGTH:
            found.append(Problem(f"{where}.name", "the name is longer than 200 characters"))
        if not team:
            found.append(Problem(f"{where}.team", "the team is empty"))
        elif len(team) > NAME_LENGTH:
            found.append(Problem(f"{where}.team", "the team name is longer than 200 characters"))
        try:
            email = normalize_email(item["email"])
        except AccountError as error:
            found.append(Problem(f"{where}.email", str(error)))
            email = ""
        if email and email in seen:
            found.append(Problem(f"{where}.email", f"the same email is at reps[{seen[email]}]"))
        seen.setdefault(email, index)
        problems.extend(found)
        if not found:
            entries.append(Entry(name, email, team))
    return entries, problems


def sync_reps(session: Session, caller, entries: list[Entry], archive_missing: bool) -> SyncCounts:
    """Upsert `entries` into the caller's organization (flushes; the caller commits)."""
    counts = SyncCounts()
    organization_id = caller.organization_id
    teams = {
        team_key(team.name): team
        for team in session.scalars(select(Team).where(Team.organization_id == organization_id))
    }
    reps = {
        rep.email: rep
        for rep in session.scalars(select(Rep).where(Rep.organization_id == organization_id))
    }
    now = utcnow()
    for entry in entries:
        team = teams.get(team_key(entry.team))
        if team is None:
            team = create_team(session, caller, entry.team, None)
            teams[team_key(entry.team)] = team
            counts.teams_created.append(team.name)
        rep = reps.get(entry.email)
        if rep is None:
            rep = Rep(organization_id=organization_id, team_id=team.id, name=entry.name,
                      email=entry.email)  # fmt: skip
            session.add(rep)
            reps[entry.email] = rep
            counts.created += 1
        elif (rep.name, rep.team_id, rep.archived_at) != (entry.name, team.id, None):
            rep.name, rep.team_id, rep.archived_at = entry.name, team.id, None
            counts.updated += 1
        else:
            counts.unchanged += 1
    if archive_missing:
        listed = {entry.email for entry in entries}
        for email, rep in reps.items():
            if email not in listed and rep.archived_at is None:
                rep.archived_at = now
                counts.archived += 1
    session.flush()
    return counts
