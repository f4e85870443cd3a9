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


@contextmanager
def executor(workers: int = 1, cluster: str | None = None) -> Iterator[Executor]:
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
            yield pool
    else:
        yield Serial()


@contextmanager
def _dask(address: str) -> Iterator[Executor]:
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
        yield client.get_executor()
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
