"""Copy ratios like CNKI's report, and peer pairs / clusters (千人一面).

Every ratio counts content characters (letters, digits, CJK; no punctuation or spaces)
of the draft: copied characters are those inside at least one copied passage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from review.similarity.model import CopyReport, Passage, Span


def content_chars(text: str, start: int = 0, end: int | None = None) -> int:
    p = _content_prefix(text)
    end = len(text) if end is None else min(end, len(text))
    return p[end] - p[max(0, start)] if end > start else 0


@lru_cache(maxsize=64)
def _content_prefix(text: str) -> list[int]:
    """Content characters before each offset: a batch counts covered characters of the
    same few texts hundreds of times (per source, per section, per peer)."""
    return [0, *accumulate(ch.isalnum() for ch in text)]


def _union(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    out: list[list[int]] = []
    for a, b in sorted((max(a, start), min(b, end)) for a, b in spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _covered(text: str, spans: Iterable[Span], start: int = 0, end: int | None = None,
             minus: Iterable[Span] = ()) -> int:
    """Content characters of [start, end) inside `spans` and outside `minus`."""
    end = len(text) if end is None else end
    p = _content_prefix(text)
    cut = _union(minus, start, end)
    total = 0
    for a, b in _union(spans, start, end):
        total += p[b] - p[a]
        for x, y in cut:
            x, y = max(a, x), min(b, y)
            if y > x:
                total -= p[y] - p[x]
    return total


@dataclass(frozen=True)
class SourceShare:
    id: str
    set: str
    doc: str
    unit: str | None
    chars: int  # draft characters copied from this source
    ratio: float


@dataclass(frozen=True)
class SectionRatio:
    title: str
    start: int
    end: int
    chars: int
    copied_chars: int
    ratio: float


@dataclass(frozen=True)
class Ratios:
    chars: int
    copied_chars: int
    total: float  # 总文字复制比
    excluding_quotes: float  # 去除引用文献复制比
    largest_source: float  # 单篇最大文字复制比
    sections: tuple[SectionRatio, ...]
    sources: tuple[SourceShare, ...]  # ranked by contribution


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def copy_ratios(text: str, report: CopyReport,
                sections: Sequence[tuple[str, int, int]] = ()) -> Ratios:
    spans = [(p.start, p.end) for p in report.passages]
    chars = content_chars(text)
    copied = _covered(text, spans)
    own = _covered(text, spans, minus=report.quoted)
    by_source: dict[str, list[Passage]] = defaultdict(list)
    for m in report.matches:
        by_source[m.source.id].append(m)
    shares = []
    for ps in by_source.values():
        n = _covered(text, [(p.start, p.end) for p in ps])
        s = ps[0].source
        shares.append(SourceShare(s.id, s.set, s.doc, s.unit, n, _ratio(n, chars)))
    shares.sort(key=lambda s: (-s.chars, s.id))
    secs = []
    for title, a, b in sections:
        n = content_chars(text, a, b)
        c = _covered(text, spans, a, b)
        secs.append(SectionRatio(title, a, b, n, c, _ratio(c, n)))
    return Ratios(
        chars=chars, copied_chars=copied, total=_ratio(copied, chars),
        excluding_quotes=_ratio(own, chars),
        largest_source=shares[0].ratio if shares else 0.0,
        sections=tuple(secs), sources=tuple(shares),
    )


@dataclass(frozen=True)
class PeerPair:
    a: str
    b: str
    similarity: float  # copied characters both ways / characters of both drafts
    shared_chars: int


def peer_pairs(coverage: Mapping[str, Mapping[str, int]], chars: Mapping[str, int],
               min_similarity: float = 0.0) -> list[PeerPair]:
    """Pairs of drafts that copy each other, from what of each draft every other draft of
    the batch covers (`coverage[a][b]`: the characters of `Ratios.sources` whose source is
    draft b) and each draft's content characters."""
    out = []
    for a, b in sorted({tuple(sorted((a, b))) for a, by in coverage.items() for b in by
                        if b in coverage}):
        shared = coverage[a].get(b, 0) + coverage[b].get(a, 0)
        sim = _ratio(shared, chars[a] + chars[b])
        if sim >= min_similarity and shared:
            out.append(PeerPair(a, b, sim, shared))
    return sorted(out, key=lambda p: (-p.similarity, p.a, p.b))


def peer_clusters(pairs: Iterable[PeerPair], threshold: float) -> list[tuple[str, ...]]:
    """Connected components of drafts linked by pairs at or above the threshold."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.similarity >= threshold:
            parent[root(p.a)] = root(p.b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[root(x)].append(x)
    return sorted((tuple(sorted(g)) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))
