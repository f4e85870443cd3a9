"""Peak memory of a measured process and its workers, sampled from /proc (Linux).

A review with a process pool is several processes; the pool's workers are forked and
share the parent's pages until they write them, so adding up their RSS counts shared
pages once per process. PSS (proportional set size) splits each shared page among its
sharers, so the tree's PSS sum is its real footprint. Sampling misses spikes shorter than
the interval; the measured process also reports its own exact peak (ru_maxrss), and the
larger of the two is the figure.

PSS is dear to read: the kernel walks every page table of the process, about 45 ms for
a 1.3 GB one, holding its memory map lock. Read five times a second over a 1,000-draft
review (three processes, 3 GB) it took half a core from the run it measured, on a
2-core machine. So RSS (a counter the kernel keeps) is read at every tick, and PSS only
when the tree's RSS has grown past its last PSS reading, and at least every few
seconds, since writing to shared pages raises PSS without moving RSS.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

PROC = Path("/proc")
INTERVAL = 0.2  # seconds between RSS readings
PSS_EVERY = 5.0  # seconds: the longest between PSS readings
PSS_GROWTH = 1.02  # RSS this much above the last PSS reading's calls for another


def _children(pid: int) -> list[int]:
    try:  # kept by the kernel per thread; the main thread's holds the forked workers
        return [int(c) for c in (PROC / str(pid) / "task" / str(pid) / "children").read_text().split()]
    except OSError:
        pass
    found = []  # kernels without CONFIG_PROC_CHILDREN: every process's parent, one by one
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kb(pid: int, pss: bool = True) -> int:
    """PSS in kB (RSS where the kernel has no smaps_rollup, or when `pss` is false); 0 once
    the process is gone."""
    sources = (("smaps_rollup", "Pss:"), ("status", "VmRSS:")) if pss else (("status", "VmRSS:"),)
    for name, field in sources:
        try:
            for line in (PROC / str(pid) / name).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_mb(pid: int, pss: bool = True) -> float:
    pids, seen, total = [pid], set(), 0
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _kb(p, pss)
        pids += _children(p)
    return total / 1024


def available() -> bool:
    return (PROC / "self" / "status").is_file()


class PeakSampler:
    """Samples a process tree's memory in a background thread until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        read_at, read_rss = float("-inf"), 0.0  # the last PSS reading: when, and RSS then
        while not self._stop.wait(INTERVAL):
            rss = tree_mb(self.pid, pss=False)
            if rss > read_rss * PSS_GROWTH or time.monotonic() - read_at >= PSS_EVERY:
                self.peak_mb = max(self.peak_mb, tree_mb(self.pid))
                read_at, read_rss = time.monotonic(), rss

    def __enter__(self) -> PeakSampler:
        if available():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
