"""Timing a review of a generated workspace, each measurement in a fresh process.

Per size: the full review of a fresh copy of the workspace; the parse-only floor (the
same drafts through the parser and nothing else — no review can be faster than reading
the files); optionally the incremental run (the late drafts added to the reviewed round,
the review run again); and, with more than one worker, the full review on one worker for
the speed-up. Wall time is the child process's, start to exit, as `review run` would be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import review
from review.bench.batch.child import accepts_workers
from review.bench.batch.machine import parallel_capacity
from review.bench.batch.memory import PeakSampler
from review.bench.batch.workspace import add_late, cached_workspace, copy_for_run
from review.bench.copies.progress import Track, untracked

Say = Callable[[str], None]


@dataclass
class Measurement:
    mode: str  # review | parse
    workers: int
    wall: float  # seconds, process start to exit
    work: float  # seconds inside the process after its imports: the run itself
    peak_mb: float | None
    drafts: int  # drafts in the round
    processed: int  # drafts reviewed by this run (parse: read without error)
    timings: dict[str, float] = field(default_factory=dict)  # per stage, as the pipeline reports

    @property
    def per_second(self) -> float:
        return self.drafts / self.wall if self.wall else 0.0


@dataclass
class SizeResult:
    drafts: int
    seed: int
    units: int
    generation_s: float
    generated_now: bool
    full: Measurement
    parse: Measurement
    incremental: Measurement | None = None
    late: int = 0  # drafts added before the incremental run
    single: Measurement | None = None  # the full review on one worker, when `full` used more
    capacity: float | None = None  # what `full`'s workers could give at best (machine.py)


def parse_sizes(text: str) -> list[int]:
    """"1000,10000" → [1000, 10000]; ValueError on anything else."""
    sizes = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise ValueError(text)
    return sizes


def _same_code() -> dict[str, str]:
    """The environment for a child that imports the review package this process runs,
    whatever another installation on sys.path (a wheel, another checkout) holds."""
    env = dict(os.environ)
    here = str(Path(review.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env


def measure(mode: str, root: Path, workers: int) -> Measurement:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "review.bench.batch.child", mode, str(root), "--workers",
               str(workers), "--out", str(out)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env=_same_code())
        with PeakSampler(proc.pid) as sampler:
            _, stderr = proc.communicate()
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"测量进程失败（{mode}，退出码 {proc.returncode}）：\n{stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    peak = max(sampler.peak_mb, data["maxrss_mb"]) if sampler.peak_mb or data["maxrss_mb"] else None
    return Measurement(mode, data["workers_used"], round(wall, 3), round(data["work"], 3),
                       round(peak, 1) if peak else None, data["drafts"], data["reviewed"],
                       data["timings"])


def _fresh(cached: Path, root: Path) -> Path:
    """A copy of the cached workspace with no outputs or history of an earlier run."""
    if root.exists():
        shutil.rmtree(root)
    copy_for_run(cached, root)
    return root


def _done(say: Say, label: str, m: Measurement) -> None:
    memory = f"，峰值内存 {m.peak_mb:,.0f} MB" if m.peak_mb else ""
    say(f"  {label}：{m.wall:,.1f} 秒（每秒 {m.per_second:,.1f} 份{memory}）")


def bench_size(drafts: int, seed: int, workers: int, incremental: bool, runs: Path,
               track: Track = untracked, say: Say = print, speedup: bool = True) -> SizeResult:
    say(f"规模 {drafts:,} 份：")
    cached, manifest, fresh = cached_workspace(drafts, seed, track=track)
    if fresh:
        rate = (drafts + len(manifest.late)) / manifest.seconds
        say(f"  生成工作区：{manifest.seconds:,.1f} 秒（每秒 {rate:,.0f} 份），缓存于 {cached}")
    else:
        say(f"  使用缓存的工作区：{cached}")
    parse = measure("parse", cached, workers)
    _done(say, "只读取文件（下限）", parse)
    full_root = _fresh(cached, runs / f"{drafts}份-{workers}进程")
    full = measure("review", full_root, workers)
    _done(say, f"完整审阅（{workers} 个进程）", full)
    result = SizeResult(drafts, seed, manifest.units, manifest.seconds, fresh, full, parse)
    if incremental:
        result.late = add_late(cached, full_root)
        result.incremental = measure("review", full_root, workers)
        _done(say, f"新增 {result.late} 份后重跑", result.incremental)
    if speedup and workers > 1 and accepts_workers():
        result.single = measure("review", _fresh(cached, runs / f"{drafts}份-1进程"), 1)
        _done(say, "完整审阅（1 个进程，对比）", result.single)
        result.capacity = parallel_capacity(workers)
        say(f"  本机 {workers} 个进程同时做纯计算：{result.capacity:.2f}× 于 1 个进程")
    return result


def bench(sizes: Sequence[int], seed: int = 7, workers: int = 1, incremental: bool = True,
          keep: Path | None = None, track: Track = untracked, say: Say = print,
          speedup: bool = True) -> list[SizeResult]:
    """Every measurement for every size. Run workspaces go under `keep` (kept, with their
    outputs) or a temporary folder removed at the end. `speedup`: with several workers, the
    same review again in one process (at 10,000 drafts, an hour and more)."""
    if workers > 1 and not accepts_workers():
        say("说明：当前版本的 run_batch 没有 workers 参数，审阅只在 1 个进程中运行；"
            "--workers 只用于只读取下限。")
    with ExitStack() as stack:
        runs = keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="review-bench-")))
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        return [bench_size(n, seed, workers, incremental, runs, track, say, speedup)
                for n in sizes]
