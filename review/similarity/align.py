"""Exact local alignment of two masked strings: greedy string tiling, then clustering.

Greedy string tiling (as JPlag does) takes the longest common substrings first and never
uses a character twice, so sentences reordered within a paragraph still align, and an
inserted or dropped word only splits one tile into two. Tiles close together in the
draft are then clustered into passages.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Tile:
    a: int  # start in the draft string
    b: int  # start in the source string
    length: int


def _maximal_matches(a: str, b: str, k: int) -> list[tuple[int, int, int]]:
    grams: dict[str, list[int]] = defaultdict(list)
    for j in range(len(b) - k + 1):
        grams[b[j:j + k]].append(j)
    out = []
    la, lb = len(a), len(b)
    for i in range(la - k + 1):
        js = grams.get(a[i:i + k])
        if not js:
            continue
        for j in js:
            if i and j and a[i - 1] == b[j - 1]:
                continue  # inside a longer match that starts further left
            # Copies run for dozens of characters: compare in steps of 16 (one C call
            # each) and finish character by character.
            n = k
            while i + n + 16 <= la and j + n + 16 <= lb and a[i + n:i + n + 16] == b[j + n:j + n + 16]:
                n += 16
            while i + n < la and j + n < lb and a[i + n] == b[j + n]:
                n += 1
            out.append((-n, i, j))
    return out


@lru_cache(maxsize=8192)
def tiles(a: str, b: str, min_len: int) -> tuple[Tile, ...]:
    """Non-overlapping common substrings of at least `min_len` characters, in draft order.

    Cached: when units copy one template, the same paragraph pair comes up again with
    every draft that holds it."""
    if len(a) < min_len or len(b) < min_len:
        return ()
    heap = _maximal_matches(a, b, min_len)
    heapq.heapify(heap)
    used_a = bytearray(len(a))
    used_b = bytearray(len(b))
    out: list[Tile] = []
    while heap:
        neg, i, j = heapq.heappop(heap)
        n = -neg
        # the longest stretch of this match still free in both strings
        best_start, best_len, run_start = 0, 0, None
        for t in range(n + 1):
            free = t < n and not used_a[i + t] and not used_b[j + t]
            if free and run_start is None:
                run_start = t
            elif not free and run_start is not None:
                if t - run_start > best_len:
                    best_start, best_len = run_start, t - run_start
                run_start = None
        if best_len == n:
            out.append(Tile(i, j, n))
            used_a[i:i + n] = b"\x01" * n
            used_b[j:j + n] = b"\x01" * n
        elif best_len >= min_len:
            heapq.heappush(heap, (-best_len, i + best_start, j + best_start))
    return tuple(sorted(out, key=lambda t: t.a))


@dataclass(frozen=True)
class Cluster:
    start: int  # draft string [start, end)
    end: int
    tiles: tuple[Tile, ...]

    @property
    def matched(self) -> int:
        return sum(t.length for t in self.tiles)

    @property
    def density(self) -> float:
        return self.matched / (self.end - self.start)


def clusters(found: list[Tile], gap: int) -> list[Cluster]:
    """Tiles whose draft positions are at most `gap` characters apart, grouped."""
    out: list[Cluster] = []
    group: list[Tile] = []
    end = -1
    for t in sorted(found, key=lambda t: t.a):
        if group and t.a - end > gap:
            out.append(Cluster(group[0].a, end, tuple(group)))
            group = []
        group.append(t)
        end = max(end, t.a + t.length) if len(group) > 1 else t.a + t.length
    if group:
        out.append(Cluster(group[0].a, end, tuple(group)))
    return out


def dense(c: Cluster, min_density: float) -> list[Cluster]:
    """Trim weak tiles from the edges of a cluster until it is dense enough."""
    ts = list(c.tiles)
    while ts:
        cur = Cluster(ts[0].a, max(t.a + t.length for t in ts), tuple(ts))
        if cur.density >= min_density:
            return [cur]
        # drop the shorter edge tile
        if ts[0].length <= ts[-1].length:
            ts.pop(0)
        else:
            ts.pop()
    return []
