"""Benchmark: what speaking Spanish costs (issue 19).

Each pair runs by turns in one process (after a warm-up of each), so a slower spell of
the machine weighs on both alike; medians of 9 runs, wall and CPU:

* the rep coaching report PDF of the demo's pushy rep, English against Spanish (the
  rep's copy: every message through the catalogue, dates and numbers by Babel);
* the buyer survey's landing page and first page through the app (test client, SQLite
  in a temporary folder), an English invitation against a Spanish one.

Target: Spanish within 10 % of English (ratio ≤ 1.10). Run as a script: the last
stdout line is one JSON object (``make bench`` merges it into bench/results.json).
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_languages.py` too
    sys.path.insert(0, str(REPO))

from assess.core.i18n import Catalogs, speaking_locale  # noqa: E402
from assess.demo.samples import demo_rep_inputs  # noqa: E402
from assess.platform import migrate  # noqa: E402
from assess.platform.db import Database, get_database  # noqa: E402
from assess.services import report_pdfs  # noqa: E402
from assess.services.bank_versions import ensure_version, shipped_banks  # noqa: E402
from tests.conftest import make_test_app  # noqa: E402
from tests.factories import (  # noqa: E402
    InvitationFactory,
    RepFactory,
    RoundFactory,
    TeamFactory,
    bind,
)
from tests.web.conftest import link_path  # noqa: E402

RUNS = 9
TARGET_RATIO = 1.10


def interleaved(first, second, runs: int = RUNS) -> tuple[tuple, tuple]:
    """(wall, cpu) medians in ms of `first` and of `second`, run by turns."""
    first(), second()
    times = {0: ([], []), 1: ([], [])}
    for _ in range(runs):
        for index, function in enumerate((first, second)):
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            times[index][0].append((time.perf_counter() - start) * 1000)
            times[index][1].append((time.process_time() - start_cpu) * 1000)
    return tuple(tuple(round(statistics.median(v), 2) for v in times[i]) for i in (0, 1))


def pair(english: tuple, spanish: tuple) -> dict:
    return {
        "english_ms": english[0],
        "spanish_ms": spanish[0],
        "english_cpu_ms": english[1],
        "spanish_cpu_ms": spanish[1],
        "ratio": round(spanish[0] / english[0], 3),
        "ratio_cpu": round(spanish[1] / english[1], 3),
        "target_ratio": TARGET_RATIO,
    }


def rep_report() -> dict:
    english = demo_rep_inputs()
    spanish = dataclasses.replace(english, locale="es")
    catalogs = Catalogs()

    def in_spanish():
        with speaking_locale(catalogs, "es"):
            return report_pdfs.rep_report_pdf(spanish)

    return pair(*interleaved(lambda: report_pdfs.rep_report_pdf(english), in_spanish))


def survey_pages() -> dict:
    """Landing and page 1 of the buyer survey, for an English and a Spanish invitation."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        migrate.upgrade(Database(url))
        app = make_test_app(url, Path(folder) / "instance")
        with app.app_context():
            links = make_invitations(app)
        client = app.test_client()

        def visit(path):
            def run():
                assert client.get(path).status_code == 200
                assert client.get(path + "/p/1").status_code == 200

            return run

        return pair(*interleaved(visit(links["en"]), visit(links["es"])))


def make_invitations(app) -> dict[str, str]:
    session = get_database(app).sessionmaker()
    bind(session)
    version = ensure_version(session, shipped_banks()["buyer_feedback"])
    team = TeamFactory()
    rep = RepFactory(team=team)
    assessment_round = RoundFactory(team=team, bank_versions=[version])
    links = {}
    for language in ("en", "es"):
        invitation = InvitationFactory(
            round=assessment_round, rep=rep, bank_version=version, rater_role="customer",
            rater_key=f"{language}@example.com", language=language,
        )  # fmt: skip
        links[language] = link_path(invitation)
    session.commit()
    return links


def main() -> None:
    result = {"rep_report": rep_report(), "survey_pages": survey_pages()}
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
