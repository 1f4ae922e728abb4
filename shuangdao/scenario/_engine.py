"""Where the partitions run: threads on this machine, or Dask (a local cluster or a scheduler).

A run makes two passes over its partitions (identification; then plans, incomes, exits,
assessments and follow-up) with the pairing decided between them. An engine runs a task on
every partition and hands the results back **in partition order**, with a bounded number of
partitions in flight, so that the tables can be written as they come:

* :class:`LocalEngine` — a thread pool on this machine (numpy and Arrow release the GIL);
  ``SHUANGDAO_THREADS`` sets the number of threads (default: the CPUs, at most 4);
* :class:`DaskEngine` — a :class:`distributed.Client` on a ``LocalCluster`` (default) or on
  the scheduler at an address. The shared inputs (the reader, the round context) are
  scattered once; what the first pass leaves for the second (each partition's identified
  households) stays on the workers, and only table pieces and small summaries travel to
  the client. With ``shuangdao[frame]`` installed on every worker; a reader of files needs
  them at the same path on every worker.

Both engines run the same task functions on the same partitions, so their tables are equal
row for row.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from shuangdao.errors import InvalidRecordError

__all__ = ["DaskEngine", "Engine", "LocalEngine", "engine_for"]


def _local_workers() -> int:
    value = os.environ.get("SHUANGDAO_THREADS")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


class Engine:
    """Runs tasks over partitions (see the module docstring)."""

    name = "engine"
    workers = 1

    def share(self, value: Any) -> Any:
        """A handle on ``value`` that tasks receive as ``value`` (sent once)."""
        return value

    def first(
        self, task: Callable[..., tuple[Any, Any]], items: Sequence[Any], *shared: Any
    ) -> Iterator[tuple[Any, Any, Any]]:
        """``task(item, *shared) -> (pieces, state)`` per item, in order.

        Yields ``(pieces, brief, handle)``: the table pieces, ``state.brief()`` and a handle
        on ``state`` for :meth:`second` (kept where the task ran).
        """
        raise NotImplementedError

    def second(
        self, task: Callable[..., Any], handles: Sequence[Any], *shared: Any
    ) -> Iterator[Any]:
        """``task(state, *shared)`` for every handle of :meth:`first`, in order."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine's resources."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalEngine(Engine):
    """A thread pool on this machine."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or _local_workers()
        self._pool = ThreadPoolExecutor(max_workers=self.workers) if self.workers > 1 else None

    def ordered(self, call: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        """``call(item)`` for every item on the pool, in order (a few items in flight)."""
        if self._pool is None:
            for item in items:
                yield call(item)
            return
        window: deque[Future[Any]] = deque()
        queue = iter(items)
        for item in queue:
            window.append(self._pool.submit(call, item))
            if len(window) > self.workers:
                break
        while window:
            done = window.popleft()
            for item in queue:
                window.append(self._pool.submit(call, item))
                break
            yield done.result()

    def first(
        self, task: Callable[..., tuple[Any, Any]], items: Sequence[Any], *shared: Any
    ) -> Iterator[tuple[Any, Any, Any]]:
        for pieces, state in self.ordered(lambda item: task(item, *shared), items):
            yield pieces, state.brief(), state

    def second(
        self, task: Callable[..., Any], handles: Sequence[Any], *shared: Any
    ) -> Iterator[Any]:
        yield from self.ordered(lambda state: task(state, *shared), handles)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def _pieces(result: tuple[Any, Any]) -> Any:
    return result[0]


def _state(result: tuple[Any, Any]) -> Any:
    return result[1]


def _brief(state: Any) -> Any:
    return state.brief()


class DaskEngine(Engine):
    """Dask: a ``LocalCluster`` by default, or the scheduler at ``scheduler``.

    Raises:
        InvalidRecordError: The ``dask`` extra is missing, or the scheduler cannot be reached.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InvalidRecordError(
                "needs dask: pip install 'shuangdao[dask]'", field="engine", value="dask"
            ) from None
        self.cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
            else:
                self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers or 2,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
        except OSError as error:
            if self.cluster is not None:
                self.cluster.close()
            raise InvalidRecordError(
                f"cannot reach the Dask scheduler: {error}", field="scheduler", value=scheduler
            ) from None
        info = self.client.scheduler_info()
        self.workers = max(1, len(info.get("workers", {})))
        self._shared: list[Any] = []

    def share(self, value: Any) -> Any:
        [future] = self.client.scatter(  # type: ignore[no-untyped-call]
            [value], broadcast=True, hash=False
        )
        self._shared.append(future)
        return future

    def first(
        self, task: Callable[..., tuple[Any, Any]], items: Sequence[Any], *shared: Any
    ) -> Iterator[tuple[Any, Any, Any]]:
        client = self.client
        window: deque[tuple[Any, Any, Any]] = deque()
        limit = 2 * self.workers
        queue = iter(items)

        def submit(item: Any) -> None:
            whole = client.submit(task, item, *shared, pure=False)
            state = client.submit(_state, whole, pure=False)
            pieces = client.submit(_pieces, whole, pure=False)
            brief = client.submit(_brief, state, pure=False)
            window.append((pieces, brief, state))

        for item in queue:
            submit(item)
            if len(window) >= limit:
                break
        while window:
            pieces, brief, state = window.popleft()
            for item in queue:
                submit(item)
                break
            yield pieces.result(), brief.result(), state
            del pieces, brief

    def second(
        self, task: Callable[..., Any], handles: Sequence[Any], *shared: Any
    ) -> Iterator[Any]:
        client = self.client
        window: deque[Any] = deque()
        limit = 2 * self.workers
        queue = iter(handles)
        for handle in queue:
            window.append(client.submit(task, handle, *shared, pure=False))
            if len(window) >= limit:
                break
        while window:
            future = window.popleft()
            for handle in queue:
                window.append(client.submit(task, handle, *shared, pure=False))
                break
            yield future.result()

    def close(self) -> None:
        self._shared = []
        self.client.close()  # type: ignore[no-untyped-call]
        if self.cluster is not None:
            self.cluster.close()


def engine_for(engine: str | Engine, *, scheduler: str | None = None) -> Engine:
    """The engine named ``engine`` (``"local"`` or ``"dask"``), or ``engine`` itself.

    Raises:
        InvalidRecordError: An unknown engine, or a scheduler given to the local engine.
    """
    if isinstance(engine, Engine):
        return engine
    if engine == "local":
        if scheduler is not None:
            raise InvalidRecordError(
                "is only for the dask engine", field="scheduler", value=scheduler
            )
        return LocalEngine()
    if engine == "dask":
        return DaskEngine(scheduler)
    raise InvalidRecordError("must be 'local' or 'dask'", field="engine", value=engine)
