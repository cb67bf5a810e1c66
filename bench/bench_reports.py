"""Benchmark: the PDF reports (issue 6).

Measures, on report inputs made by the real scoring engine (``assess.demo.samples``):

* the rep coaching report (≥ 4 pages, ≥ 3 charts): median warm render time over 9 runs
  after a warm-up, and its ratio to WeasyPrint rendering the same final HTML alone
  (our overhead: view-model, Jinja2, charts). Targets: ≤ 800 ms, ratio ≤ 1.2.
* the team report for 50, 200 and 500 reps, each in a fresh subprocess: seconds and
  peak memory (``ru_maxrss``), with the memory held before rendering (inputs built,
  WeasyPrint imported) reported too. Targets: 500 reps ≤ 20 s and ≤ 700 MB; growth
  linear (seconds per rep roughly constant).
* 100 rep reports with 1 and 2 worker processes (multiprocessing, workers warmed up
  first): throughput ratio. Target ≥ 1.7.

Run as a script: the last stdout line is one JSON object (``make bench`` merges it
into bench/results.json). ``--team N`` runs one team size and prints its JSON.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_reports.py` too
    sys.path.insert(0, str(REPO))

from assess.core.reports.render import stylesheet  # noqa: E402
from assess.demo.samples import demo_rep_inputs, demo_team_inputs  # noqa: E402
from assess.platform.pdf import render_pdf  # noqa: E402
from assess.services import report_pdfs  # noqa: E402

RUNS = 9
TEAM_SIZES = (50, 200, 500)
BATCH = 100


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(function, runs: int = RUNS) -> tuple[float, object]:
    """Median wall seconds of `runs` calls after one warm-up call, and the last result."""
    seconds, _, result = timed_both(function, runs)
    return seconds, result


def timed_both(function, runs: int = RUNS) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `runs` calls after a warm-up call, and the last
    result. CPU time (this process) is what to compare on a busy machine: wall time
    also counts the time other processes held the cores."""
    result = function()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def interleaved(first, second, runs: int = RUNS) -> tuple[list, list, object]:
    """Wall and CPU seconds of ``first`` and ``second`` run by turns (after a warm-up of
    each), so a slower spell of the machine weighs on both alike. Returns
    ((wall, cpu) medians of first, (wall, cpu) medians of second, first's last result)."""
    result = first()
    second()
    times = {0: ([], []), 1: ([], [])}
    for _ in range(runs):
        for index, function in enumerate((first, second)):
            start, start_cpu = time.perf_counter(), time.process_time()
            value = function()
            times[index][0].append(time.perf_counter() - start)
            times[index][1].append(time.process_time() - start_cpu)
            if index == 0:
                result = value
    medians = [tuple(statistics.median(values) for values in times[i]) for i in (0, 1)]
    return medians[0], medians[1], result


def rep_report() -> dict:
    inputs = demo_rep_inputs()
    html = report_pdfs.rep_report_html(inputs)
    css = stylesheet()
    (ours, ours_cpu), (weasyprint_alone, weasyprint_cpu), pdf = interleaved(
        lambda: report_pdfs.rep_report_pdf(inputs), lambda: render_pdf(html, css)
    )
    view_and_html, _ = timed(lambda: report_pdfs.rep_report_html(inputs))
    return {
        "pages": page_count(pdf),
        "charts": html.count("<svg"),
        "median_ms": round(ours * 1000, 1),
        "median_cpu_ms": round(ours_cpu * 1000, 1),
        "weasyprint_alone_ms": round(weasyprint_alone * 1000, 1),
        "weasyprint_alone_cpu_ms": round(weasyprint_cpu * 1000, 1),
        "view_and_html_ms": round(view_and_html * 1000, 2),
        "overhead_ratio": round(ours / weasyprint_alone, 3),
        "overhead_ratio_cpu": round(ours_cpu / weasyprint_cpu, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_ms": 800,
        "target_ratio": 1.2,
    }


def team_size(size: int) -> dict:
    """One team size, in this (fresh) process."""
    import weasyprint  # noqa: F401 - imported before the baseline, as in a worker

    inputs = demo_team_inputs(size)
    baseline = peak_mb()
    steps = []
    start, start_cpu = time.perf_counter(), time.process_time()
    pdf = report_pdfs.team_report_pdf(inputs, progress=lambda value: steps.append(value))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    html_seconds, _ = timed(lambda: report_pdfs.team_report_html(inputs), runs=1)
    return {
        "reps": size,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "seconds_per_rep_ms": round(seconds / size * 1000, 1),
        "cpu_ms_per_rep": round(cpu_seconds / size * 1000, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "html_seconds": round(html_seconds, 3),
        "pages": page_count(pdf),
        "peak_mb": round(peak_mb(), 1),
        "before_render_mb": round(baseline, 1),
        "progress_steps": len(steps),
    }


def team_reports() -> dict:
    results = {}
    for size in TEAM_SIZES:
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--team", str(size)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        results[str(size)] = json.loads(completed.stdout.strip().splitlines()[-1])
    small, large = results[str(TEAM_SIZES[0])], results[str(TEAM_SIZES[-1])]
    results["time_growth_500_vs_50"] = round(large["seconds"] / small["seconds"], 2)
    results["cpu_growth_500_vs_50"] = round(large["cpu_seconds"] / small["cpu_seconds"], 2)
    results["reps_growth_500_vs_50"] = TEAM_SIZES[-1] / TEAM_SIZES[0]
    results["targets"] = {"seconds_500": 20, "peak_mb_500": 700}
    return results


_WORKER_INPUTS = None


def _warm_worker() -> None:
    global _WORKER_INPUTS
    _WORKER_INPUTS = demo_rep_inputs()
    report_pdfs.rep_report_pdf(_WORKER_INPUTS)


def _render_one(_: int) -> int:
    return len(report_pdfs.rep_report_pdf(_WORKER_INPUTS))


def batch(workers: int) -> float:
    """Seconds for BATCH rep reports on `workers` warmed-up processes."""
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_warm_worker) as pool:
        pool.map(_render_one, range(workers), chunksize=1)  # every worker is up and warm
        start = time.perf_counter()
        pool.map(_render_one, range(BATCH), chunksize=1)
        return time.perf_counter() - start


def parallel() -> dict:
    one, two = batch(1), batch(2)
    return {
        "reports": BATCH,
        "cpus": os.cpu_count(),
        "one_worker_s": round(one, 2),
        "two_workers_s": round(two, 2),
        "throughput_ratio": round(one / two, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_ratio": 1.7,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--team"]:
        print(json.dumps(team_size(int(argv[1]))))
        return 0
    if argv[:1] == ["--rep"]:
        print(json.dumps(rep_report()))
        return 0
    results = {"rep_report": rep_report()}
    print(json.dumps(results["rep_report"]), file=sys.stderr)
    results["team_report"] = team_reports()
    print(json.dumps(results["team_report"]), file=sys.stderr)
    results["rep_reports_parallel"] = parallel()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
