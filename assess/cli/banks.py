"""`flask --app app banks check|key|analyse`: validate the question banks, print a
bank's scoring key with its reasons, analyse items.

`banks analyse` prints the owner's bank page (`/manage/banks/<id>`) for a terminal:
the same service (`bank_review`: closed rounds only, one version) gives both the same
view, over every organization here instead of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from textwrap import wrap
from typing import Any

import click
from flask.cli import with_appcontext

from assess.core.banks import check_paths
from assess.core.banks.key import scoring_key_lines
from assess.core.reports.item_review import (
    ACCEPTABLE_ALPHA,
    GOOD_ALPHA,
    MODERATE_ICC,
    STRONG_ICC,
    WEAK_ITEM_REST,
)
from assess.core.text import plural
from assess.platform.db import get_database
from assess.services.bank_analysis import (
    EVERY_ORGANIZATION,
    VersionUse,
    bank_review,
    versions_of,
)
from assess.services.bank_versions import SHIPPED_BANKS, shipped_banks

#: Prose lines are wrapped to this width; table rows are not.
WIDTH = 100


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
    """Item analysis of BANK_ID over the finished surveys of every organization's
    closed rounds: Cronbach's alpha per competency; per item its answers, its "not
    seen" answers, item-rest correlation and alpha without it; for a buyer survey the
    agreement among each rep's buyers, ICC(1). The owner's bank page, for a terminal.

    Each bank version is analysed on its own (old and new wordings are not mixed);
    by default the version with the most surveys of closed rounds.
    """
    with get_database().session_scope() as session:
        uses = versions_of(session, bank_id, content_hash)
        if not uses:
            raise click.ClickException(
                f"no finished surveys of {bank_id!r}"
                + (f" version {content_hash}" if content_hash else "")
                + " — check the bank id (`flask --app app banks check` lists them)."
            )
        chosen, *others = uses
        try:
            _, view = bank_review(session, EVERY_ORGANIZATION, chosen.version.id)
        except ValueError as error:
            raise click.ClickException(
                f"a stored answer does not fit {bank_id} version {chosen.version.version}: "
                f"{error} — nothing was changed."
            ) from None
        lines = review_lines(chosen, view, others)
    for line in lines:
        click.echo(line)


def number(value: float | None) -> str:
    """A statistic as the page shows it: two decimals, "-" when there is none."""
    return "-" if value is None else f"{value:.2f}"


def review_lines(use: VersionUse, view: Mapping[str, Any], others: list[VersionUse]) -> list[str]:
    """The page's view (`item_review_view`) as plain terminal lines."""
    version = use.version
    lines = [
        f"{view['title']} ({view['bank_id']}) version {version.version}, "
        f"content hash {version.content_hash[:12]}"
    ]
    waiting = (
        f"; {use.waiting} more, finished in rounds still open, count once their round closes"
        if use.waiting
        else ""
    )
    lines += wrap(
        f"From {plural(use.counted, 'finished survey')} of closed rounds, in every organization"
        f"{waiting}. Each version is analysed on its own.",
        WIDTH,
    )
    if others:
        listed = ", ".join(
            f"{other.version.version} ({other.version.content_hash[:12]}, "
            f"{plural(other.counted, 'finished survey')} of closed rounds)"
            for other in others
        )
        lines += wrap(f"Other versions answered: {listed}. Choose one with --version HASH.", WIDTH)
    flagged = view["flagged"]
    lines.append(
        f"{plural(flagged, 'item does', 'items do')} not go with the others of "
        f"{'its' if flagged == 1 else 'their'} competency: marked ! below."
        if flagged
        else "No item is flagged."
    )
    labels = {
        item["id"]: item["id"] + (" (reverse-keyed)" if item["reverse_keyed"] else "")
        for entry in view["competencies"]
        for item in entry["items"]
    }
    width = max([len("item"), *map(len, labels.values())])
    for entry in view["competencies"]:
        alpha = (
            f"Cronbach's alpha {number(entry['alpha'])} (n = {entry['n']}). "
            if entry["alpha"] is not None
            else ""
        )
        lines += ["", *wrap(f"{entry['name']} ({entry['id']}): {alpha}{entry['reading']}", WIDTH)]
        lines.append(
            f"    {'item':<{width}}  {'answers':>7}  {'not seen':>8}  {'item-rest':>9}  "
            f"{'alpha without it':>16}  reading"
        )
        for item in entry["items"]:
            lines.append(item_line(item, labels[item["id"]], width))
    if view["agreement"]:
        lines += agreement_lines(view["agreement"])
    lines += ["", *legend(view["minimum"])]
    return lines


def item_line(item: Mapping[str, Any], label: str, width: int) -> str:
    """One row of a competency's item table; "-" where the page leaves a cell empty."""
    if item["answers"] is None:
        answers = unseen = "-"
    else:
        answers = str(item["answers"])
        unseen = str(item["not_observed"]) if item["offers_not_observed"] else "n/a"
    item_rest, without = (
        (number(item["item_rest"]), number(item["alpha_if_deleted"]))
        if item["judged"]
        else ("-", "-")
    )
    return (
        f"  {'!' if item['flag'] else ' '} {label:<{width}}  {answers:>7}  {unseen:>8}  "
        f"{item_rest:>9}  {without:>16}  {item['flag'] or item['reading'] or ''}"
    )


def agreement_lines(agreement: Mapping[str, Any]) -> list[str]:
    """The agreement among the buyers of each rep, one row per competency."""
    rows = agreement["competencies"]
    width = max([len("competency"), *(len(row["name"]) for row in rows)])
    lines = [
        "",
        "Agreement among the buyers of each rep",
        *wrap(agreement["statistic"], WIDTH),
        "A group is the buyers of one rep in one round; a rep with one buyer is left out.",
        f"    {'competency':<{width}}  {'ICC(1)':>6}  {'rep average':>11}  {'buyers per rep':>14}  "
        f"{'buyers':>6}  {'groups':>6}  reading",
    ]
    for row in rows:
        size = "-" if row["mean_group_size"] is None else f"{row['mean_group_size']:.1f}"
        lines.append(
            f"    {row['name']:<{width}}  {number(row['icc1']):>6}  {number(row['icck']):>11}  "
            f"{size:>14}  {row['raters']:>6}  {row['groups']:>6}  {row['reading']}"
        )
    return lines


def legend(minimum: int) -> list[str]:
    """How to read the numbers, as the page's "How to read this" says it."""
    return wrap(
        f"Cronbach's alpha: {ACCEPTABLE_ALPHA:.2f} or more is acceptable, {GOOD_ALPHA:.2f} or "
        f"more good. Item-rest: how well an item goes with the rest of its competency; "
        f"below {WEAK_ITEM_REST:.2f} it is flagged (!). Alpha without it: higher than the "
        'alpha now means the item weakens it (three items or more). "Not seen" answers are '
        "left out, never scored as zero; reverse-keyed items are scored the other way round "
        f"first. Nothing is judged below {minimum} surveys that answered all of a "
        f"competency's items. ICC(1): {MODERATE_ICC:.2f} or more is moderate agreement, "
        f"{STRONG_ICC:.2f} or more strong; the rep average (ICC(k)) is the reliability of the "
        "average of that many buyers, good from 0.70.",
        WIDTH,
    )
