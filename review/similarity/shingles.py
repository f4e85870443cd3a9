"""Character shingles and their MinHash signatures.

Signatures are the values datasketch's `MinHash` (scheme "affine32", seed 1, `stable_hash`
as the hash function) gives for the set of a text's shingles, computed for many texts at
once with numpy: every shingle of a text is hashed once, all positions together, and each
unit (a sentence or paragraph) takes the minimum over its own stretch of those hashes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from review.similarity.model import Span
from review.similarity.params import permutations

# Shingle positions permuted at once: (positions x num_perm) uint32, 64 MB at 64 permutations.
BATCH = 250_000
_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for a MinHash of nothing


def shingles(masked: str, n: int) -> list[str]:
    """The n-character substrings of `masked`; none when it is shorter than n."""
    return [masked[i:i + n] for i in range(len(masked) - n + 1)]


def shingle_array(text: str, n: int, spans: Sequence[Span] | None = None) -> np.ndarray:
    """The n-character substrings of `text` (of each span of it, when given, none crossing
    a span's edge), as a `<U{n}` array in text order; none when too short. Equal to
    `shingles` item for item (a tenth of the memory)."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    spans = [(0, len(text))] if spans is None else spans
    starts = [np.arange(a, b - n + 1) for a, b in spans if b - a >= n]
    if not starts:
        return np.empty(0, f"<U{n}")
    at = np.concatenate(starts)
    windows = points[at[:, None] + np.arange(n)]  # (shingles, n) code points
    return np.ascontiguousarray(windows).view(f"<U{n}").ravel()


_SEED = 0x9747B28C


def stable_hash(shingle: str) -> int:
    """A 32-bit hash that is the same in every process (str.__hash__ is salted): each code
    point is folded in with MurmurHash3's finalizer, a bijection, so shingles differing in
    one character never collide. `shingle_hashes` computes the same for every position at
    once."""
    h = _SEED
    for c in shingle:
        h ^= ord(c)
        h = ((h ^ (h >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
        h = ((h ^ (h >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
        h ^= h >> 16
    return h


def shingle_hashes(masked: str, n: int) -> np.ndarray:
    """`stable_hash` of the shingle starting at each position of `masked`: n passes of
    numpy over all positions, where hashing each shingle in Python cost a call apiece
    (a third of a batch's candidate look-ups)."""
    count = max(0, len(masked) - n + 1)
    points = np.frombuffer(masked.encode("utf-32-le", "surrogatepass"), np.uint32)
    h = np.full(count, _SEED, np.uint32)
    for k in range(n if count else 0):
        h = _fmix32(h ^ points[k:k + count])
    return h


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, which datasketch applies to every input hash first
    (uint32 arithmetic wraps, as it should)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(masked: str, spans: Sequence[Span], n: int, num_perm: int) -> np.ndarray:
    """(len(spans), num_perm) uint32: the MinHash of the shingles of each span of `masked`."""
    out = np.full((len(spans), num_perm), _EMPTY, np.uint32)
    hashes = shingle_hashes(masked, n)
    # shingle ranges: span [a, b) holds the shingles starting at a .. b - n
    ranges = np.array([(a, max(a, b - n + 1)) for a, b in spans], np.int64).reshape(-1, 2)
    todo = np.flatnonzero(ranges[:, 1] > ranges[:, 0])
    todo = todo[np.argsort(ranges[todo, 0], kind="stable")]
    a, b = permutations(num_perm)
    while len(todo):
        # the next units whose shingles lie within one batch of positions
        lo = ranges[todo[0], 0]
        k = max(1, int(np.searchsorted(np.maximum.accumulate(ranges[todo, 1]), lo + BATCH, "right")))
        group, todo = todo[:k], todo[k:]
        hi = int(ranges[group, 1].max())
        # a sentinel row, so that reduceat may index one past the last shingle
        block = np.append(hashes[lo:hi], np.uint32(0))
        permuted = _fmix32(block)[:, None] * a + b
        bounds = (ranges[group] - lo).ravel()
        out[group] = np.minimum.reduceat(permuted, bounds, axis=0)[::2]
    return out
