"""`flask --app app report`: one report of a closed round, written to a file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assess.core.reports.inputs import READERS
from assess.models import Report, Round, ScoreSnapshot
from assess.platform.db import db_session
from assess.platform.report_files import ReportFileError, write_atomically
from assess.platform.settings import get_settings
from assess.services.report_pdfs import report_pdf
from assess.services.round_scoring import score_round
from assess.services.team_validity import team_report_inputs


@click.command("report")
@click.argument("kind", type=click.Choice(["rep", "team"]))
@click.option("--round", "round_id", type=int, required=True, help="Id of a closed round.")
@click.option("--rep", "rep_id", type=int, help="Id of the rep (rep reports).")
@click.option("--tone", type=click.Choice(["blunt", "diplomatic"]), help="Default: the org's.")
@click.option(
    "--copy",
    "reader",
    type=click.Choice(READERS),
    help="Rep reports: the rep's own copy (default), or the manager's with the coaching guide.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@with_appcontext
def report_command(kind, round_id, rep_id, tone, reader, output):
    """Render a rep's coaching report or the team report of a closed round to a PDF file.

    Uses the round's stored scores (scoring it first if it never was) and writes the file
    whole or not at all. A rep report is the rep's copy unless `--copy manager` asks
    for the manager's, which adds a coaching guide per focus area. A team report's "Does
    it predict here?" holds the outcomes imported up to now.
    """
    database = db_session()
    assessment_round = database.get(Round, round_id)
    if assessment_round is None or assessment_round.status != "closed":
        raise click.ClickException(
            f"round {round_id} is not a closed round — close it on its board first "
            "(reports are made from closed rounds)."
        )
    if kind == "rep" and rep_id is None:
        raise click.ClickException("a rep report needs --rep ID.")
    if kind == "team" and reader is not None:
        raise click.ClickException(
            "--copy is for rep reports: the team report has one copy, for the owner."
        )
    if database.scalar(select(ScoreSnapshot.id).where(ScoreSnapshot.round_id == round_id)) is None:
        score_round(database, assessment_round)
        database.commit()
    if (
        kind == "rep"
        and database.scalar(
            select(ScoreSnapshot.id).where(
                ScoreSnapshot.round_id == round_id, ScoreSnapshot.rep_id == rep_id
            )
        )
        is None
    ):
        raise click.ClickException(f"rep {rep_id} was not part of round {round_id}.")
    report = Report(
        organization_id=assessment_round.organization_id,
        round_id=round_id,
        kind=kind,
        rep_id=rep_id if kind == "rep" else None,
        tone=tone or assessment_round.organization.report_tone,
    )  # not added: the CLI renders without touching the round's stored reports
    inputs = team_report_inputs(database, get_settings(), report)
    database.rollback()
    label = f"the {kind} report" if kind == "team" else f"the {reader or 'rep'}'s copy"
    with click.progressbar(length=100, label=f"Rendering {label}") as bar:
        done = {"value": 0}

        def progress(value: int) -> None:
            bar.update(max(0, value - done["value"]))
            done["value"] = max(done["value"], value)

        pdf = report_pdf(replace(inputs, tone=report.tone, reader=reader or "rep"), progress)
        progress(100)
    target = Path(output).resolve()
    try:
        write_atomically(target.parent, target.name, pdf)
    except ReportFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target} ({len(pdf) // 1024} KB).")
