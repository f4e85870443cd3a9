"""Query cost against reference corpora of 1k, 10k and 100k paragraphs.

Synthetic reference paragraphs are words drawn by their frequency in the sample sources
(so they are full of the corpus's common words — 主题教育, 党员干部, 习近平 — and share
many shingles with every draft, but copy no sentence of it), grouped 20 to a document,
plus the benchmark's real references. A word chain would reproduce the sample sentences
the drafts are made of and so plant real copies. The same drafts are queried at
every size; time is the median per draft, peak memory is tracemalloc's peak during one
draft's query (a separate pass, since tracing slows Python down).

    python -m benchmarks.copies.scale --sizes 1000 10000 100000 --drafts 50
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import jieba

from benchmarks.copies import baseline
from benchmarks.copies.generate import ROSTER, generate
from benchmarks.copies.sources import load_sources
from review.campaigns import campaign
from review.nlp.sentences import split_sentences
from review.similarity import Reference, build_index, detect, load_index, save_index, standard_phrases
from review.similarity.index import candidate_refs as candidates
from review.similarity.index import prepare, units


def vocabulary() -> list[str]:
    words: list[str] = []
    for d in load_sources().values():
        for line in d.text.split("\n"):
            words += [w for w in jieba.lcut(line, HMM=False) if w.strip()]
    return words


def paragraph(words: list[str], rng: random.Random) -> str:
    out: list[str] = []
    size = rng.randint(60, 220)
    while sum(map(len, out)) < size:
        out.append(rng.choice(words))
        if rng.random() < 0.06:
            out.append("。")
    return "".join(out).rstrip("，、；：。") + "。"


def synthetic(n: int, seed: int = 1) -> list[Reference]:
    rng = random.Random(seed)
    words = vocabulary()
    refs = []
    for k in range(0, n, 20):
        text = "\n".join(paragraph(words, rng) for _ in range(min(20, n - k)))
        sents = tuple((s.start, s.end) for s in split_sentences(text))
        refs.append(Reference(f"syn{k // 20:05d}", text, sents, set="history", doc=f"syn{k // 20:05d}"))
    return refs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--drafts", type=int, default=50)
    ap.add_argument("--baseline", action="store_true", help="also time the TF-IDF baseline")
    ap.add_argument("--persist", action="store_true", help="also time saving and loading the index")
    args = ap.parse_args()
    bench = generate(args.drafts, seed=11)
    std = standard_phrases(campaign("2023"))
    print("| reference paragraphs | index build | index RSS growth | median query/draft | p95 | "
          "candidate docs/draft | peak query memory | passages found |" +
          (" index on disk |" if args.persist else "") +
          (" baseline (all pairs) |" if args.baseline else ""))
    print("|---|---|---|---|---|---|---|---|" + "---|" * (args.persist + args.baseline))
    for n in args.sizes:
        refs = list(bench.references) + synthetic(n)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        index = build_index(refs, masks=ROSTER)
        build = time.perf_counter() - t
        rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        times, cands, found = [], [], 0
        for d in bench.drafts:
            t = time.perf_counter()
            found += len(detect(d, index, std).passages)
            times.append(time.perf_counter() - t)
            dp = prepare(d.text, d.sentences, index.masks)
            texts = [dp.mt.masked[a:b] for a, b in units(dp, index.settings.min_unit_chars)]
            cands.append(len(candidates(index, texts)))
        peaks = []
        for d in bench.drafts[:10]:
            tracemalloc.start()
            detect(d, index, std)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        times.sort()
        row = (f"| {n:,} | {build:.1f} s | {rss:,.0f} MB | {statistics.median(times) * 1000:.1f} ms | "
               f"{times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms | {statistics.mean(cands):.1f} | "
               f"{max(peaks) / 2**20:.1f} MB | {found} |")
        if args.persist:
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                path = save_index(replace(index, key=f"scale{n}"), Path(tmp))
                saved = time.perf_counter() - t
                t = time.perf_counter()
                load_index(Path(tmp), f"scale{n}")
                row += (f" save {saved:.1f} s, load {time.perf_counter() - t:.1f} s, "
                        f"{path.stat().st_size / 2**20:,.0f} MB |")
        if args.baseline:
            t = time.perf_counter()
            baseline.best_matches(bench.drafts, refs)
            row += f" {(time.perf_counter() - t) / len(bench.drafts) * 1000:.0f} ms/draft |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
