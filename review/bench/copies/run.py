"""Accuracy on planted copies: the engine and the TF-IDF baseline on the same drafts.

    review bench copies --drafts 500
    python -m review.bench.copies.run --drafts 500
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from review.bench.copies import baseline
from review.bench.copies.generate import ROSTER, Benchmark, generate
from review.bench.copies.progress import Track, untracked
from review.bench.copies.score import Detection, Scores, by_kind, flagged, score
from review.campaigns import campaign
from review.similarity import Settings, build_index, detect, standard_phrases

HEADER = ("| cases | n | precision | recall | granularity | F1 | plagdet | false detections |\n"
          "|---|---|---|---|---|---|---|---|")


def _row(name: str, s: Scores) -> str:
    return (f"| {name} | {s.cases} | {s.precision:.3f} | {s.recall:.3f} | {s.granularity:.3f} | "
            f"{s.f1:.3f} | {s.plagdet:.3f} | {s.false_detections} |")


def engine(bench: Benchmark, settings: Settings,
           track: Track = untracked) -> tuple[list[Detection], float, float]:
    """Detections, index build seconds, query seconds."""
    t0 = time.perf_counter()
    index = build_index(bench.references, settings, masks=ROSTER)
    t1 = time.perf_counter()
    std = standard_phrases(campaign("2023"))
    dets = []
    for d in track(bench.drafts, "检测草稿", len(bench.drafts)):
        report = detect(d, index, std)
        dets += [Detection(d.id, p.start, p.end, p.source.id) for p in report.passages]
    return dets, t1 - t0, time.perf_counter() - t1


def report(drafts: int = 500, seed: int = 7, with_baseline: bool = True,
           out: Callable[[str], None] = print, track: Track = untracked) -> None:
    """Print the engine's scores per kind of copy, then the baseline's."""
    t = time.perf_counter()
    bench = generate(drafts, seed, track)
    texts = {d.id: d.text for d in bench.drafts}
    heavy = [c.changed for c in bench.cases if c.kind == "heavy"]
    out(f"生成草稿 {len(bench.drafts)} 份，植入抄袭 {len(bench.cases)} 处，"
        f"标准引用 {len(bench.quotations)} 处，"
        f"用时 {time.perf_counter() - t:.1f} 秒；重度改写改动了 {min(heavy, default=0):.0%}–"
        f"{max(heavy, default=0):.0%} 的词（平均 {sum(heavy) / max(1, len(heavy)):.0%}）。")
    dets, build_s, query_s = engine(bench, Settings(), track)
    out(f"\n检测引擎：建索引 {build_s * 1000:.0f} ms，检测 {query_s:.2f} 秒"
        f"（每份 {query_s / len(bench.drafts) * 1000:.1f} ms）\n")
    out(HEADER)
    out(_row("all", score(bench.cases, dets, texts)))
    for kind, s in by_kind(bench.cases, dets, texts).items():
        out(_row(kind, s))
    vl = [c for c in bench.cases if c.kind in ("verbatim", "light")]
    vl_dets = [d for d in dets if not any(c.draft == d.draft and c.start < d.end and d.start < c.end
                                          and c.kind in ("heavy", "reorder") for c in bench.cases)]
    out(_row("verbatim+light", score(vl, vl_dets, texts)))
    out(f"\n标准引用被误报为抄袭：{flagged(bench.quotations, dets)} / {len(bench.quotations)}")
    if not with_baseline:
        return
    t = time.perf_counter()
    best = baseline.best_matches(bench.drafts, bench.references, track)
    base_s = time.perf_counter() - t
    results = [(th, score(bench.cases, baseline.detections(best, th, texts), texts))
               for th in track(baseline.THRESHOLDS, "基线：选阈值", len(baseline.THRESHOLDS))]
    th, s = max(results, key=lambda r: r[1].f1)
    bdets = baseline.detections(best, th, texts)
    out(f"\n基线（TF-IDF 字符 2–4 元组，全部句对，最佳阈值 {th}）：{base_s:.2f} 秒\n")
    out(HEADER)
    out(_row("all", s))
    for kind, ks in by_kind(bench.cases, bdets, texts).items():
        out(_row(kind, ks))
    out(f"\n基线把标准引用误报为抄袭：{flagged(bench.quotations, bdets)} / {len(bench.quotations)}")


if __name__ == "__main__":
    from review.cli import app

    app(["bench", "copies", *sys.argv[1:]], prog_name="python -m review.bench.copies.run")
