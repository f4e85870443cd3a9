"""Cost against reference corpora of 1k, 10k and 100k paragraphs.

Synthetic reference paragraphs are words drawn by their frequency in the sample sources
(so they are full of the corpus's common words — 主题教育, 党员干部, 习近平 — and share
many shingles with every draft, but copy no sentence of it), grouped 20 to a document,
plus the benchmark's real references. A word chain would reproduce the sample sentences
the drafts are made of and so plant real copies. The same drafts are queried at every
size; time is the median per draft, peak memory is tracemalloc's peak during one draft's
query (a separate pass, since tracing slows Python down). Memory is read from /proc
(Linux; elsewhere the columns show "—").

    review bench copies --scale 1000,10000,100000 --drafts 50
"""

from __future__ import annotations

import gc
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import jieba

from review.bench.copies import baseline
from review.bench.copies.generate import ROSTER, generate
from review.bench.copies.progress import Track, untracked
from review.bench.copies.sources import load_sources
from review.campaigns import campaign
from review.nlp.sentences import split_sentences
from review.similarity import Reference, build_index, detect, load_index, save_index, standard_phrases
from review.similarity.index import candidate_refs, prepare

_STATUS = Path("/proc/self/status")


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


def synthetic(n: int, seed: int = 1, track: Track = untracked) -> list[Reference]:
    rng = random.Random(seed)
    words = vocabulary()
    refs = []
    for k in track(range(0, n, 20), f"合成参考段落（{n:,}）", -(-n // 20)):
        text = "\n".join(paragraph(words, rng) for _ in range(min(20, n - k)))
        sents = tuple((s.start, s.end) for s in split_sentences(text))
        refs.append(Reference(f"syn{k // 20:05d}", text, sents, set="history", doc=f"syn{k // 20:05d}"))
    return refs


def _memory(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak) of this process in MB; None where /proc is missing."""
    if not _STATUS.exists():
        return None
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def _reset_peak() -> bool:
    """Start VmHWM again from the current RSS, so each size's build peak is its own
    (False where the kernel does not allow it: the peak is then not reported)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _mb(after: float | None, before: float | None) -> str:
    return "—" if after is None or before is None else f"{after - before:,.0f} MB"


def report(sizes: Sequence[int], drafts: int = 50, seed: int = 7, with_baseline: bool = True,
           out: Callable[[str], None] = print, track: Track = untracked) -> None:
    """One table row per size: build, memory, query time, candidates, persistence, baseline."""
    bench = generate(drafts, seed, track)
    std = standard_phrases(campaign("2023"))
    out("| reference paragraphs | index build | index RSS | build peak RSS | median query/draft | p95 | "
        "candidate docs/draft | peak query memory | passages found | save | load | index on disk |"
        + (" baseline (all pairs) |" if with_baseline else ""))
    out("|---" * (12 + with_baseline) + "|")
    for n in sizes:
        refs = list(bench.references) + synthetic(n, track=track)
        gc.collect()
        rss0 = _memory("VmRSS")
        peak_known = _reset_peak()
        t = time.perf_counter()
        index = build_index(track(refs, f"建立索引（{n:,}）", len(refs)), masks=ROSTER)
        build = time.perf_counter() - t
        peak = _memory("VmHWM") if peak_known else None
        gc.collect()
        held = _memory("VmRSS")
        times, cands, found = [], [], 0
        for d in track(bench.drafts, f"检测（{n:,}）", len(bench.drafts)):
            t = time.perf_counter()
            found += len(detect(d, index, std).passages)
            times.append(time.perf_counter() - t)
            cands.append(len(candidate_refs(index, prepare(d.text, d.sentences, index.masks))))
        peaks = []
        for d in bench.drafts[:10]:
            tracemalloc.start()
            detect(d, index, std)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        row = (f"| {n:,} | {build:.1f} s | {_mb(held, rss0)} | {_mb(peak, rss0)} | "
               f"{statistics.median(times) * 1000:.1f} ms | {p95 * 1000:.1f} ms | "
               f"{statistics.mean(cands):.1f} | {max(peaks) / 2**20:.1f} MB | {found} | ")
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            path = save_index(replace(index, key=f"scale{n}"), Path(tmp))
            saved = time.perf_counter() - t
            t = time.perf_counter()
            load_index(Path(tmp), f"scale{n}")
            row += (f"{saved:.1f} s | {time.perf_counter() - t:.1f} s | "
                    f"{path.stat().st_size / 2**20:,.0f} MB |")
        del index
        if with_baseline:
            t = time.perf_counter()
            baseline.best_matches(bench.drafts, refs, track)
            row += f" {(time.perf_counter() - t) / len(bench.drafts) * 1000:.0f} ms/draft |"
        out(row)
