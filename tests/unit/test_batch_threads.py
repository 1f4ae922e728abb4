"""The batch path's shared worker pool (``shuangdao.batch._threads``)."""

from __future__ import annotations

import os
import signal
import threading
import time
import warnings

import pytest

from shuangdao.batch import _threads


def test_results_keep_the_order_of_the_items(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "3")
    assert _threads.parallel_map(lambda x: x * x, range(50)) == [x * x for x in range(50)]


def test_the_pool_is_reused_from_call_to_call(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "2")
    first = set(_threads.parallel_map(lambda _: threading.get_ident(), range(20)))
    second = set(_threads.parallel_map(lambda _: threading.get_ident(), range(20)))
    assert threading.get_ident() not in first | second
    assert len(first | second) <= 2  # the same two worker threads


def test_the_pools_cpu_time_is_lent_to_the_calling_thread(monkeypatch):
    """A stage timed on the calling thread counts the work the pool did for it."""
    from shuangdao import _cputime

    monkeypatch.setenv("SHUANGDAO_THREADS", "2")
    monkeypatch.setattr(_threads, "measured", lambda call: (call(), 0.25))  # each task: 0.25 s
    before = _cputime.thread_cpu()
    assert _threads.parallel_map(lambda x: x + 1, range(8)) == list(range(1, 9))
    assert _cputime.thread_cpu() - before >= 8 * 0.25
    # Another thread's clock is its own.
    seen: list[float] = []
    worker = threading.Thread(target=lambda: seen.append(_cputime.thread_cpu()))
    worker.start()
    worker.join()
    assert seen[0] < 2.0


def test_one_thread_works_on_the_calling_thread(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "1")
    assert set(_threads.parallel_map(lambda _: threading.get_ident(), range(5))) == {
        threading.get_ident()
    }


def test_a_task_that_maps_again_does_not_wait_on_its_own_pool(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "2")

    def inner(x: int) -> list[int]:
        return _threads.parallel_map(lambda y: x + y, range(3))

    assert _threads.parallel_map(inner, range(4)) == [[x, x + 1, x + 2] for x in range(4)]


def test_a_changed_thread_count_builds_a_new_pool(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "2")
    _threads.parallel_map(abs, range(4))
    monkeypatch.setenv("SHUANGDAO_THREADS", "3")
    _threads.parallel_map(abs, range(4))
    assert _threads._SHARED.size == 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_forked_child_gets_its_own_pool(monkeypatch):
    monkeypatch.setenv("SHUANGDAO_THREADS", "2")
    _threads.parallel_map(abs, range(4))  # the parent's pool has threads
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+: fork() of a process with threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: its copy of the pool has no threads; a new one must be made
        try:
            ok = _threads.parallel_map(lambda x: x + 1, range(8)) == list(range(1, 9))
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.monotonic() + 60
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    if done[0] == 0:  # the child waits on threads that do not exist
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("parallel_map hung in a forked child")
    assert os.read(read, 1) == b"1"
