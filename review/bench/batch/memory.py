"""Peak memory of a measured process and its workers, sampled from /proc (Linux).

A review with a process pool is several processes; the pool's workers are forked and
share the parent's pages until they write them, so adding up their RSS counts shared
pages once per process. PSS (proportional set size) splits each shared page among its
sharers, so the tree's PSS sum is its real footprint. Sampling misses spikes shorter than
the interval; the measured process also reports its own exact peak (ru_maxrss), and the
larger of the two is the figure.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")
INTERVAL = 0.2  # seconds


def _children(pid: int) -> list[int]:
    found = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kb(pid: int) -> int:
    """PSS in kB, or RSS where the kernel has no smaps_rollup; 0 once the process is gone."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in (PROC / str(pid) / name).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_mb(pid: int) -> float:
    pids, seen, total = [pid], set(), 0
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _kb(p)
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
        while not self._stop.wait(INTERVAL):
            self.peak_mb = max(self.peak_mb, tree_mb(self.pid))

    def __enter__(self) -> PeakSampler:
        if available():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
