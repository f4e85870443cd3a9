"""Character shingles and their MinHash signatures (datasketch)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from datasketch import MinHash


def shingles(masked: str, n: int) -> list[str]:
    """The n-character substrings of `masked`; none when it is shorter than n."""
    return [masked[i:i + n] for i in range(len(masked) - n + 1)]


def stable_hash(shingle: str) -> int:
    """A 32-bit hash that is the same in every process (str.__hash__ is salted)."""
    return zlib.crc32(shingle.encode("utf-8"))


def minhashes(shingle_sets: Iterable[list[str]], num_perm: int) -> Iterator[MinHash]:
    """One MinHash per shingle list, all with the same fixed permutations (seed 1)."""
    return MinHash.generator((set(s) for s in shingle_sets), num_perm=num_perm, hashfunc=stable_hash)
