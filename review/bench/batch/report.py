"""The figures beside the issue's targets: a Rich table per run, and the same as JSON."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from rich.table import Table

from review.bench.batch.run import Measurement, SizeResult

GB = 1024  # MB
STAGES = {"discover": "发现文件", "read": "读取与分析", "copies": "雷同比对", "review": "规则审阅与批注",
          "letters": "审阅意见书", "summary": "汇总表与报告"}


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    met: bool | None  # None: this run cannot tell (the size was not measured)


def _seconds(s: float) -> str:
    return f"{s:,.1f} 秒" if s < 120 else f"{s:,.0f} 秒（{s / 60:,.1f} 分）"


def _mb(m: Measurement | None) -> str:
    return "—" if m is None or m.peak_mb is None else f"{m.peak_mb:,.0f} MB"


def _stage_rows(results: list[SizeResult]) -> list[tuple[str, list[str]]]:
    names = list(dict.fromkeys(k for r in results for k in r.full.timings))
    rows = []
    for name in names:
        cells = []
        for r in results:
            t = r.full.timings.get(name)
            cells.append("—" if t is None else f"{_seconds(t)}（{t / r.full.wall:.0%}）")
        rows.append((f"  阶段：{STAGES.get(name, name)}", cells))
    if not names:
        rows.append(("  各阶段用时", ["（此版本的 run_batch 未提供 timings）" for _ in results]))
    return rows


def figures(results: list[SizeResult]) -> Table:
    table = Table(title="批量审阅基准", show_lines=False)
    table.add_column("指标")
    for r in results:
        table.add_column(f"{r.drafts:,} 份", justify="right")
    if len(results) > 1:
        first, last = results[0], results[-1]
        table.add_column(f"增长倍数（份数 ×{last.drafts / first.drafts:g}）", justify="right")
    rows: list[tuple[str, list[str], list[float] | None]] = [
        ("名册单位数", [f"{r.units:,}" for r in results], None),
        ("生成工作区", [_seconds(r.generation_s) + ("" if r.generated_now else "（缓存）") for r in results],
         None),
        ("生成速度（份/秒）", [f"{(r.drafts + r.late) / r.generation_s:,.0f}" if r.generation_s else "—"
                          for r in results], None),
        (f"完整审阅：用时（{results[0].full.workers} 个进程）", [_seconds(r.full.wall) for r in results],
         [r.full.wall for r in results]),
        ("  其中进程启动（导入、加载模型）", [_seconds(r.full.wall - r.full.work) for r in results], None),
    ]
    rows += [(label, cells, None) for label, cells in _stage_rows(results)]
    rows += [
        ("完整审阅：每秒份数", [f"{r.full.per_second:,.2f}" for r in results], None),
        ("完整审阅：峰值内存", [_mb(r.full) for r in results],
         [r.full.peak_mb for r in results] if all(r.full.peak_mb for r in results) else None),
        ("只读取文件（下限）：用时", [_seconds(r.parse.wall) for r in results],
         [r.parse.wall for r in results]),
        ("只读取文件：每秒份数", [f"{r.parse.per_second:,.2f}" for r in results], None),
        ("只读取文件：峰值内存", [_mb(r.parse) for r in results], None),
        ("完整审阅 ÷ 只读取", [f"{r.full.wall / r.parse.wall:,.1f}×" for r in results], None),
    ]
    if any(r.incremental for r in results):
        late = [r for r in results if r.incremental]

        def each(cell) -> list[str]:
            return [cell(r) if r.incremental else "—" for r in results]

        rows += [
            (f"新增 {late[0].late} 份后重跑：用时", each(lambda r: _seconds(r.incremental.wall)), None),
            ("  其中重新审阅的份数", each(lambda r: f"{r.incremental.processed:,}"), None),
            ("  占完整审阅用时", each(lambda r: f"{r.incremental.wall / r.full.wall:.1%}"), None),
        ]
    if any(r.single for r in results):
        rows += [
            ("完整审阅：1 个进程用时", [_seconds(r.single.wall) if r.single else "—" for r in results], None),
            (f"  {results[0].full.workers} 个进程的加速比",
             [f"{r.single.wall / r.full.wall:.2f}×" if r.single else "—" for r in results], None),
            ("  本机上限（同样进程数的纯计算）",
             [f"{r.capacity:.2f}×" if r.capacity else "—" for r in results], None),
        ]
    for label, cells, values in rows:
        growth = []
        if len(results) > 1:
            growth = [f"×{values[-1] / values[0]:,.1f}" if values and values[0] else ""]
        table.add_row(label, *cells, *growth)
    return table


def verdicts(results: list[SizeResult]) -> list[Verdict]:
    """The issue's targets, each judged on the sizes it speaks of."""
    by_size = {r.drafts: r for r in results}
    out = []
    r1k = by_size.get(1000)
    out.append(Verdict("1,000 份全部输出 ≤ 3 分钟",
                       _seconds(r1k.full.wall) if r1k else "未测 1,000 份",
                       r1k.full.wall <= 180 if r1k else None))
    for r in results:
        ratio = r.full.wall / r.parse.wall
        out.append(Verdict(f"完整审阅 ≤ 4× 只读取下限（{r.drafts:,} 份）", f"{ratio:.1f}×", ratio <= 4))
    r10k = by_size.get(10000)
    if r1k and r10k:
        ratio = r10k.full.wall / r1k.full.wall
        out.append(Verdict("10,000 份用时 ≤ 11× 1,000 份", f"{ratio:.1f}×", ratio <= 11))
    else:
        out.append(Verdict("10,000 份用时 ≤ 11× 1,000 份", "需 --scale 1000,10000", None))
    largest = results[-1]
    out.append(Verdict(f"峰值内存 ≤ 3 GB（10,000 份；本次最大 {largest.drafts:,} 份）", _mb(largest.full),
                       largest.full.peak_mb <= 3 * GB if largest.full.peak_mb else None))
    singles = [r for r in results if r.single]
    if singles:
        for r in singles:
            speedup = r.single.wall / r.full.wall
            limit = f"（本机上限 {r.capacity:.2f}×）" if r.capacity else ""
            out.append(Verdict(f"{r.full.workers} 个进程比 1 个快 ≥ 1.8×（{r.drafts:,} 份）",
                               f"{speedup:.2f}×{limit}", speedup >= 1.8 if r.full.workers == 2 else None))
    else:
        out.append(Verdict("2 个进程比 1 个快 ≥ 1.8×", "需 --workers 2，不加 --no-speedup", None))
    for r in results:
        if r.incremental:
            # one decimal: 10.4 % shown as "10%" beside 未达标 reads as a contradiction
            share = r.incremental.wall / r.full.wall
            out.append(Verdict(f"已审阅的 {r.drafts:,} 份新增 {r.late} 份后重跑 ≤ 全量 10%", f"{share:.1%}",
                               share <= 0.10))
    return out


def targets(results: list[SizeResult]) -> Table:
    table = Table(title="对照目标")
    for col in ("目标", "实测", "结论"):
        table.add_column(col)
    marks = {True: "[green]达标[/]", False: "[red]未达标[/]", None: "—"}
    for v in verdicts(results):
        table.add_row(v.target, v.measured, marks[v.met])
    return table


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, timeout=10, check=True).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None  # an installed copy, not a checkout


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    for path, key, field in (("/proc/cpuinfo", "cpu", "model name"), ("/proc/meminfo", "memory", "MemTotal")):
        try:
            line = next(li for li in Path(path).read_text().splitlines() if li.startswith(field))
            info[key] = line.split(":", 1)[1].strip()
        except (OSError, StopIteration):
            pass
    return info


def as_json(results: list[SizeResult]) -> dict:
    return {"date": datetime.now().astimezone().isoformat(timespec="seconds"), "commit": _commit(),
            "machine": machine(), "sizes": [asdict(r) for r in results],
            "targets": [asdict(v) for v in verdicts(results)]}
