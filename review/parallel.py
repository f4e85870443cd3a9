"""Where a batch's per-draft stages run: in this process, in a local process pool, or on a
Dask cluster.

All three are `concurrent.futures` executors — Dask's `Client.get_executor()` is one — so
the pipeline submits the same stage functions (review.pipeline.read_draft, review_draft,
…) to whichever it is given and never schedules anything itself. Workers import review
once and keep its models and word lists loaded (module-level caches), so a draft costs
its own work, not a model load.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from multiprocessing import forkserver
from typing import Any

from review.errors import ConfigError

CLUSTER_ENV = "REVIEW_CLUSTER"


def default_workers() -> int:
    """The cores this process may use (a container or taskset may allow fewer than exist)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Serial(Executor):
    """Runs each task when submitted, in this process: no pickling, no start-up cost — for
    small batches, `review watch` and tests."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class Pool:
    """An executor, how many tasks it runs at once, and how to make a new one when a worker
    process dies (BrokenProcessPool: killed by the kernel for memory, or crashed in a
    parser's native code): a process pool cannot be used again after that. `forks`: the
    executor's workers are forked from this process when its first task is submitted.
    `preloaded`: makes the executor of `Pool.preloaded`."""

    def __init__(self, make: Callable[[], Executor], slots: int, forks: bool = False,
                 preloaded: Callable[[], Executor] | None = None):
        self._make = make
        self._make_preloaded = preloaded
        self.slots = slots
        self.forks = forks
        self.executor = make()
        self._started = False
        self._frozen = False

    def submit(self, fn: Callable, /, *args: Any) -> Future:
        if not self.forks or self._started:
            return self.executor.submit(fn, *args)
        # A forking pool starts all its workers on the first task, so they fork while frozen.
        self._freeze()
        future = self.executor.submit(fn, *args)
        self._started = True
        return future

    def warm(self, load: Callable[[], None]) -> None:
        """`load()` in this process, for the workers it forks later to start with what it
        loads (models, word lists) instead of each loading it on its first task; nothing
        for workers that are not forked from this process."""
        if self.forks:
            self._freeze()  # what is loaded is kept as long as the batch runs, like all before it
            load()

    @contextmanager
    def preloaded(self) -> Iterator[Pool]:
        """The pool for the stages whose workers need what the batch's `preload` module loads
        (executor): workers forked from multiprocessing's fork server, which imported that
        module when the batch started, beside this process's work; they are shut down when
        the with-block ends. Where there is no such server (one worker, spawned workers, a
        Dask cluster) this pool, whose workers load what they need on their first task."""
        if self._make_preloaded is None:
            yield self
            return
        pool = _Preloaded(self._make_preloaded, self.slots)
        try:
            yield pool
        finally:
            pool.close()

    def _freeze(self) -> None:
        """Leave every object that exists now out of garbage collection until the pool
        closes. A forked process's collections would write to every object it inherited,
        copying each page of this process's heap. And what the batch holds when a stage
        starts (the models, the drafts' texts, the reviews so far) is no garbage: this
        process collecting it again and again took 1.3 s of a round of 2,000 drafts."""
        gc.freeze()
        self._frozen = True

    def restart(self, wait: bool = False) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=True)
        self.executor = self._make()
        self._started = False

    def release(self) -> None:
        """Let a local pool's workers go, and with them all they hold — a stage's shared
        value, what they cached — before the main process needs the memory; the next task
        forks new ones."""
        if self.forks:
            _HELD.clear()
            self.restart(wait=True)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        if self.forks:
            _HELD.clear()
        if self._frozen:
            gc.unfreeze()  # what the batch left is garbage now, as far as it is garbage
            self._frozen = False

    @contextmanager
    def beside(self, fn: Callable[[], None], fork: bool = True) -> Iterator[None]:
        """`fn()` in a process of its own while the with-block runs in this one, when this
        pool's workers are forked (the batch has cores to spare) and `fork` allows it; else
        after the block. A `fn` whose process fails or is killed runs again here after the
        block, where its error is raised as it would have been."""
        process = None
        if self.forks and fork:
            self._freeze()
            process = multiprocessing.get_context("fork").Process(
                target=_exit_quietly, args=(fn,), daemon=True)
            process.start()
        try:
            yield
        finally:
            if process is not None:
                process.join()
        if process is None or process.exitcode != 0:
            fn()

    def shared(self, value: Any) -> Any:
        """`value` as an argument that many tasks take alike: as it is when the tasks run in
        this process; `Inherited` by workers forked for it; else `Shared`."""
        if isinstance(self.executor, Serial):
            return value
        if not self.forks:
            return Shared(value)
        # New workers for each stage's shared value: they hold it without a byte sent, its
        # arrays' pages shared with this process until written (the copy indexes: 1.2 GB a
        # worker at 10,000 drafts, sent and unpickled once each otherwise), and what the
        # last stage cached goes with the old workers.
        self.release()
        key = f"{os.getpid()}-{next(_KEYS)}"
        _HELD[key] = value
        return Inherited(key)


class _Preloaded(Pool):
    """The workers of `Pool.preloaded`: forked from the fork server as it was when it had
    loaded, so letting them go (with what a stage left in them) costs the next stage
    nothing."""

    def release(self) -> None:
        self.restart(wait=True)


def _exit_quietly(fn: Callable[[], None]) -> None:
    try:
        fn()
    except BaseException:
        sys.exit(1)  # no traceback here: `beside` runs fn again and raises its error


_HELD: dict[str, Any] = {}  # in this process: the value the workers forked now inherit
_KEYS = itertools.count()


class Inherited:
    """A shared value the workers hold since they were forked: only its key travels."""

    def __init__(self, key: str):
        self.key = key

    def __reduce__(self):
        return _inherited, (self.key,)


def _inherited(key: str) -> Any:
    return _HELD[key]


class Shared:
    """An argument every task of a stage takes alike, for workers that were not forked
    with it (spawned ones, a Dask cluster's) — the batch's settings, whose roster and rules
    pickle to some 180 KB; the copy indexes, 360 MB at 10,000 drafts: pickled once for all
    the tasks, and unpickled once per worker process, which then hands each task the same
    object (tasks must not change it). Sent with each task the settings cost the main
    process 3 ms and the worker 9 ms a draft."""

    def __init__(self, value: Any):
        self.value = value
        self._pickled: tuple[str, bytes] | None = None

    def __reduce__(self):
        if self._pickled is None:
            blob = pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL)
            self._pickled = (hashlib.sha256(blob).hexdigest(), blob)
        return _received, self._pickled


_RECEIVED: dict[str, Any] = {}  # in a worker process: the latest Shared value, by digest


def _received(key: str, blob: bytes) -> Any:
    # One value at a time: the stages of a batch run one after another, each with its one
    # shared value, and the copy indexes must not stay through the review stage.
    if key not in _RECEIVED:
        _RECEIVED.clear()
        _RECEIVED[key] = pickle.loads(blob)
    return _RECEIVED[key]


@contextmanager
def executor(workers: int = 1, cluster: str | None = None,
             preload: str | None = None) -> Iterator[Pool]:
    """The executor for a batch: a Dask cluster when `cluster` (a scheduler address such
    as tcp://10.0.0.5:8786) is given, else a pool of `workers` processes, else `Serial`.
    `preload`: a module whose import loads what the workers of `Pool.preloaded` need."""
    if cluster:
        with _dask(cluster) as pool:
            yield pool
        return
    if workers > 1:
        # fork starts workers with review already imported and what they need loaded (by
        # this process, or by the fork server for `preloaded`); where there is no fork,
        # each worker imports review itself.
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        forks = context.get_start_method() == "fork"
        server = _fork_server(preload) if forks and preload else None
        preloaded = None if server is None else partial(ProcessPoolExecutor, workers, mp_context=server)
        pool = Pool(partial(ProcessPoolExecutor, workers, mp_context=context), workers,
                    forks=forks, preloaded=preloaded)
    else:
        pool = Pool(Serial, 1)
    try:
        yield pool
    finally:
        pool.close()


def _fork_server(preload: str) -> multiprocessing.context.BaseContext | None:
    """multiprocessing's fork server, started now and importing `preload` while this
    process goes on; None where it cannot start (no temporary folder for its socket, no
    interpreter to run it), and the batch goes on without it. The server lives as long as
    this process does, and a later batch's workers come from it as it is: its preload is
    the one it started with."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    try:
        forkserver.ensure_running()
    except (OSError, ValueError):
        return None
    return context


@contextmanager
def _dask(address: str) -> Iterator[Pool]:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError('未安装 Dask，无法使用 --cluster。请运行 pip install "review[cluster]" '
                          "后重试，或去掉 --cluster 在本机运行。") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"无法连接 Dask 调度器 {address}（{exc}）。请确认调度器和 worker 已启动、"
                          "地址和端口正确；启动方法见 docs/cluster.md。") from None
    try:
        # Dask replaces a dead worker itself and fails a task that kills workers repeatedly
        # (KilledWorker), which `run_all` hands to `lost` like any task's failure.
        pool = Pool(client.get_executor, max(1, sum(client.nthreads().values())))
        try:
            yield pool
        finally:
            pool.close()
    finally:
        client.close()


def run_all(pool: Pool, fn: Callable, calls: Sequence[tuple],
            done: Callable[[int, Any], None] | None = None,
            lost: Callable[[int, BaseException], Any] | None = None,
            keep: bool = True, meanwhile: Callable[[], None] | None = None) -> list | None:
    """`fn(*args)` for every args tuple in `calls`, results in the order of `calls`;
    `done(i, result)` as each finishes, in whatever order they finish. `keep=False`: the
    results are only handed to `done`, and dropped after it — a stage's 10,000 Word files
    must not wait in memory for the last one. `meanwhile()` runs here once the calls are
    handed to the pool, while they run (at once when there are none).

    A call whose worker process dies gets `lost(i, error)` as its result (without `lost`,
    the error is raised): the pool is replaced, the calls that may have been running when
    it broke are run again one at a time to find which one kills its worker, and the
    rest go on in parallel."""
    results: list = [None] * len(calls)
    todo = list(range(len(calls)))
    if not todo and meanwhile is not None:
        meanwhile()
    while todo:
        broken = _run_some(pool, fn, calls, todo, results, done, lost, keep, meanwhile)
        meanwhile = None
        if not broken:
            return results if keep else None
        pool.restart()
        finished = set(broken.finished)
        todo = [i for i in todo if i not in finished]
        # A process pool hands its workers the calls in the order they were submitted, at
        # most one more than it has workers: the call that killed one is among these.
        for i in todo[:pool.slots + 1]:
            broken_alone = _run_some(pool, fn, calls, [i], results, done, lost, keep)
            if broken_alone:
                pool.restart()
                if lost is None:
                    raise broken_alone.error
                results[i] = lost(i, broken_alone.error)
                if done:
                    done(i, results[i])
                if not keep:
                    results[i] = None
        todo = todo[pool.slots + 1:]
    return results if keep else None


@dataclass
class _Broken:
    error: BaseException
    finished: list[int]


def _run_some(pool: Pool, fn: Callable, calls: Sequence[tuple], which: list[int], results: list,
              done: Callable[[int, Any], None] | None,
              lost: Callable[[int, BaseException], Any] | None, keep: bool,
              meanwhile: Callable[[], None] | None = None) -> _Broken | None:
    """Run the calls `which` into `results`; the pool's breakage, if it broke."""
    finished: list[int] = []
    futures = {pool.submit(fn, *calls[i]): i for i in which}
    if meanwhile is not None:
        meanwhile()
    for future in as_completed(futures):
        i = futures.pop(future)  # as_completed lets go of it too: its result goes with it
        try:
            results[i] = future.result()
        except BrokenProcessPool as exc:
            return _Broken(exc, finished)
        except Exception as exc:
            if lost is None or not _worker_died(exc):
                raise
            results[i] = lost(i, exc)
        finished.append(i)
        if done:
            done(i, results[i])
        if not keep:
            results[i] = None
    return None


def _worker_died(exc: BaseException) -> bool:
    """Dask's word for a task whose worker died each time it ran it."""
    return type(exc).__name__ == "KilledWorker"


def shares(n: int, workers: int, per_worker: int = 4) -> list[range]:
    """Positions 0..n-1 in contiguous shares for a stage whose every task needs the same
    large argument (the batch's copy indexes): sent once per share, not once per draft.
    Several shares per worker keep the workers busy to the end and the progress bar
    moving."""
    count = max(1, min(n, workers * per_worker))
    bounds = [n * i // count for i in range(count + 1)]
    return [range(a, b) for a, b in pairwise(bounds) if b > a]
