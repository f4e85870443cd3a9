"""Greedy string tiling compiled with Numba: align.tiles without a Python step per character.

The same algorithm as align.greedy_tiles, step for step — maximal matches taken longest
first in (-length, draft offset, source offset) order, each cut back to its longest
stretch of untiled characters — so both give the same tiles; tests hold them to it.
Importing this module imports Numba; align.tiles falls back to the Python version where
Numba is not installed (it has no wheels for some processors, LoongArch among them).

Compiled on first use and cached on disk (`cache=True`), so a machine compiles it once.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def tile_points(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Tiles of code-point arrays `a` (draft) and `b` (source) at least `k` long: rows of
    (draft offset, source offset, length), in draft order."""
    na, nb = a.shape[0], b.shape[0]
    # b's positions by character, so each draft character visits only its equals in b
    order = np.argsort(b, kind="mergesort")
    sorted_b = b[order]
    heap = [(0, 0, 0) for _ in range(0)]  # typed empty list of (-length, i, j)
    for i in range(na - k + 1):
        c = a[i]
        for p in range(np.searchsorted(sorted_b, c), nb):
            if sorted_b[p] != c:
                break
            j = order[p]
            if j > nb - k or (i > 0 and j > 0 and a[i - 1] == b[j - 1]):
                continue  # too close to the end, or inside a match starting further left
            n = 1
            while i + n < na and j + n < nb and a[i + n] == b[j + n]:
                n += 1
            if n >= k:
                heap.append((-n, i, j))
    heapq.heapify(heap)
    used_a = np.zeros(na, np.bool_)
    used_b = np.zeros(nb, np.bool_)
    out = np.empty((min(na, nb) // k + 1, 3), np.int64)
    m = 0
    while heap:
        neg, i, j = heapq.heappop(heap)
        n = -neg
        # the longest run of positions free in both strings, the first of equally long ones
        best_start, best_len, start, run = 0, 0, 0, 0
        for t in range(n):
            if used_a[i + t] or used_b[j + t]:
                if run > best_len:
                    best_start, best_len = start, run
                run = 0
                start = t + 1
            else:
                run += 1
        if run > best_len:
            best_start, best_len = start, run
        if best_len == n:
            out[m, 0], out[m, 1], out[m, 2] = i, j, n
            m += 1
            used_a[i:i + n] = True
            used_b[j:j + n] = True
        elif best_len >= k:
            heapq.heappush(heap, (-best_len, i + best_start, j + best_start))
    out = out[:m]
    return out[np.argsort(out[:, 0])]
