"""Exact local alignment of two masked strings: greedy string tiling, then clustering.

Greedy string tiling (as JPlag does) takes the longest common substrings first and never
uses a character twice, so sentences reordered within a paragraph still align, and an
inserted or dropped word only splits one tile into two. Tiles close together in the
draft are then clustered into passages.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from review.similarity.jit import compiled
from review.similarity.matchtext import code_points


class Tile(NamedTuple):
    # Tuples, not dataclasses: a draft of a copied template makes thousands of them
    a: int  # start in the draft string
    b: int  # start in the source string
    length: int


def _maximal_matches(a: str, b: str, k: int) -> list[tuple[int, int, int]]:
    """(-length, i, j) for every common substring a[i:i + length] == b[j:j + length] of at
    least k characters that extends neither left nor right."""
    out = []
    find = b.find
    for i in range(len(a) - k + 1):
        gram = a[i:i + k]
        # str.find scans b in C: cheaper than indexing b's k-grams in a dict, which
        # costs a Python step per position of the (longer) source string
        j = find(gram)
        while j >= 0:
            if not (i and j and a[i - 1] == b[j - 1]):  # else inside a match starting further left
                out.append((-_extent(a, b, i, j, k), i, j))
            j = find(gram, j + 1)
    return out


def _extent(a: str, b: str, i: int, j: int, n: int) -> int:
    """Length of the common substring at a[i:], b[j:] known to be at least n long."""
    la, lb = len(a), len(b)
    # Copies run for dozens of characters: compare in steps of 16 (one C call each)
    # and finish character by character.
    while i + n + 16 <= la and j + n + 16 <= lb and a[i + n:i + n + 16] == b[j + n:j + n + 16]:
        n += 16
    while i + n < la and j + n < lb and a[i + n] == b[j + n]:
        n += 1
    return n


def _longest_free(used_a: bytearray, used_b: bytearray, i: int, j: int, n: int) -> tuple[int, int]:
    """(offset, length) of the longest stretch of a[i:i + n] ~ b[j:j + n] (the first of
    equally long ones) using no character already tiled in either string."""
    taken = int.from_bytes(used_a[i:i + n], "little") | int.from_bytes(used_b[j:j + n], "little")
    if not taken:
        return 0, n
    # one byte per position, 1 where either side is taken: the free runs lie between
    best_start, best_len, start = 0, 0, 0
    for run in taken.to_bytes(n, "little").split(b"\x01"):
        if len(run) > best_len:
            best_start, best_len = start, len(run)
        start += len(run) + 1
    return best_start, best_len


@lru_cache(maxsize=8192)
def tiles(a: str, b: str, min_len: int) -> tuple[Tile, ...]:
    """Non-overlapping common substrings of at least `min_len` characters, in draft order.

    Cached: when units copy one template, the same paragraph pair comes up again with
    every draft that holds it."""
    if len(a) < min_len or len(b) < min_len:
        return ()
    kernel = _compiled()
    if kernel is None:
        return greedy_tiles(a, b, min_len)
    # a quarter of the copy stage in Python (tiling.py)
    return tuple(map(Tile._make, kernel(code_points(a), code_points(b), min_len).tolist()))


@lru_cache(maxsize=8192)
def tile_rows(a: str, b: str, min_len: int) -> np.ndarray:
    """`tiles` as rows of (a, b, length), for passages built compiled (building.py), which
    runs only where the compiled tiling does too."""
    if len(a) < min_len or len(b) < min_len:
        return np.empty((0, 3), np.int64)
    return _compiled()(code_points(a), code_points(b), min_len)


@cache
def _compiled() -> Callable | None:
    return compiled("review.similarity.tiling", "tile_points")


def greedy_tiles(a: str, b: str, min_len: int) -> tuple[Tile, ...]:
    """`tiles` in Python: tiling.tile_points gives the same, compiled."""
    heap = _maximal_matches(a, b, min_len)
    heapq.heapify(heap)
    used_a = bytearray(len(a))
    used_b = bytearray(len(b))
    out: list[Tile] = []
    while heap:
        neg, i, j = heapq.heappop(heap)
        n = -neg
        start, length = _longest_free(used_a, used_b, i, j, n)
        if length == n:
            out.append(Tile(i, j, n))
            used_a[i:i + n] = b"\x01" * n
            used_b[j:j + n] = b"\x01" * n
        elif length >= min_len:
            heapq.heappush(heap, (-length, i + start, j + start))
    return tuple(sorted(out, key=lambda t: t.a))


class Cluster(NamedTuple):
    start: int  # draft string [start, end)
    end: int
    tiles: tuple[Tile, ...]
    matched: int  # characters the tiles match

    @classmethod
    def of(cls, tiles: Sequence[Tile]) -> Cluster:
        return cls(tiles[0].a, max(t.a + t.length for t in tiles), tuple(tiles),
                   sum(t.length for t in tiles))

    @property
    def density(self) -> float:
        return self.matched / (self.end - self.start)


_A = itemgetter(0)  # Tile.a


def clusters(found: list[Tile], gap: int) -> list[Cluster]:
    """Tiles whose draft positions are at most `gap` characters apart, grouped."""
    out: list[Cluster] = []
    group: list[Tile] = []
    end = -1
    for t in sorted(found, key=_A):
        if group and t.a - end > gap:
            out.append(Cluster.of(group))
            group = []
        group.append(t)
        end = max(end, t.a + t.length) if len(group) > 1 else t.a + t.length
    if group:
        out.append(Cluster.of(group))
    return out


def dense(c: Cluster, min_density: float) -> list[Cluster]:
    """Trim weak tiles from the edges of a cluster until it is dense enough."""
    if c.density >= min_density:
        return [c]
    ts = list(c.tiles)
    while ts:
        cur = Cluster.of(ts)
        if cur.density >= min_density:
            return [cur]
        # drop the shorter edge tile
        if ts[0].length <= ts[-1].length:
            ts.pop(0)
        else:
            ts.pop()
    return []
