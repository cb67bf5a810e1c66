"""Reading the CSV files a manager uploads: reps (name, email, team) and a round's
buyers (rep_email, name, email, role), each row valid or with its problems; and the
"name, email" lines of a round's marketing respondents.

Pure: text in, rows out. The web page shows every bad row and why before anything is
saved; saving takes only a file whose every row is valid, so an import is all or
nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from assess.core.csv_files import BROKEN_CSV, open_csv
from assess.core.i18n.languages import language_written
from assess.core.text import text_problem
from assess.services.accounts import AccountError, normalize_email
from assess.services.buyer_addresses import mailbox

#: An HRIS export of a large sales force fits in one file (the API's sync takes as many).
MAX_ROWS = 10_000
#: The largest CSV file a manager may upload (reps or buyers): 10,000 reps with long
#: names and addresses.
MAX_CSV_BYTES = 1024 * 1024
#: A request carrying such a file and its form fields (the app's own limit is lower:
#: a survey page is a few dozen short answers).
MAX_UPLOAD_REQUEST = MAX_CSV_BYTES + 64 * 1024
TOO_LARGE = f"The file is larger than {MAX_CSV_BYTES // 1024} KB — split it into smaller files."
NOT_TEXT = "The file is not text — save it as CSV (UTF-8) and retry."
REQUIRED_COLUMNS = ("name", "email", "team")


def decode_csv(raw: bytes) -> str | None:
    """The text of an uploaded file: UTF-16 when it starts with its byte-order mark (what
    Excel saves as "Unicode Text"), else UTF-8, else Windows-1252 (what spreadsheet
    programs save as "CSV" on Windows); None when it is none of them (a binary file)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


@dataclass
class RepRow:
    line: int
    name: str
    email: str
    team: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class RepImport:
    rows: list[RepRow]
    problems: list[str]  # problems with the file as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def bad_rows(self) -> list[RepRow]:
        return [row for row in self.rows if not row.ok]


def parse_reps_csv(
    text: str, existing_emails: set[str], known_teams: set[str] | None = None
) -> RepImport:
    """Parse and check a reps CSV.

    Parameters
    ----------
    text:
        The file's content. A header row naming ``name``, ``email`` and ``team`` (any
        order, any case; other columns ignored) is required.
    existing_emails:
        Lower-cased emails of reps already in the organization (a duplicate is a problem).
    known_teams:
        When given, a team outside it is a problem; when None, new teams will be created.
    """
    reader, header, problem = open_csv(text)
    if problem is not None:
        return RepImport([], [problem])
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return RepImport(
            [],
            [
                f"Line 1: the header lacks {', '.join(missing)} — the first row must name the "
                "columns name, email and team."
            ],
        )
    positions = {column: header.index(column) for column in REQUIRED_COLUMNS}
    rows: list[RepRow] = []
    seen: dict[str, int] = {}
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return RepImport(rows, [f"More than {MAX_ROWS} reps — split the file."])
            rows.append(
                check_row(line_number, cells, positions, existing_emails, known_teams, seen)
            )
    except csv.Error:
        return RepImport(rows, [BROKEN_CSV])
    if not rows:
        return RepImport([], ["The file has a header but no reps."])
    return RepImport(rows, [])


def check_row(line, cells, positions, existing_emails, known_teams, seen) -> RepRow:
    def cell(column: str) -> str:
        index = positions[column]
        return cells[index].strip() if index < len(cells) else ""

    row = RepRow(line=line, name=cell("name"), email=cell("email"), team=cell("team"))
    unprintable = cell_problems({"name": row.name, "email": row.email, "team": row.team})
    if unprintable:
        row.problems.extend(unprintable)
        return row
    if not row.name:
        row.problems.append("the name is empty")
    elif len(row.name) > 200:
        row.problems.append("the name is longer than 200 characters")
    if not row.team:
        row.problems.append("the team is empty")
    elif len(row.team) > 200:
        row.problems.append("the team name is longer than 200 characters")
    elif known_teams is not None and row.team not in known_teams:
        row.problems.append(f"there is no team called {row.team!r}")
    try:
        row.email = normalize_email(row.email)
    except AccountError:
        row.problems.append(f"{row.email[:80]!r} is not an email address")
    else:
        if row.email in existing_emails:
            row.problems.append("a rep with this email already exists")
        elif row.email in seen:
            row.problems.append(f"the same email is on line {seen[row.email]}")
        else:
            seen[row.email] = line
    return row


BUYER_COLUMNS = ("rep_email", "name", "email", "role")
#: An optional column: the language to write to the buyer in (empty: the team's).
LANGUAGE_COLUMN = "language"


def cell_problems(cells: dict[str, str]) -> list[str]:
    """ "the name contains a NUL character" for each cell the input rule refuses (a
    cell is one line: a quoted line break in a name is refused too)."""
    found = []
    for column, value in cells.items():
        problem = text_problem(value)
        if problem is not None:
            found.append(f"the {column.replace('_', ' ')} {problem}")
    return found


def parse_buyers_csv(
    text: str,
    reps_by_email: dict,
    allowed_roles: set[str],
    refuse=None,
    languages: tuple[str, ...] = ("en",),
):
    """Rows of (rep, name, email, role, language or None), and every problem as "Line N:
    …"; a file that is not valid CSV (a stray carriage return, a huge field) is one
    problem, not a 500. `refuse(rep, email)` says why an address may not answer about
    that rep (the rep's own mailbox, a colleague's…), or None. An optional `language`
    column takes one of `languages` (its code or its name); empty is the team's."""
    try:
        return _parse_buyers(
            text, reps_by_email, allowed_roles, refuse or (lambda *_: None), languages
        )
    except csv.Error:
        return [], [BROKEN_CSV]


def _parse_buyers(text: str, reps_by_email: dict, allowed_roles: set[str], refuse, languages):
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in BUYER_COLUMNS if column not in header]
    if missing:
        return [], [f"Line 1: the header lacks {', '.join(missing)} — name the columns "
                    "rep_email, name, email, role."]  # fmt: skip
    where = {column: header.index(column) for column in BUYER_COLUMNS}
    if LANGUAGE_COLUMN in header:
        where[LANGUAGE_COLUMN] = header.index(LANGUAGE_COLUMN)
    rows, problems, seen = [], [], set()
    for number, cells in enumerate(reader, start=2):
        if len(rows) + len(problems) > 2000:
            return [], ["More than 2,000 buyers — split the file."]
        check_buyer_line(
            number, cells, where, reps_by_email, allowed_roles, rows, problems, seen, refuse,
            languages,
        )  # fmt: skip
    if not rows and not problems:
        problems.append("The file has a header but no buyers.")
    return rows, problems


def check_buyer_line(
    number, cells, where, reps_by_email, allowed_roles, rows, problems, seen, refuse, languages
):
    """Check one line of a buyers file: a good row goes to `rows`, a bad one's problems
    to `problems` as "Line N: …"."""
    if not any(cell.strip() for cell in cells):
        return
    value = {c: (cells[i].strip() if i < len(cells) else "") for c, i in where.items()}
    unprintable = cell_problems(value)
    if unprintable:
        problems.append(f"Line {number}: " + "; ".join(unprintable))
        return
    rep = reps_by_email.get(value["rep_email"].lower())
    line_problems = []
    if rep is None:
        line_problems.append(f"no rep of this team has the email {value['rep_email'][:80]!r}")
    if not value["name"] or len(value["name"]) > 200:
        line_problems.append("the name is empty or too long")
    if value["role"].lower() not in allowed_roles:
        line_problems.append(f"the role must be one of {', '.join(sorted(allowed_roles))}")
    try:
        email = normalize_email(value["email"])
    except AccountError:
        line_problems.append(f"{value['email'][:80]!r} is not an email address")
        email = None
    written = value.get(LANGUAGE_COLUMN, "")
    language = language_written(written, languages) if written else None
    if written and language is None:
        line_problems.append(
            f"the language {written[:40]!r} is not one Candor writes in — write "
            + " or ".join(languages)
            + ", or leave it empty for the team's"
        )
    if rep is not None and email and (rep.id, mailbox(email)) in seen:
        line_problems.append("the same buyer is listed twice for this rep")
    elif rep is not None and email and (refused := refuse(rep, email)) is not None:
        line_problems.append(refused + " Remove that row.")
    if line_problems:
        problems.append(f"Line {number}: " + "; ".join(line_problems))
    else:
        seen.add((rep.id, mailbox(email)))
        rows.append((rep, value["name"], email, value["role"].lower(), language))


def parse_marketers(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Lines of "name, email" → (people, problems with line numbers): the marketers, or
    the delivery staff, who answer the alignment survey."""
    marketers, problems, seen = [], [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _, email = line.rpartition(",")
        problem = text_problem(line)
        if problem is not None:
            problems.append(f"Line {number} {problem}.")
            continue
        try:
            email = normalize_email(email)
        except AccountError:
            problems.append(f"Line {number}: write “name, email” — {line.strip()[:60]!r}")
            continue
        if email in seen:
            problems.append(f"Line {number}: {email} is listed twice.")
            continue
        seen.add(email)
        marketers.append(((name.strip() or email)[:200], email))
    return marketers, problems
