"""What this machine gives parallel work, measured the way the batch uses it.

A virtual machine's cores can be shared with its neighbours or throttled by its host, so
"2 cores" need not run two processes twice as fast. The batch's speed-up is judged
against this: the same pure-Python loop once in one process, then in `workers` processes
at the same time.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

_LOOP = 4_000_000  # about half a second of interpreter work


def _spin(n: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i % 7
    return time.perf_counter() - started


def parallel_capacity(workers: int) -> float:
    """How much faster `workers` processes finish `workers` equal loops than one process
    runs them one after another (2.0 on two free cores)."""
    one = min(_spin(_LOOP) for _ in range(2))
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [_LOOP // 10] * workers))  # start the workers first
        started = time.perf_counter()
        list(pool.map(_spin, [_LOOP] * workers))
        together = time.perf_counter() - started
    return workers * one / together
