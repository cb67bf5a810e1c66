"""Benchmark: the owner's page "Does it predict here?" for 10,000 reps, as the owner waits
for it — the database read, the report and the page — beside the pure statistics.

``bench_validity`` times `spearman_table` alone on arrays made in memory. What the owner
waits for is more: `services.validity.validity_report` reads every rep's issued score
snapshot and outcome figures from the database (`gather`), then builds the correlation
table with its words, the outcome by verdict and the scatter chart, and the page
(``GET /manage/validity``) renders all of it. Issue 18's target is at most 2 s for the
analysis.

The instance is a fresh database migrated to head, with a signed-in owner and a sales
force of 10,000 reps in 40 teams of uneven size. Each team ran its round of the same
quarter (a round belongs to one team) with the shipped banks: consultative selling and
trustworthiness, answered by the rep, the manager's review and three to eight buyers
each. The answers are drawn from a profile per rep (`assess.demo.synthetic`: a level
per competency, others seeing it near where it is, reps rating themselves higher, a few
pushy reps and fakers) and scored by the real engine (`score_rep`), so each snapshot is
the payload `score_round` stores: 11 competencies, groups, intervals, flags, verdict
(definite, or borderline when a score straddles a cut, as the engine rules). The answers
themselves are not stored: the page never reads them. Every rep has outcome figures for
the quarter after the round, for every measure of `core.outcomes.MEASURES`, driven by a
few of the rep's levels plus noise, with about 5 % of figures missing; each outcome is
linked to the team's round, and `relink_outcomes` must agree with that link.

Measured, each the median of ``RUNS`` after one warm-up: ``validity_report`` as the page
calls it (a fresh session each time, as each request gets), its `gather` and the query
of `compared_rows` alone (the breakdown), the whole ``GET /manage/validity`` through the
test client signed in as the owner, and `spearman_table` over the same matrices the
report compared (for the page / pure-statistics ratio). Wall seconds are the headline;
this process's CPU seconds, and the garbage collector's share of them, are given beside
them for a busy machine (they leave out the PostgreSQL server's own work). On SQLite in
a temporary instance folder, and on PostgreSQL when a server answers at 127.0.0.1:5432
(a private schema in database ``test``, dropped afterwards), otherwise that part says
why not.

``--profile`` also runs one page request under cProfile per database and prints the
functions that cost most to stderr. ``--reps N`` makes a smaller sales force (a quick
try). Run as a script: the last stdout line is one JSON object (``make bench`` merges it
into bench/results.json); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from faker import Faker
from sqlalchemy import insert

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_validity_page.py` too
    sys.path.insert(0, str(REPO))

from app import create_app  # noqa: E402
from assess.core.outcomes import MEASURES  # noqa: E402
from assess.core.scoring import score_rep  # noqa: E402
from assess.core.validity import spearman_table  # noqa: E402
from assess.core.validity.summary import snapshot_summary  # noqa: E402
from assess.demo.samples import RepStory, story_responses  # noqa: E402
from assess.demo.synthetic import Profile  # noqa: E402
from assess.models import Outcome, Rep, Round, RoundBank, ScoreSnapshot, Team  # noqa: E402
from assess.platform import migrate  # noqa: E402
from assess.platform.settings import get_settings  # noqa: E402
from assess.services.accounts import create_user  # noqa: E402
from assess.services.bank_versions import ensure_version, shipped_banks  # noqa: E402
from assess.services.late_answers import ANSWERS_THROUGH  # noqa: E402
from assess.services.outcomes import relink_outcomes  # noqa: E402
from assess.services.round_scoring import SCORING_VERSION, as_input, digest  # noqa: E402
from assess.services.validity import compared_rows, gather, validity_report  # noqa: E402
from tests.support.http import csrf_token  # noqa: E402 - standard library only
from tests.support.postgres import migrated_schema, postgres_answers  # noqa: E402

SEED = 20_260_118
REPS = 10_000
TEAMS = 40
RUNS = 3
PURE_RUNS = 7
MISSING = 0.05  # share of outcome figures a CRM export leaves empty
TARGET_SECONDS = 2.0
PAGE_URL = "/manage/validity"
OWNER_EMAIL = "olivia.owner@northwind-traders.com"
OWNER_PASSWORD = "bench-validity-password"  # noqa: S105 - a throwaway account
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
ROUND_OPENS = datetime(2026, 3, 2, 9, tzinfo=UTC)
ROUND_CLOSED = datetime(2026, 3, 27, 17, tzinfo=UTC)
PERIOD = (date(2026, 4, 1), date(2026, 6, 30))  # the quarter after the round
SELF_BANKS = ("consultative_selling", "trustworthiness")
ROUND_BANKS = (*SELF_BANKS, "manager_review", "buyer_feedback")
PROFILE_LINES = 35


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def expect(condition: bool, message: str) -> None:
    """Stop the benchmark (non-zero exit): a number measured on a wrong result is worse
    than none."""
    if not condition:
        raise RuntimeError(message)


# --- the sales force --------------------------------------------------------------------


@dataclass
class SalesRep:
    name: str
    email: str
    team: int  # index into the team names
    payload_json: str  # the engine's payload, as JSON (10,000 of them as dicts is ~1 GB)
    inputs_digest: str
    outcome: dict[str, float | int | None]


def clip(value: float, low: float = 0.03, high: float = 0.98) -> float:
    return min(high, max(low, value))


def outcome_figures(levels: dict[str, float], rng: random.Random) -> dict:
    """The quarter's figures of a rep with `levels`: a few competencies drive each,
    plus the noise of territory and luck; about `MISSING` of them left empty."""
    selling = (levels["discovery"] + levels["qualifying"] + levels["offer_mastery"]) / 3
    trust = (levels["transparency"] + levels["buyer_first"] + levels["follow_through"]) / 3
    figures = {
        "quota_attainment": round(
            clip(1 + 1.4 * (selling - 0.65) + rng.gauss(0, 0.22), 0.05, 4) * 100, 1
        ),
        "win_rate": round(
            clip(0.24 + 0.3 * (levels["discovery"] - 0.65) + rng.gauss(0, 0.07), 0.01, 0.95) * 100,
            1,
        ),
        "deals_won": max(0, round(rng.gauss(18 + 22 * (selling - 0.65), 6))),
        "average_deal_size": round(
            rng.lognormvariate(10.1 + 0.8 * (levels["account_growth"] - 0.65), 0.45)
        ),
        "sales_cycle_days": round(
            clip(75 - 45 * (levels["qualifying"] - 0.65) + rng.gauss(0, 18), 7, 400), 1
        ),
        "referrals_received": int(
            np.random.default_rng(rng.getrandbits(32)).poisson(max(0.2, 3 + 9 * (trust - 0.65)))
        ),
        "accounts_lost": int(
            np.random.default_rng(rng.getrandbits(32)).poisson(
                max(0.1, 2 - 4 * (levels["follow_through"] - 0.65))
            )
        ),
    }
    expect(set(figures) == {m.id for m in MEASURES}, "the figures are not MEASURES")
    return {key: None if rng.random() < MISSING else value for key, value in figures.items()}


def story_of(name: str, competencies: list[str], rng: random.Random) -> tuple[RepStory, dict]:
    """How a rep is seen, and the levels it is drawn from: others see them near where
    they are, the rep a little higher; a few push buyers, a few fake good, a few have
    only two buyers (not enough evidence for a verdict)."""
    ability = rng.gauss(0.66, 0.16)
    levels = {key: clip(ability + rng.gauss(0, 0.1), 0.05, 0.97) for key in competencies}

    def seen(shift: float, spread: float) -> dict[str, float]:
        return {key: clip(level + shift + rng.gauss(0, spread)) for key, level in levels.items()}

    pushy = rng.random() < 0.03
    buyers = 2 if rng.random() < 0.02 else rng.randint(3, 8)
    roles = Counter(
        rng.choice(("customer", "customer", "referral", "prospect")) for _ in range(buyers)
    )
    story = RepStory(
        name,
        Profile(
            default=clip(ability + 0.08), levels=seen(0.08, 0.05), fake_good=rng.random() < 0.02
        ),
        Profile(default=ability, levels=seen(0, 0.05)),
        Profile(default=ability, levels=seen(-0.1 if pushy else 0, 0.04), pushy=pushy),
        dict(roles),
    )
    return story, levels


def competency_ids() -> list[str]:
    """The competencies the self-assessment banks own (the others mirror them)."""
    banks = shipped_banks()
    return [c.id for key in SELF_BANKS for c in banks[key].rubric.competencies]


def sales_force(reps: int) -> tuple[list[str], list[SalesRep]]:
    """Team names and every rep with their scored payload and outcome (seeded)."""
    rng = random.Random(SEED)
    fake = Faker(["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL", "sv_SE"])
    fake.seed_instance(SEED)
    regions = (
        "EMEA", "DACH", "Nordics", "Benelux", "Iberia", "UK & Ireland", "France",
        "North America", "LATAM", "APAC",
    )  # fmt: skip
    segments = ("Enterprise", "Mid-Market", "SMB", "Inside Sales")
    teams = [f"{region} {segment}" for region in regions for segment in segments][:TEAMS]
    weights = [rng.uniform(0.3, 3.0) for _ in teams]  # teams of uneven size
    banks = shipped_banks()
    rep_banks = {key: bank for key, bank in banks.items() if not bank.is_org_wide}
    competencies = competency_ids()
    force = []
    for number in range(reps):
        name = f"{fake.first_name()} {fake.last_name()}"
        story, levels = story_of(name, competencies, rng)
        responses = story_responses(banks, story, random.Random(rng.getrandbits(64)))
        result = score_rep(rep_banks, responses, rep_name=name, rep_id=str(number + 1))
        payload = {**result.to_dict(), ANSWERS_THROUGH: ROUND_CLOSED.isoformat()}
        force.append(
            SalesRep(
                name,
                f"rep{number + 1}@northwind-traders.com",
                rng.choices(range(len(teams)), weights)[0],
                json.dumps(payload),
                digest([as_input(response) for response in responses]),
                outcome_figures(levels, rng),
            )
        )
        if (number + 1) % 2000 == 0:
            log(f"scored {number + 1:,} reps")
    return teams, force


# --- an instance ------------------------------------------------------------------------


@contextmanager
def database_url(backend: str) -> Iterator[str | None]:
    """A private PostgreSQL schema, migrated (dropped afterwards); or None: the embedded
    default, SQLite in the fresh instance folder."""
    if backend == "postgresql":
        with migrated_schema(POSTGRES_SERVER, prefix="candor_bench_validity") as schema:
            yield schema.url()
    else:
        yield None


@contextmanager
def instance(backend: str, teams: list[str], force: list[SalesRep]):
    """A fresh app with the organization, its rounds, snapshots and outcomes; yields
    (app, organization id)."""
    with tempfile.TemporaryDirectory(prefix="candor-bench-validity-") as folder:
        config = {
            "CANDOR_INSTANCE_PATH": folder,
            "SECRET_KEY": "bench",
            "JOBS_EAGER": True,
            "REDIS_URL": None,
            "SMTP_URL": None,
        }
        with database_url(backend) as url:
            if url:
                config["DATABASE_URL"] = url
            app = create_app(config)
            database = app.extensions["candor.db"]
            expect(database.url.get_backend_name() == backend, f"not on {backend}")
            try:
                if backend == "sqlite":
                    migrate.upgrade(database, "head")
                started = time.perf_counter()
                organization_id = seed(database, teams, force)
                log(f"{backend}: seeded in {time.perf_counter() - started:.1f} s")
                yield app, organization_id
            finally:
                app.extensions["candor.jobs"].shutdown()
                database.dispose()


def seed(database, teams: list[str], force: list[SalesRep], chunk: int = 500) -> int:
    """The owner, teams, reps, one closed round per team, the snapshots and outcomes."""
    with database.session_scope() as session:
        owner = create_user(
            session,
            org_slug="northwind",
            org_name="Northwind Traders",
            email=OWNER_EMAIL,
            name="Olivia Owner",
            role="owner",
            password=OWNER_PASSWORD,
        )
        organization_id = owner.organization_id
        team_rows = [Team(organization_id=organization_id, name=name) for name in teams]
        session.add_all(team_rows)
        session.flush()
        banks = shipped_banks()
        versions = [ensure_version(session, banks[key]) for key in ROUND_BANKS]
        rounds = []
        for team in team_rows:
            team_round = Round(
                organization_id=organization_id,
                team_id=team.id,
                name="Q1 2026 assessment",
                status="closed",
                opens_at=ROUND_OPENS,
                closes_at=ROUND_CLOSED,
                closed_at=ROUND_CLOSED,
                created_by_id=owner.id,
            )
            team_round.banks = [RoundBank(bank_version_id=version.id) for version in versions]
            rounds.append(team_round)
        session.add_all(rounds)
        session.flush()
        reps = [
            Rep(
                organization_id=organization_id,
                team_id=team_rows[rep.team].id,
                name=rep.name,
                email=rep.email,
            )
            for rep in force
        ]
        session.add_all(reps)
        session.flush()
        for start in range(0, len(force), chunk):
            part = list(zip(force[start : start + chunk], reps[start : start + chunk], strict=True))
            session.execute(
                insert(ScoreSnapshot),
                [
                    {
                        "organization_id": organization_id,
                        "round_id": rounds[rep.team].id,
                        "scope": "rep",
                        "rep_id": row.id,
                        "scoring_version": SCORING_VERSION,
                        "inputs_digest": rep.inputs_digest,
                        "payload": json.loads(rep.payload_json),
                        # a bulk insert skips the model's event: summarize as it would
                        "summary": snapshot_summary(json.loads(rep.payload_json)),
                        "computed_at": ROUND_CLOSED,
                    }
                    for rep, row in part
                ],
            )
            session.execute(
                insert(Outcome),
                [
                    {
                        "organization_id": organization_id,
                        "rep_id": row.id,
                        "period_start": PERIOD[0],
                        "period_end": PERIOD[1],
                        "round_id": rounds[rep.team].id,
                        **rep.outcome,
                    }
                    for rep, row in part
                ],
            )
        session.flush()
        # The link is the app's: the round each period follows (nothing to change).
        relinked = relink_outcomes(session, organization_id, [rep.id for rep in reps])
        expect(relinked == 0, f"relink_outcomes moved {relinked} outcomes to another round")
    return organization_id


# --- the numbers ------------------------------------------------------------------------


class GcClock:
    """CPU seconds the cyclic garbage collector ran while registered (`gc.callbacks`):
    decoding thousands of payloads that stay alive makes it sweep them again and again."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.started: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.process_time()
        elif self.started is not None:
            self.seconds += time.process_time() - self.started
            self.started = None


@dataclass
class Timings:
    wall: list[float]
    cpu: list[float]  # this process's CPU seconds (not the PostgreSQL server's)
    gc: list[float]  # of which the garbage collector's
    answer: object = None

    def median(self, kind: str = "wall") -> float:
        return statistics.median(getattr(self, kind))


def timed(work: Callable[[], object], runs: int) -> Timings:
    """Wall, CPU and garbage-collector seconds of `runs` calls after one warm-up; the
    last answer."""
    timings = Timings([], [], [], work())
    for _ in range(runs):
        timings.answer = None  # freed before the clock starts, not inside the next run
        clock = GcClock()
        gc.callbacks.append(clock)
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            timings.answer = work()
        finally:
            timings.wall.append(time.perf_counter() - start)
            timings.cpu.append(time.process_time() - start_cpu)
            gc.callbacks.remove(clock)
        timings.gc.append(clock.seconds)
    return timings


def in_session(app, work: Callable):
    """`work(session)` in a fresh session, closed afterwards (as a request's is)."""

    def call():
        session = app.extensions["candor.db"].sessionmaker()
        try:
            return work(session)
        finally:
            session.close()

    return call


def signed_in_client(app):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    signed = client.post(
        "/login", data={"csrf_token": token, "email": OWNER_EMAIL, "password": OWNER_PASSWORD}
    )
    expect(signed.status_code == 302, f"sign-in answered {signed.status_code}")
    return client


def check_report(report, reps: int) -> None:
    found = (report.reps, len(report.competencies), len(report.measures), len(report.rows))
    competencies = len(competency_ids())
    wanted = (reps, competencies, len(MEASURES), competencies)
    expect(found == wanted, f"(reps, competencies, measures, rows) is {found}, expected {wanted}")
    expect(report.scatter is not None and report.scatter.svg, "the report has no scatter chart")
    expect(len(report.groups) == len(MEASURES), "the report has no outcome by verdict")


def profile_page(client, backend: str) -> None:
    """One page request under cProfile: the costliest functions, to stderr."""
    profiler = cProfile.Profile()
    profiler.enable()
    answer = client.get(PAGE_URL)
    profiler.disable()
    expect(answer.status_code == 200, f"profiled GET {PAGE_URL}: {answer.status_code}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(PROFILE_LINES)
        log(f"--- {backend}: one GET {PAGE_URL} under cProfile, by {order}\n{out.getvalue()}")


def measure(backend: str, teams: list[str], force: list[SalesRep], profile: bool) -> dict:
    with instance(backend, teams, force) as (app, organization_id):
        settings = get_settings(app)
        rows = timed(in_session(app, lambda s: compared_rows(s, organization_id)), RUNS)
        expect(len(rows.answer) == len(force), f"compared_rows gave {len(rows.answer)} rows")
        rows.answer = None  # 10,000 decoded payloads: not kept alive while timing the rest
        gathered = timed(in_session(app, lambda s: gather(s, organization_id)), RUNS)
        service = timed(
            in_session(app, lambda s: validity_report(s, settings, organization_id)), RUNS
        )
        report, data = service.answer, gathered.answer
        check_report(report, len(force))
        shown = [MEASURES.index(measure) for measure in report.measures]
        outcomes = data.outcomes[:, shown]
        pure = timed(
            lambda: spearman_table(data.scores, outcomes, min_reps=settings.validity_min_reps),
            PURE_RUNS,
        )
        client = signed_in_client(app)
        page = timed(lambda: client.get(PAGE_URL), RUNS)
        html = page.answer.get_data(as_text=True)
        expect(page.answer.status_code == 200, f"GET {PAGE_URL}: {page.answer.status_code}")
        expect(f"{len(force):,} reps with outcomes" in html, "the page does not count every rep")
        expect(html.count("<circle") >= len(force) // 2, "the page's chart has too few dots")
        if profile:
            profile_page(client, backend)
    parts = {"compared_rows": rows, "gather": gathered, "service": service, "page": page}
    for kind in ("wall", "cpu"):
        found = ", ".join(f"{key} {value.median(kind):.3f} s" for key, value in parts.items())
        log(f"{backend} {kind}: {found}, pure {pure.median(kind):.4f} s")

    def cpu(key: str) -> float:
        return parts[key].median("cpu")

    return {
        "runs": RUNS,
        "page_seconds_median": round(page.median(), 3),
        "service_seconds_median": round(service.median(), 3),
        "pure_spearman_table_seconds_median": round(pure.median(), 4),
        "page_over_pure_ratio": round(page.median() / pure.median(), 1),
        "service_over_pure_ratio": round(service.median() / pure.median(), 1),
        "page_within_target": page.median() <= TARGET_SECONDS,
        "service_within_target": service.median() <= TARGET_SECONDS,
        "page_cpu_seconds_median": round(cpu("page"), 3),
        "service_cpu_seconds_median": round(cpu("service"), 3),
        "pure_spearman_table_cpu_seconds_median": round(pure.median("cpu"), 4),
        "page_over_pure_ratio_cpu": round(cpu("page") / pure.median("cpu"), 1),
        # Where the page's CPU time goes (this process; medians, so the parts are close,
        # not exact): the query with its JSON decoding, the rest of `gather`, the report
        # after `gather` (the statistics among it), the rendering and the request.
        "breakdown_cpu_seconds": {
            "compared_rows_query_and_decode": round(cpu("compared_rows"), 3),
            "gather_after_query": round(cpu("gather") - cpu("compared_rows"), 3),
            "report_after_gather": round(cpu("service") - cpu("gather"), 3),
            "of_which_spearman_table": round(pure.median("cpu"), 4),
            "render_and_request": round(cpu("page") - cpu("service"), 3),
        },
        "page_garbage_collector_cpu_seconds_median": round(page.median("gc"), 3),
        "compared_rows_seconds_median": round(rows.median(), 3),
        "gather_seconds_median": round(gathered.median(), 3),
        "page_seconds_all": [round(value, 3) for value in page.wall],
        "service_seconds_all": [round(value, 3) for value in service.wall],
        "page_html_bytes": len(html.encode()),
        "pairs_min_n": min(cell.result.n for _, cells in report.rows for cell in cells),
        "claims": len(report.claims),
    }


def main(arguments: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=REPS)
    parser.add_argument("--profile", action="store_true", help="cProfile one page request")
    options = parser.parse_args(arguments)
    os.environ.pop("DATABASE_URL", None)  # the embedded default must not be the shell's
    started = time.perf_counter()
    teams, force = sales_force(options.reps)
    verdicts = Counter(str(json.loads(rep.payload_json)["verdict"]["verdict"]) for rep in force)
    log(f"sales force scored in {time.perf_counter() - started:.1f} s; verdicts {dict(verdicts)}")
    results: dict = {
        "reps": len(force),
        "teams": TEAMS,
        "competencies": len(competency_ids()),
        "outcomes": len(MEASURES),
        "outcome_missing_share": MISSING,
        "verdicts": dict(sorted(verdicts.items())),
        "payload_json_bytes_mean": round(statistics.mean(len(rep.payload_json) for rep in force)),
        "target_seconds": TARGET_SECONDS,
        "sqlite": measure("sqlite", teams, force, options.profile),
    }
    reachable = postgres_answers(POSTGRES_SERVER)
    results["postgresql"] = (
        measure("postgresql", teams, force, options.profile)
        if reachable
        else {"skipped": f"PostgreSQL not reachable at {POSTGRES_SERVER}"}
    )
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_1min"] = round(os.getloadavg()[0], 2)
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
