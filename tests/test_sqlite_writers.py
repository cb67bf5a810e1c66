"""Writers on one SQLite file take turns: one at a time across threads and processes.

What a user would notice without it is in tests/test_concurrent_writes.py (no
"database is locked") and in the load benchmark (the tail latency); here the promise
itself: while one process holds the turn nobody else gets it, and it passes on at once.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

from assess.platform.sqlite_writers import WriterTurns, lock_path_for


def hold_turn(lock_path: str, held, release) -> None:
    turns = WriterTurns(lock_path)
    assert turns.acquire(timeout=10)
    held.set()
    release.wait(10)
    turns.release()


def start_holder(lock_path: str):
    """Another process holding the turn: (process, its release event)."""
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=hold_turn, args=(lock_path, held, release))
    holder.start()
    assert held.wait(30)
    return holder, release


def test_another_process_waits_for_the_turn_and_gets_it_when_released(tmp_path):
    lock_path = lock_path_for(str(tmp_path / "candor.db"))
    holder, release = start_holder(lock_path)
    try:
        turns = WriterTurns(lock_path)
        assert turns.acquire(timeout=0.2) is False  # held elsewhere: we waited and gave up
        release.set()
        started = time.monotonic()
        assert turns.acquire(timeout=10)
        assert time.monotonic() - started < 1.0
        turns.release()
    finally:
        release.set()
        holder.join(10)
    assert holder.exitcode == 0


def test_a_process_that_dies_holding_the_turn_does_not_block_the_others(tmp_path):
    lock_path = lock_path_for(str(tmp_path / "candor.db"))
    holder, _ = start_holder(lock_path)
    holder.kill()
    holder.join(10)
    turns = WriterTurns(lock_path)
    assert turns.acquire(timeout=5)
    turns.release()


def test_threads_take_turns_and_the_holder_may_nest(tmp_path):
    turns = WriterTurns(lock_path_for(str(tmp_path / "candor.db")))
    inside = []
    overlaps = []

    def writer(number: int) -> None:
        for _ in range(50):
            assert turns.acquire(timeout=10)
            assert turns.acquire(timeout=10)  # nested: the same thread goes on
            if inside:
                overlaps.append(number)
            inside.append(number)
            inside.pop()
            turns.release()
            turns.release()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert overlaps == []
    assert turns.depth == 0 and turns.owner is None


def test_release_from_a_thread_without_the_turn_changes_nothing(tmp_path):
    turns = WriterTurns(lock_path_for(str(tmp_path / "candor.db")))
    assert turns.acquire(timeout=1)
    other = threading.Thread(target=turns.release)
    other.start()
    other.join(5)
    assert turns.depth == 1
    turns.release()
    assert turns.depth == 0


def test_in_memory_databases_need_no_lock_file():
    assert lock_path_for(":memory:") is None
    assert lock_path_for("") is None
    assert WriterTurns(None).acquire(timeout=1)
