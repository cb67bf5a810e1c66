"""`flask --app app banks check|key|analyse`: validate the question banks, print a
bank's scoring key with its reasons, analyse items."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from assess.core.banks import check_paths
from assess.core.banks.key import scoring_key_lines
from assess.core.scoring.reliability import format_item_analysis, item_analysis
from assess.platform.db import get_database
from assess.services.bank_analysis import most_answered_version
from assess.services.bank_versions import SHIPPED_BANKS, shipped_banks


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
    result = check_paths(list(paths) or [str(SHIPPED_BANKS)])
    for line in result.lines:
        click.echo(line, err=not result.ok)
    raise SystemExit(0 if result.ok else 1)


@banks_group.command("key")
@click.argument("bank_id")
def banks_key(bank_id: str):
    """Print BANK_ID's scoring key: each situational and choice option with its score
    and the reason for it, best first."""
    banks = shipped_banks()
    if bank_id not in banks:
        raise click.ClickException(
            f"no shipped bank {bank_id!r} — the banks are: {', '.join(sorted(banks))}."
        )
    for line in scoring_key_lines(banks[bank_id]):
        click.echo(line)


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
    with get_database().session_scope() as session:
        answered = most_answered_version(session, bank_id, content_hash)
        if answered is None:
            raise click.ClickException(
                f"no completed responses to {bank_id!r}"
                + (f" version {content_hash}" if content_hash else "")
                + " — check the bank id (`flask --app app banks check` lists them)."
            )
        version = answered.version
        click.echo(
            f"{answered.bank.id} version {version.version} ({version.content_hash[:12]}): "
            f"{answered.total} responses"
        )
    for line in format_item_analysis(item_analysis(answered.bank, answered.responses)):
        click.echo(line)
