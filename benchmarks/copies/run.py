"""Run the copy benchmark: the engine and the TF-IDF baseline on the same drafts.

    python -m benchmarks.copies.run --drafts 500
"""

from __future__ import annotations

import argparse
import time

from benchmarks.copies import baseline
from benchmarks.copies.generate import ROSTER, generate
from benchmarks.copies.score import Detection, Scores, by_kind, flagged, score
from review.campaigns import campaign
from review.similarity import Settings, build_index, detect, standard_phrases


def _row(name: str, s: Scores) -> str:
    return (f"| {name} | {s.cases} | {s.precision:.3f} | {s.recall:.3f} | {s.granularity:.3f} | "
            f"{s.f1:.3f} | {s.plagdet:.3f} | {s.false_detections} |")


HEADER = ("| cases | n | precision | recall | granularity | F1 | plagdet | false detections |\n"
          "|---|---|---|---|---|---|---|---|")


def engine(bench, settings: Settings) -> tuple[list[Detection], float, float]:
    t0 = time.perf_counter()
    index = build_index(bench.references, settings, masks=ROSTER)
    t1 = time.perf_counter()
    std = standard_phrases(campaign("2023"))
    dets = []
    for d in bench.drafts:
        report = detect(d, index, std)
        dets += [Detection(d.id, p.start, p.end, p.source.id) for p in report.passages]
    return dets, t1 - t0, time.perf_counter() - t1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    t = time.perf_counter()
    bench = generate(args.drafts, args.seed)
    texts = {d.id: d.text for d in bench.drafts}
    heavy = [c.changed for c in bench.cases if c.kind == "heavy"]
    print(f"generated {len(bench.drafts)} drafts, {len(bench.cases)} cases, {len(bench.quotations)} "
          f"quotations in {time.perf_counter() - t:.1f} s; heavy edits change "
          f"{min(heavy):.0%}-{max(heavy):.0%} of words (mean {sum(heavy) / len(heavy):.0%})")
    dets, build_s, query_s = engine(bench, Settings())
    print(f"\nengine: index {build_s * 1000:.0f} ms, queries {query_s:.2f} s "
          f"({query_s / len(bench.drafts) * 1000:.1f} ms/draft)\n")
    print(HEADER)
    print(_row("all", score(bench.cases, dets, texts)))
    for kind, s in by_kind(bench.cases, dets, texts).items():
        print(_row(kind, s))
    vl = [c for c in bench.cases if c.kind in ("verbatim", "light")]
    vl_dets = [d for d in dets if not any(c.draft == d.draft and c.start < d.end and d.start < c.end
                                          and c.kind in ("heavy", "reorder") for c in bench.cases)]
    print(_row("verbatim+light", score(vl, vl_dets, texts)))
    print(f"\nstandard quotations flagged: {flagged(bench.quotations, dets)} of {len(bench.quotations)}")
    if args.no_baseline:
        return
    t = time.perf_counter()
    best = baseline.best_matches(bench.drafts, bench.references)
    base_s = time.perf_counter() - t
    results = [(th, score(bench.cases, baseline.detections(best, th, texts), texts))
               for th in baseline.THRESHOLDS]
    th, s = max(results, key=lambda r: r[1].f1)
    bdets = baseline.detections(best, th, texts)
    print(f"\nbaseline (TF-IDF char 2-4 grams, all sentence pairs, best threshold {th}): {base_s:.2f} s\n")
    print(HEADER)
    print(_row("all", s))
    for kind, ks in by_kind(bench.cases, bdets, texts).items():
        print(_row(kind, ks))
    print(f"\nbaseline standard quotations flagged: {flagged(bench.quotations, bdets)}")


if __name__ == "__main__":
    main()
