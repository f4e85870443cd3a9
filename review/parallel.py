"""Where a batch's per-draft stages run: in this process, in a local process pool, or on a
Dask cluster.

All three are `concurrent.futures` executors — Dask's `Client.get_executor()` is one — so
the pipeline submits the same stage functions (review.pipeline.read_draft, review_draft,
…) to whichever it is given and never schedules anything itself. Workers import review
once and keep its models and word lists loaded (module-level caches), so a draft costs
its own work, not a model load.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
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


@dataclass(frozen=True)
class Pool:
    """An executor and how many tasks it runs at once."""

    executor: Executor
    slots: int


@contextmanager
def executor(workers: int = 1, cluster: str | None = None) -> Iterator[Pool]:
    """The executor for a batch: a Dask cluster when `cluster` (a scheduler address such
    as tcp://10.0.0.5:8786) is given, else a pool of `workers` processes, else `Serial`."""
    if cluster:
        with _dask(cluster) as pool:
            yield pool
    elif workers > 1:
        # fork starts workers with review already imported and its models loaded; where
        # there is no fork, each worker imports review itself.
        method = "fork" if sys.platform == "linux" else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            yield Pool(pool, workers)
    else:
        yield Pool(Serial(), 1)


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
        yield Pool(client.get_executor(), max(1, sum(client.nthreads().values())))
    finally:
        client.close()


def run_all(pool: Executor, fn: Callable, calls: Sequence[tuple],
            done: Callable[[int, Any], None] | None = None) -> list:
    """`fn(*args)` for every args tuple in `calls`, results in the order of `calls`;
    `done(i, result)` as each finishes, in whatever order they finish."""
    futures = {pool.submit(fn, *args): i for i, args in enumerate(calls)}
    results: list = [None] * len(calls)
    for future in as_completed(futures):
        i = futures[future]
        results[i] = future.result()
        if done:
            done(i, results[i])
    return results


def shares(n: int, workers: int, per_worker: int = 4) -> list[range]:
    """Positions 0..n-1 in contiguous shares for a stage whose every task needs the same
    large argument (the batch's copy indexes): sent once per share, not once per draft.
    Several shares per worker keep the workers busy to the end and the progress bar
    moving."""
    count = max(1, min(n, workers * per_worker))
    bounds = [n * i // count for i in range(count + 1)]
    return [range(a, b) for a, b in pairwise(bounds) if b > a]
