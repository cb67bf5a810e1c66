"""Benchmark: load and validate every shipped question bank.

Target (issue 3): loading all shipped banks takes under 200 ms. As a baseline we also
time a bare ``yaml.load`` with the C loader on the same files, so the ratio shows what
our line tracking and validation cost on top of parsing.

Run as a script: prints one JSON object of numbers on stdout (``make bench`` merges it
into bench/results.json).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_banks.py` too
    sys.path.insert(0, str(REPO))

from assess.core.banks import check_paths, load_banks  # noqa: E402

BANKS_DIR = REPO / "question_banks"
RUNS = 20
TARGET_MS = 200.0
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of ``work`` in milliseconds, after one warm-up run."""
    work()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def bare_parse(files: list[Path]) -> None:
    for path in files:
        with path.open("rb") as stream:
            yaml.load(stream, Loader=Loader)  # noqa: S506 - CSafeLoader/SafeLoader only


def hash_all() -> None:
    for bank in load_banks(BANKS_DIR).values():
        bank.to_dict()
        _ = bank.content_hash


def main() -> dict[str, object]:
    files = sorted(BANKS_DIR.glob("*.yaml"))
    banks = load_banks(BANKS_DIR)
    load_ms = median_ms(lambda: load_banks(BANKS_DIR))
    check_ms = median_ms(lambda: check_paths([str(BANKS_DIR)]))
    parse_ms = median_ms(lambda: bare_parse(files))
    hash_ms = median_ms(hash_all) - load_ms
    return {
        "banks_count": len(banks),
        "banks_items_total": sum(len(bank.items) for bank in banks.values()),
        "banks_bytes_total": sum(path.stat().st_size for path in files),
        "banks_load_all_ms_median": round(load_ms, 2),
        "banks_check_all_ms_median": round(check_ms, 2),
        "banks_content_hash_all_ms_median": round(max(hash_ms, 0.0), 2),
        "banks_bare_yaml_parse_ms_median": round(parse_ms, 2),
        "banks_load_over_bare_parse_ratio": round(load_ms / parse_ms, 2),
        "banks_load_target_ms": TARGET_MS,
        "banks_load_within_target": load_ms < TARGET_MS,
        "banks_yaml_loader": Loader.__name__,
        "banks_runs": RUNS,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
