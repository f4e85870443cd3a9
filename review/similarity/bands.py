"""LSH over MinHash signatures in a few flat numpy arrays.

The banding is datasketch's (`MinHashLSH` picks bands x rows for the Jaccard threshold,
shipped in review.similarity.params); the storage is ours: per band, the sorted distinct
band keys, where each one's units begin and how many there are, and the int32 owner of
each unit (the reference whose unit it is), looked up with `searchsorted`. Under 7 bytes
per unit and band at 10,000 bench drafts, against the hundreds that dict-of-set buckets
take. The keys most references share have their owners counted once, when the store is
built (Common).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from review.similarity.jit import compiled


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer: a bijection on uint64 that scatters its input."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(bands, units) uint64: one key per band of each signature (units x num_perm uint32).

    A band's rows are folded as mix(key) ^ row: one row is kept as it is, two rows of 32
    bits can only collide when their mixed first rows agree in 32 bits and the second
    rows make up the difference (about 2^-64 for a pair), so collisions are the band
    equalities datasketch finds."""
    # every band at once, one row after another: `rows` passes over the whole array
    # rather than bands x rows passes over one band
    grouped = sigs[:, :bands * rows].reshape(len(sigs), bands, rows).astype(np.uint64)
    keys = np.zeros((len(sigs), bands), np.uint64)
    for row in range(rows):
        keys = _mix(keys) ^ grouped[:, :, row]
    return np.ascontiguousarray(keys.T)


@dataclass(frozen=True, eq=False)
class BandStore:
    """Each band's distinct keys, sorted, and the owners of the units holding each. In a
    round built from templates most units share their keys with others: at 10,000 bench
    drafts a band's 858,844 units have 80,000 distinct keys. A draft's binary searches then
    run over 640 kB a band instead of 6.9 MB, one search finds a key's units where two
    found its first and its last, and the keys take 62 MB instead of 192: counting a
    draft's collisions took 4.1 ms instead of 7.0 (1,000 drafts: 0.9 instead of 1.5)."""

    rows: int
    # (bands, units) int32: the owner of each unit, each band's in the order of its keys.
    # The owner, not the unit: a draft of a round built from one template collides
    # millions of times, and mapping each unit to its reference was a random gather of
    # that size per draft.
    owners: np.ndarray
    keys: np.ndarray  # uint64: band after band, each band's distinct keys in order
    at: np.ndarray  # int64, bands + 1: band b's keys are keys[at[b]:at[b + 1]]
    start: np.ndarray  # int64, per key: where its units begin in owners.ravel()
    size: np.ndarray  # int64, per key: how many units hold it
    owner_count: int  # owners are 0 .. owner_count - 1
    common: Common

    @classmethod
    def build(cls, keys: np.ndarray, rows: int, owner: np.ndarray, owner_count: int) -> BandStore:
        """From the unsorted keys of units 0..n-1 (band_keys) and each unit's owner;
        `keys` is sorted in place."""
        owners = np.empty(keys.shape, np.int32)
        for band in range(len(keys)):
            order = np.argsort(keys[band], kind="stable")
            keys[band] = keys[band][order]
            owners[band] = owner[order]
        return cls.of(rows, keys, owners, owner_count)

    @classmethod
    def of(cls, rows: int, keys: np.ndarray, owners: np.ndarray, owner_count: int,
           common_bytes: int | None = None, common_size: int | None = None) -> BandStore:
        """The store of the units' `keys`, sorted in each band, and their `owners`.
        `common_bytes` and `common_size` (tests) override how much the rows of common keys
        may take and how many units a key needs to have one (Common)."""
        owners = np.ascontiguousarray(owners)  # counting reads them flat
        distinct, start, size, at = [], [], [], [0]
        for band, k in enumerate(keys):
            first = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else _NONE
            distinct.append(k[first])
            start.append(first + band * keys.shape[1])
            size.append(np.diff(np.r_[first, len(k)]))
            at.append(at[-1] + len(first))
        start, size = np.concatenate(start), np.concatenate(size)
        budget = keys.nbytes // 4 if common_bytes is None else common_bytes
        common = Common.of(size, start, owners.ravel(), owner_count, budget, common_size)
        return cls(rows, owners, np.concatenate(distinct), np.array(at, np.int64), start, size,
                   owner_count, common)

    @property
    def bands(self) -> int:
        return len(self.at) - 1

    def unit_keys(self) -> np.ndarray:
        """(bands, units) uint64: every unit's key, each band's sorted (as `of` takes them)."""
        return np.repeat(self.keys, self.size).reshape(self.owners.shape)

    def counts(self, sigs: np.ndarray) -> np.ndarray:
        """How often the query signatures collide with each owner's stored units: once per
        query unit, stored unit and band they collide in (int64, one count per owner), so
        an owner's count says how strongly it matched."""
        return self.key_counts(band_keys(sigs, self.bands, self.rows))

    def key_counts(self, keys: np.ndarray) -> np.ndarray:
        """`counts` of the query units whose band keys are `keys` (bands, units)."""
        # sorted, each band's binary searches walk its keys in order
        query = np.sort(keys, axis=1)
        kernel = _compiled()
        if kernel is not None:
            common = self.common
            return kernel(query, self.keys, self.at, self.start, self.size,
                          self.owners.reshape(-1), common.row, common.counts,
                          np.zeros(self.owner_count, common.wide), common.step)
        found = []
        for band in range(self.bands):
            a, b = int(self.at[band]), int(self.at[band + 1])
            if a == b:
                continue
            at = np.minimum(np.searchsorted(self.keys[a:b], query[band]), b - a - 1) + a
            found.append(at[self.keys[at] == query[band]])
        hit = np.concatenate(found) if found else _NONE
        rows = self.common.row[hit]
        hit = hit[rows < 0]  # the rest are counted by their rows
        size = self.size[hit]
        total = int(size.sum())
        # positions start .. start + size - 1 of every key hit, flattened
        units = np.repeat(self.start[hit] - np.cumsum(size) + size, size) + np.arange(total)
        counts = np.bincount(self.owners.ravel()[units],
                             minlength=self.owner_count).astype(np.int64, copy=False)
        return counts + self.common.total(rows[rows >= 0])


# A key shared by this share of the owners or more has a row of Common: adding a row of
# counts then costs less than gathering and counting the key's owners.
_COMMON_SHARE = 8
_COMMON_MIN = 32  # units: below this, gathering is cheap whatever the share


@dataclass(frozen=True, eq=False)
class Common:
    """The owners of the store's most shared keys, counted when the store is built. In a
    round built from one template, a sentence of the template is a key of thousands of
    drafts, and every draft holding the sentence collides with all of them: at 10,000
    drafts each draft gathered millions of owners to count them. Counted once, a key's
    owners are a row; a draft colliding with the key adds the row.

    The rows take at most a quarter of the keys' own size, the most shared keys first."""

    row: np.ndarray  # int32, per key of the store: its row, -1 when it has none
    counts: np.ndarray  # (rows, owners): how many units of each owner hold the row's key

    @classmethod
    def of(cls, size: np.ndarray, start: np.ndarray, owners: np.ndarray, owner_count: int,
           budget: int, min_size: int | None = None) -> Common:
        """For keys held by `size` units from `start` in `owners` (flat)."""
        if min_size is None:
            min_size = max(_COMMON_MIN, owner_count // _COMMON_SHARE)
        big = np.flatnonzero(size >= min_size)
        big = big[np.argsort(-size[big], kind="stable")]  # the most shared first
        # An owner's count in a row is the units of the owner holding the key: one byte
        # holds it unless a draft repeats a sentence 256 times (a ledger's "无" lines).
        for dtype in _COUNT_TYPES:
            chosen = np.sort(big[:budget // max(1, dtype.itemsize * owner_count)])
            counts = _rows(chosen, size, start, owners, owner_count, dtype)
            if counts is not None:
                break
        row = np.full(len(size), -1, np.int32)
        row[chosen] = np.arange(len(chosen), dtype=np.int32)
        return cls(row, counts)

    @property
    def wide(self) -> np.dtype:
        """The type rows are summed in, a stretch of `step` rows at a time: 705 rows of
        10,000 owners in 1.0 ms as bytes into 16 bits, against 2.2 ms as 16 bits into 32."""
        return _WIDER.get(self.counts.dtype, np.dtype(np.int64))

    @property
    def step(self) -> int:
        """How many rows `wide` holds the sum of without overflowing."""
        if self.wide == self.counts.dtype:
            return 1 << 62  # counts of 64 bits: no round's sum overflows them
        return np.iinfo(self.wide).max // np.iinfo(self.counts.dtype).max

    def total(self, rows: np.ndarray) -> np.ndarray:
        """The sum of `rows` (int64, one count per owner)."""
        total = np.zeros(self.counts.shape[1], np.int64)
        for at in range(0, len(rows), self.step):
            total += self.counts[rows[at:at + self.step]].sum(axis=0, dtype=self.wide)
        return total


@cache
def _compiled() -> Callable | None:
    return compiled("review.similarity.counting", "count_owners")


_NONE = np.empty(0, np.int64)
_COUNT_TYPES = (np.dtype(np.uint8), np.dtype(np.uint16), np.dtype(np.int64))
_WIDER = {np.dtype(np.uint8): np.dtype(np.uint16), np.dtype(np.uint16): np.dtype(np.uint32)}


def _rows(chosen: np.ndarray, size: np.ndarray, start: np.ndarray, owners: np.ndarray,
          owner_count: int, dtype: np.dtype) -> np.ndarray | None:
    """The rows of the keys at positions `chosen` as `dtype`; None when a count does not fit."""
    counts = np.zeros((len(chosen), owner_count), dtype)
    most = np.iinfo(dtype).max
    for row, key in enumerate(chosen.tolist()):
        count = np.bincount(owners[start[key]:start[key] + size[key]], minlength=owner_count)
        if count.max() > most:
            return None
        counts[row] = count
    return counts
