"""`flask --app app ...` commands: db, demo, user, serve (and banks, report later)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assess import migrate
from assess.bank_store import SHIPPED_BANKS
from assess.db import get_database
from assess.models import USER_ROLES


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(user_group)
    app.cli.add_command(serve_command)
    app.cli.add_command(banks_group)
    app.cli.add_command(reminders_group)
    app.cli.add_command(worker_command)
    app.cli.add_command(report_command)


@click.group("db", cls=AppGroup, help="Database schema migrations.")
def db_group():
    pass


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str):
    """Apply migrations up to REVISION (default: the newest)."""
    database = get_database()
    migrate.upgrade(database, revision)
    click.echo(f"Database at revision {migrate.current_revision(database)}.")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str):
    """Roll migrations back to REVISION ("base" empties the database)."""
    database = get_database()
    migrate.downgrade(database, revision)
    click.echo(f"Database at revision {migrate.current_revision(database) or 'base'}.")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str):
    """Write a migration from the models' difference to this (up-to-date) database."""
    database = get_database()
    if not migrate.is_up_to_date(database):
        raise click.ClickException("the database is behind — run `db upgrade` first.")
    migrate.autogenerate(database, message)


@db_group.command("current")
def db_current():
    """Show the applied revision and whether it is the newest."""
    database = get_database()
    current = migrate.current_revision(database)
    state = "up to date" if current == migrate.head_revision() else "needs `db upgrade`"
    click.echo(f"{current or 'base'} ({state})")


@click.group("demo", cls=AppGroup, help="The demo organization.")
def demo_group():
    pass


@demo_group.command("load")
@click.option("--no-render", is_flag=True, help="Queue the demo's reports without waiting.")
def demo_load(no_render: bool):
    """Create the demo organization (does nothing if it is already there)."""
    from assess.demo import DEMO_LOGINS, load_demo
    from assess.jobs import enqueue

    with get_database().session_scope() as session:
        report_ids = load_demo(session, current_app.config["SECRET_KEY"])
    click.echo("Demo organization " + ("created." if report_ids else "already present."))
    if report_ids and not no_render:
        futures = [enqueue("render_report", report_id) for report_id in report_ids]
        with click.progressbar(futures, label="Rendering the demo reports") as waiting:
            for future in waiting:
                future.result()
    for role, (email, password) in DEMO_LOGINS.items():
        click.echo(f"  {role}: {email} / {password}")


@click.group("user", cls=AppGroup, help="Owner and manager accounts.")
def user_group():
    pass


@user_group.command("create")
@click.option("--org", "org_slug", required=True, help="Organization slug (created if new).")
@click.option("--org-name", help="Name for a new organization (default: the slug).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(USER_ROLES), default="manager", show_default=True)
@click.password_option(help="Prompted for when not given.")
def user_create(org_slug, org_name, email, name, role, password):
    """Create a user who can sign in."""
    from assess.accounts import AccountError, create_user

    try:
        with get_database().session_scope() as session:
            user = create_user(
                session,
                org_slug=org_slug,
                org_name=org_name,
                email=email,
                name=name,
                role=role,
                password=password,
            )
            summary = f"Created {user.role} {user.email} in organization {org_slug}."
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except IntegrityError:
        raise click.ClickException(
            f"email {email!r} is already taken — choose another address."
        ) from None
    click.echo(summary)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--no-demo", is_flag=True, help="Do not load the demo organization.")
@with_appcontext
def serve_command(host, port, workers, no_demo):
    """Migrate, load the demo on first start, and serve with gunicorn."""
    from assess.demo import DEMO_LOGINS, load_demo
    from assess.serve import serve

    app = current_app._get_current_object()
    database = get_database()
    migrate.upgrade(database)
    if not no_demo:
        with database.session_scope() as session:
            # Reports are rendered by the server's worker once it is up (it resumes
            # every queued report), so the first page answers without waiting for them.
            load_demo(session, app.config["SECRET_KEY"])
    database.dispose()  # the workers open their own connections after the fork
    click.echo(f"Candor is running on http://{host}:{port}/")
    if not no_demo:
        for role, (email, password) in DEMO_LOGINS.items():
            click.echo(f"  demo {role} login: {email} / {password}")
    serve(app.config, host=host, port=port, workers=workers)


@click.group("banks", help="Question banks: validate and analyse.")
def banks_group():
    pass


@banks_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
def banks_check(paths):
    """Validate bank files or folders (default: question_banks/).

    Prints one line per bank, or every problem as `file:line: what — how to fix`;
    exits 1 when there is any problem.
    """
    from assess.banks import check_paths

    result = check_paths(list(paths) or [str(SHIPPED_BANKS)])
    for line in result.lines:
        click.echo(line, err=not result.ok)
    raise SystemExit(0 if result.ok else 1)


@banks_group.command("analyse")
@click.argument("bank_id")
@click.option("--version", "content_hash", help="Content hash (prefix) of one bank version.")
@with_appcontext
def banks_analyse(bank_id: str, content_hash: str | None):
    """Item analysis of BANK_ID over every completed response stored: Cronbach's alpha,
    corrected item-total correlation and alpha-if-deleted, per competency.

    Each bank version is analysed on its own (old and new wordings are not mixed);
    by default the version with the most responses.
    """
    from sqlalchemy import func, select

    from assess.bank_store import bank_for_version
    from assess.models import Answer, BankVersion, Invitation, Response
    from assess.scoring import RaterResponse
    from assess.scoring.reliability import format_item_analysis, item_analysis

    with get_database().session_scope() as session:
        counts = session.execute(
            select(BankVersion, func.count(Response.id))
            .join(Invitation, Invitation.bank_version_id == BankVersion.id)
            .join(Response, Response.invitation_id == Invitation.id)
            .where(BankVersion.bank_key == bank_id, Response.completed_at.isnot(None))
            .group_by(BankVersion.id)
            .order_by(func.count(Response.id).desc())
        ).all()
        if content_hash:
            counts = [row for row in counts if row[0].content_hash.startswith(content_hash)]
        if not counts:
            raise click.ClickException(
                f"no completed responses to {bank_id!r}"
                + (f" version {content_hash}" if content_hash else "")
                + " — check the bank id (`flask --app app banks check` lists them)."
            )
        version, total = counts[0]
        bank = bank_for_version(version)
        answers: dict[int, dict] = {}
        rows = session.execute(
            select(Response.id, Invitation.rater_role, Answer.item_id, Answer.value)
            .join(Invitation, Invitation.id == Response.invitation_id)
            .join(Answer, Answer.response_id == Response.id)
            .where(Invitation.bank_version_id == version.id, Response.completed_at.isnot(None))
        )
        roles = {}
        for response_id, role, item_id, value in rows:
            answers.setdefault(response_id, {})[item_id] = value
            roles[response_id] = role
        responses = [
            RaterResponse(f"r{rid}", roles[rid], bank.id, answers[rid]) for rid in sorted(answers)
        ]
    click.echo(
        f"{bank.id} version {version.version} ({version.content_hash[:12]}): {total} responses"
    )
    for line in format_item_analysis(item_analysis(bank, responses)):
        click.echo(line)


@click.group("reminders", cls=AppGroup, help="Reminder emails to people who have not finished.")
def reminders_group():
    pass


@reminders_group.command("send")
def reminders_send():
    """Send every reminder that is due now (safe to run from cron at any interval)."""
    from assess.jobs import enqueue

    sent = enqueue("send_due_reminders").result()
    click.echo(f"{sent} reminders sent.")


@click.command("worker")
@click.option("--concurrency", default=2, show_default=True, type=int)
@with_appcontext
def worker_command(concurrency: int):
    """Run a queue worker (needs REDIS_URL). Start as many as you like, on any host."""
    app = current_app._get_current_object()
    queue = app.extensions["candor.jobs"]
    if not hasattr(queue, "celery"):
        raise click.ClickException(
            "REDIS_URL is not set — without it jobs run inside the web process and no "
            "worker is needed."
        )
    queue.celery.worker_main(
        ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--without-gossip"]
    )


@click.command("report")
@click.argument("kind", type=click.Choice(["rep", "team"]))
@click.option("--round", "round_id", type=int, required=True, help="Id of a closed round.")
@click.option("--rep", "rep_id", type=int, help="Id of the rep (rep reports).")
@click.option("--tone", type=click.Choice(["blunt", "diplomatic"]), help="Default: the org's.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@with_appcontext
def report_command(kind, round_id, rep_id, tone, output):
    """Render a rep's coaching report or the team report of a closed round to a PDF file.

    Uses the round's stored scores (scoring it first if it never was) and writes the file
    whole or not at all.
    """
    from dataclasses import replace
    from pathlib import Path

    from assess.db import db_session
    from assess.jobs.report_tasks import build_pdf, report_inputs
    from assess.models import Report, Round, ScoreSnapshot
    from assess.reports.files import ReportFileError, write_atomically
    from assess.round_scoring import score_round

    database = db_session()
    assessment_round = database.get(Round, round_id)
    if assessment_round is None or assessment_round.status != "closed":
        raise click.ClickException(
            f"round {round_id} is not a closed round — close it on its board first "
            "(reports are made from closed rounds)."
        )
    if kind == "rep" and rep_id is None:
        raise click.ClickException("a rep report needs --rep ID.")
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
    inputs = report_inputs(report)
    database.rollback()
    with click.progressbar(length=100, label=f"Rendering the {kind} report") as bar:
        done = {"value": 0}

        def progress(value: int) -> None:
            bar.update(max(0, value - done["value"]))
            done["value"] = max(done["value"], value)

        pdf = build_pdf(replace(inputs, tone=report.tone), progress)
        progress(100)
    target = Path(output).resolve()
    try:
        write_atomically(target.parent, target.name, pdf)
    except ReportFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target} ({len(pdf) // 1024} KB).")
