"""`make bench`: run every bench/bench_*.py and write their numbers to bench/results.json.

Each benchmark is a script that prints one JSON object to stdout. Results are merged
under the benchmark's name with the time and machine they were measured on.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.json"
#: A benchmark starts once the CPUs have been this idle (percent) for two seconds.
IDLE_ENOUGH = 95.0


def machine_description() -> str:
    python = platform.python_version()
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {python}"


def cpu_times() -> list[int] | None:
    """The machine's aggregate CPU counters (/proc/stat), or None off Linux."""
    try:
        with open("/proc/stat") as stat:
            return [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_percent(before: list[int] | None, after: list[int] | None) -> float | None:
    """Share of CPU time the hypervisor gave to other guests meanwhile ("steal"): on a
    shared virtual machine it slows every number measured, so it is kept beside them."""
    if not before or not after or len(before) < 8:
        return None
    deltas = [b - a for a, b in zip(before, after, strict=False)]
    total = sum(deltas[:8])
    return round(100 * deltas[7] / total, 1) if total else None


def idle_percent(seconds: float = 2.0) -> float:
    """Share of CPU time spent idle over the next ``seconds`` (100 off Linux)."""
    before = cpu_times()
    time.sleep(seconds)
    after = cpu_times()
    if not before or not after:
        return 100.0
    deltas = [b - a for a, b in zip(before, after, strict=False)]
    total = sum(deltas[:8])
    return 100 * (deltas[3] + deltas[4]) / total if total else 100.0


def settle(limit: float = 180.0) -> float:
    """Wait (up to ``limit`` seconds) until the machine is idle — after the load test,
    PostgreSQL goes on cleaning up for a while, and a benchmark run then is slowed by
    it — and return the idle share last seen (kept beside the numbers)."""
    deadline = time.monotonic() + limit
    idle = idle_percent()
    while idle < IDLE_ENOUGH and time.monotonic() < deadline:
        idle = idle_percent()
    return round(idle, 1)


def main(selected: list[str]) -> int:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    # The load test last: it leaves the database servers busy for a while afterwards.
    scripts = sorted(
        BENCH_DIR.glob("bench_*.py"), key=lambda path: (path.stem == "bench_load", path)
    )
    if selected:
        scripts = [script for script in scripts if script.stem in selected]
    failed = []
    for script in scripts:
        print(f"--- {script.stem}", flush=True)
        idle_before = settle()
        counters = cpu_times()
        completed = subprocess.run(
            [sys.executable, str(script)],
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(BENCH_DIR.parent)},
        )
        if completed.returncode != 0:
            print(completed.stderr[-4000:], file=sys.stderr)
            failed.append(script.stem)
            continue
        numbers = json.loads(completed.stdout.strip().splitlines()[-1])
        print(json.dumps(numbers, indent=2))
        results[script.stem] = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine_description(),
            "cpu_steal_percent": steal_percent(counters, cpu_times()),
            "cpu_idle_before_percent": idle_before,
            **numbers,
        }
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULTS.relative_to(BENCH_DIR.parent)}")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
